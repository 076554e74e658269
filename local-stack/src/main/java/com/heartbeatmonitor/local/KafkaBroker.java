package com.heartbeatmonitor.local;

import com.heartbeatmonitor.security.KafkaSecurity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker in KRaft combined mode (broker and controller in one server), run
 * inside this JVM from the Kafka jar: the storage is formatted with Kafka's own StorageTool, then the
 * same server class that {@code kafka-server-start.sh} runs is started. Listens on 127.0.0.1 only, in
 * plaintext unless a {@link ClientListener} secures its client listener.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final int ADMIN_TIMEOUT_SECONDS = 30;

    /**
     * How the client listener is secured: its protocol, the server properties that set it up, what the
     * storage format must write first (SCRAM users live in the cluster metadata), and how the broker's own
     * admin client logs in. The controller's listener stays plaintext: only this process talks to it.
     */
    public interface ClientListener {

        ClientListener PLAINTEXT = new ClientListener() {};

        default String protocol() {
            return "PLAINTEXT";
        }

        default Map<String, String> serverProperties() {
            return Map.of();
        }

        default List<String> formatArguments() {
            return List.of();
        }

        default KafkaSecurity admin() {
            return KafkaSecurity.PLAINTEXT;
        }
    }

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final ClientListener listener;
    private KafkaRaftServer server;

    private KafkaBroker(Path dataDir, int port, int controllerPort, ClientListener listener) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.listener = listener;
    }

    /** Starts a plaintext broker on the given ports, keeping its data under {@code dataDir} (reused if formatted). */
    public static KafkaBroker start(Path dataDir, int port, int controllerPort) throws IOException {
        KafkaBroker broker = new KafkaBroker(dataDir, port, controllerPort, ClientListener.PLAINTEXT);
        broker.startServer();
        return broker;
    }

    /** Starts a plaintext broker on free ephemeral ports: several can run side by side (benchmark, tests). */
    public static KafkaBroker startOnFreePorts(Path dataDir) throws IOException {
        return startOnFreePorts(dataDir, ClientListener.PLAINTEXT);
    }

    /** Starts a broker whose client listener is secured by {@code listener}, on free ephemeral ports. */
    public static KafkaBroker startOnFreePorts(Path dataDir, ClientListener listener) throws IOException {
        KafkaBroker broker = new KafkaBroker(dataDir, FreePorts.any(), FreePorts.any(), listener);
        broker.startServer();
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Creates the topic unless it exists. */
    /** A topic that keeps the latest message per key, such as the customers' settings. */
    public static final Map<String, String> COMPACTED = Map.of("cleanup.policy", "compact");

    public void createTopic(String topic, int partitions) {
        createTopic(topic, partitions, Map.of());
    }

    /** Creates the topic with these topic-level settings (e.g. {@code retention.ms}) unless it exists. */
    public void createTopic(String topic, int partitions, Map<String, String> configs) {
        try (Admin admin = admin()) {
            createTopic(admin, topic, partitions, configs);
        }
    }

    /** The same on any broker {@code admin} reaches, with the broker's default replication factor. */
    public static void createTopic(Admin admin, String topic, int partitions, Map<String, String> configs) {
        try {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty()).configs(configs)))
                    .all()
                    .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + topic, e.getCause());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + topic, e);
        }
    }

    /**
     * How far {@code group} lags behind the end of {@code topic}, in messages, summed over the partitions
     * (a partition without a committed offset counts from 0): 0 once the group has committed offsets at the
     * end of every partition. The Flink job commits on completed checkpoints, so 0 means a checkpoint
     * completed after it had read everything, its sinks flushed.
     */
    public long lag(String topic, String group) {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            long lag = 0;
            for (var end : admin.listOffsets(latest)
                    .all()
                    .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                lag += end.getValue().offset() - (at == null ? 0 : at.offset());
            }
            return lag;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the offsets of " + group + " on " + topic, e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("cannot read the offsets of " + group + " on " + topic, e);
        }
    }

    /**
     * The offsets {@code group} has committed on {@code topic}, by partition (absent: none yet). The Flink job commits
     * on completed checkpoints, so every message below them has been written by its sinks.
     */
    public Map<Integer, Long> committedOffsets(String topic, String group) {
        try (Admin admin = admin()) {
            Map<Integer, Long> committed = new TreeMap<>();
            admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .forEach((partition, at) -> {
                        if (partition.topic().equals(topic) && at != null) {
                            committed.put(partition.partition(), at.offset());
                        }
                    });
            return committed;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read the offsets of " + group + " on " + topic, e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("cannot read the offsets of " + group + " on " + topic, e);
        }
    }

    /** An admin client, logged in as the listener says. */
    public Admin admin() {
        Properties props = new Properties();
        listener.admin().applyTo(props);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return Admin.create(props);
    }

    /** Shuts the broker down cleanly, stays down for {@code downtime}, then starts it on the same ports and data. */
    public void restart(Duration downtime) throws IOException, InterruptedException {
        stopServer();
        Thread.sleep(downtime.toMillis());
        startServer();
    }

    @Override
    public void close() {
        stopServer();
    }

    private void startServer() throws IOException {
        Files.createDirectories(dataDir);
        Path config = dataDir.resolve("server.properties");
        Properties props = serverProperties();
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "single-node KRaft broker of the local stack");
        }
        if (!Files.exists(logDir().resolve("meta.properties"))) {
            format(config); // a restart keeps the storage, and with it the cluster id
        }
        server = new KafkaRaftServer(new KafkaConfig(props), Time.SYSTEM);
        server.startup();
    }

    private void stopServer() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    private Properties serverProperties() {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        String protocol = listener.protocol();
        p.setProperty("listeners", protocol + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", protocol + "://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", protocol);
        p.setProperty("listener.security.protocol.map", protocol + ":" + protocol + ",CONTROLLER:PLAINTEXT");
        p.putAll(listener.serverProperties());
        p.setProperty("log.dirs", logDir().toAbsolutePath().toString());
        // One node: every internal topic has one replica.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // Topics are created on purpose; a typo in a topic name should fail, not make a new topic.
        p.setProperty("auto.create.topics.enable", "false");
        return p;
    }

    private Path logDir() {
        return dataDir.resolve("log");
    }

    /** Formats the storage the way {@code kafka-storage.sh format} does. */
    private void format(Path config) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status;
        List<String> args = new ArrayList<>(List.of(
                "format",
                "--config",
                config.toString(),
                "--cluster-id",
                Uuid.randomUuid().toString()));
        args.addAll(listener.formatArguments());
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            status = StorageTool.execute(args.toArray(String[]::new), print);
        }
        if (status != 0) {
            throw new IllegalStateException(
                    "formatting Kafka storage in " + dataDir + " failed: " + output.toString(StandardCharsets.UTF_8));
        }
    }
}
