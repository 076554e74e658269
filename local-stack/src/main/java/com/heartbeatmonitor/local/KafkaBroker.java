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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker in KRaft combined mode (broker and controller in one server), run
 * inside this JVM from the Kafka jar: the storage is formatted with Kafka's own StorageTool, then the
 * same server class that {@code kafka-server-start.sh} runs is started. Listens on 127.0.0.1 only:
 * in plaintext, or with {@link SaslSsl} on a SASL_SSL listener only (the controller's listener apart).
 */
public final class KafkaBroker implements AutoCloseable {

    private static final int ADMIN_TIMEOUT_SECONDS = 30;
    private static final String SCRAM = "SCRAM-SHA-512";

    /**
     * The client listener speaks SASL_SSL only, with SCRAM-SHA-512: {@code keystore} (PKCS12) holds the
     * broker's key and certificate, {@code caPem} the CA that signed it. {@code users} are created at
     * format time with their passwords; {@code superUser} (one of them) is what the broker itself and
     * {@link #admin()} log in as.
     */
    public record SaslSsl(
            Path keystore, String keystorePassword, Path caPem, Map<String, String> users, String superUser) {

        public SaslSsl {
            if (!users.containsKey(superUser)) {
                throw new IllegalArgumentException("the super user " + superUser + " must be one of the users");
            }
        }

        /** How a client logs in as {@code user} (one of {@link #users()}), trusting the CA. */
        public KafkaSecurity client(String user) {
            return KafkaSecurity.scram(
                    SCRAM, user, users.get(user), caPem.toAbsolutePath().toString(), "PEM", null);
        }

        @Override
        public String toString() {
            return "SaslSsl[keystore=" + keystore + ", ca=" + caPem + ", users=" + users.keySet() + ", super="
                    + superUser + "]";
        }
    }

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final SaslSsl saslSsl;
    private KafkaRaftServer server;

    private KafkaBroker(Path dataDir, int port, int controllerPort, SaslSsl saslSsl) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.saslSsl = saslSsl;
    }

    /** Starts a broker on the given ports, keeping its data under {@code dataDir} (reused if formatted). */
    public static KafkaBroker start(Path dataDir, int port, int controllerPort) throws IOException {
        KafkaBroker broker = new KafkaBroker(dataDir, port, controllerPort, null);
        broker.startServer();
        return broker;
    }

    /** Starts a broker whose only client listener is SASL_SSL, on free ports. */
    public static KafkaBroker startSaslSslOnFreePorts(Path dataDir, SaslSsl saslSsl) throws IOException {
        KafkaBroker broker = new KafkaBroker(dataDir, FreePorts.any(), FreePorts.any(), saslSsl);
        broker.startServer();
        return broker;
    }

    /** Starts a broker on free ephemeral ports: for tests. */
    public static KafkaBroker startOnFreePorts(Path dataDir) throws IOException {
        return start(dataDir, FreePorts.any(), FreePorts.any());
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Creates the topic unless it exists. */
    public void createTopic(String topic, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
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

    /** An admin client; on a SASL_SSL broker it logs in as the super user. */
    public Admin admin() {
        Properties props = new Properties();
        if (saslSsl != null) {
            saslSsl.client(saslSsl.superUser()).applyTo(props);
        }
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
        String listener = saslSsl == null ? "PLAINTEXT" : "SASL_SSL";
        p.setProperty("listeners", listener + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", listener + "://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", listener);
        // The controller's listener stays plaintext: in combined mode only this process talks to it, on loopback.
        p.setProperty("listener.security.protocol.map", listener + ":" + listener + ",CONTROLLER:PLAINTEXT");
        if (saslSsl != null) {
            p.setProperty("sasl.enabled.mechanisms", SCRAM);
            p.setProperty("sasl.mechanism.inter.broker.protocol", SCRAM);
            p.setProperty(
                    "listener.name.sasl_ssl." + SCRAM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
                    saslSsl.client(saslSsl.superUser()).properties().get(KafkaSecurity.JAAS));
            p.setProperty("super.users", "User:" + saslSsl.superUser());
            p.setProperty(
                    "ssl.keystore.location", saslSsl.keystore().toAbsolutePath().toString());
            p.setProperty("ssl.keystore.type", "PKCS12");
            p.setProperty("ssl.keystore.password", saslSsl.keystorePassword());
            p.setProperty("ssl.key.password", saslSsl.keystorePassword());
            p.setProperty(
                    "ssl.truststore.location", saslSsl.caPem().toAbsolutePath().toString());
            p.setProperty("ssl.truststore.type", "PEM");
        }
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
        if (saslSsl != null) {
            // SCRAM credentials live in the cluster metadata; formatting writes them before the first start.
            saslSsl.users()
                    .forEach((user, password) -> args.addAll(
                            List.of("--add-scram", SCRAM + "=[name=" + user + ",password=" + password + "]")));
        }
        try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            status = StorageTool.execute(args.toArray(String[]::new), print);
        }
        if (status != 0) {
            throw new IllegalStateException(
                    "formatting Kafka storage in " + dataDir + " failed: " + output.toString(StandardCharsets.UTF_8));
        }
    }
}
