package com.heartbeatmonitor.local;

import com.heartbeatmonitor.job.HeartbeatMonitorJob;
import com.heartbeatmonitor.job.JobSinks;
import com.heartbeatmonitor.job.config.JobOptions;
import com.heartbeatmonitor.job.sources.KafkaHeartbeatSource;
import java.nio.file.Path;
import com.heartbeatmonitor.job.records.ParsedMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import com.heartbeatmonitor.generator.GeneratedMessage;
import com.heartbeatmonitor.generator.GeneratorSettings;
import com.heartbeatmonitor.generator.HeartbeatGenerator;
import com.heartbeatmonitor.generator.KafkaPublisher;
import com.heartbeatmonitor.generator.SimulationProfile;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;

/**
 * The real parts an integration test runs the pipeline on: a KRaft broker and a database of its own on
 * the real PostgreSQL. The Flink side is the MiniCluster of the test's MiniClusterExtension.
 */
final class TestStack implements AutoCloseable {

    static final String ALERTS_TOPIC = "heartbeat-alerts";

    final KafkaBroker broker;
    final TestDatabase database;

    private TestStack(KafkaBroker broker, TestDatabase database) {
        this.broker = broker;
        this.database = database;
    }

    /** One TaskManager with two slots: the shape of the local cluster, and all two cores can run. */
    static MiniClusterExtension miniCluster() {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(2)
                .build());
    }

    static TestStack start(Path kafkaDir) throws Exception {
        KafkaBroker broker = KafkaBroker.startOnFreePorts(kafkaDir);
        try {
            TestStack stack = new TestStack(broker, TestDatabase.create());
            broker.createTopic(ALERTS_TOPIC, 2);
            return stack;
        } catch (Exception e) {
            broker.close();
            throw e;
        }
    }

    /** The job's options for this stack; {@code extra} flags come last and win. */
    JobOptions options(String topic, String groupId, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--kafka-bootstrap-servers", broker.bootstrapServers(), "--kafka-topic", topic,
                "--kafka-group-id", groupId, "--alerts-topic", ALERTS_TOPIC, "--jdbc-url", database.url(),
                "--parallelism", "2", "--checkpoint-interval", "1s", "--jdbc-batch-size", "500"));
        args.addAll(List.of(extra));
        return JobOptions.parse(args.toArray(String[]::new)).orElseThrow();
    }

    /** The production pipeline, with its Kafka source bounded at the topic's current end so the job finishes. */
    void runJobToEndOfTopic(String topic, String groupId, String... extra) throws Exception {
        runJobToEndOfTopic(new Configuration(), topic, groupId, extra);
    }

    /** The same, with Flink settings of the test's own (e.g. no restarts) over the job's. */
    void runJobToEndOfTopic(Configuration flink, String topic, String groupId, String... extra) throws Exception {
        JobOptions options = options(topic, groupId, extra);
        StreamExecutionEnvironment env = environment(options, flink);
        new HeartbeatMonitorJob(
                        KafkaHeartbeatSource.builder(options.kafka(), options.validation())
                                .setBounded(OffsetsInitializer.latest())
                                .build(),
                        JobSinks.production(options),
                        options.pipeline())
                .build(env);
        env.execute("test-" + groupId);
    }

    /** The production job exactly as {@code main} builds it, unbounded, started in the background. */
    JobClient startJob(Configuration flink, String topic, String groupId, String... extra) throws Exception {
        JobOptions options = options(topic, groupId, extra);
        return startJob(options, flink, KafkaHeartbeatSource.builder(options.kafka(), options.validation()).build());
    }

    /** The production pipeline and sinks on a source of the test's own (e.g. one that fails on purpose). */
    JobClient startJob(JobOptions options, Configuration flink, Source<ParsedMessage, ?, ?> source) throws Exception {
        StreamExecutionEnvironment env = environment(options, flink);
        new HeartbeatMonitorJob(source, JobSinks.production(options), options.pipeline()).build(env);
        return env.executeAsync("test-" + options.kafka().groupId());
    }

    /** How the messages sent to {@code topic} ended in the tables. */
    record Accounting(long produced, long valid, long stored, long rejected, List<String> problems) {
        @Override
        public String toString() {
            return "produced " + produced + " (" + valid + " valid, " + (produced - valid) + " invalid): stored "
                    + stored + ", rejected " + rejected + (problems.isEmpty() ? "" : ", " + problems.size() + " problems");
        }
    }

    /**
     * Checks that every message sent to {@code topic} ended as exactly one reading (if valid) or one
     * rejection (if not), at its own Kafka coordinates, and nothing else is there.
     */
    Accounting account(String topic, Map<Coordinates, GeneratedMessage> sent) throws SQLException {
        List<String> problems = new ArrayList<>();
        Map<Coordinates, String> seen = new HashMap<>();
        long stored = 0;
        long rejected = 0;
        try (Connection db = connect();
                PreparedStatement readings = db.prepareStatement(
                        "SELECT kafka_partition, kafka_offset, 'reading' FROM heartbeats WHERE kafka_topic = ?");
                PreparedStatement rejections = db.prepareStatement(
                        "SELECT kafka_partition, kafka_offset, reason FROM rejected_heartbeats WHERE kafka_topic = ?")) {
            for (PreparedStatement query : List.of(readings, rejections)) {
                query.setString(1, topic);
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        Coordinates at = new Coordinates(rs.getInt(1), rs.getLong(2));
                        String outcome = rs.getString(3);
                        GeneratedMessage message = sent.get(at);
                        boolean reading = query == readings;
                        if (reading) {
                            stored++;
                        } else {
                            rejected++;
                        }
                        if (seen.put(at, outcome) != null) {
                            problems.add(at + " ended twice");
                        } else if (message == null) {
                            problems.add(at + " was never sent, but is a " + outcome);
                        } else if (message.isValid() != reading) {
                            problems.add(at + " was sent " + (message.isValid() ? "valid" : "invalid") + " but is a " + outcome);
                        }
                    }
                }
            }
        }
        sent.keySet().stream().filter(at -> !seen.containsKey(at)).limit(20).forEach(at -> problems.add(at + " is missing"));
        long valid = sent.values().stream().filter(GeneratedMessage::isValid).count();
        return new Accounting(sent.size(), valid, stored, rejected, problems);
    }

    /** Waits until readings plus rejections from {@code topic} reach {@code expected}; returns the last count. */
    long awaitRows(String topic, long expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection db = connect(); PreparedStatement count = db.prepareStatement(
                "SELECT (SELECT count(*) FROM heartbeats WHERE kafka_topic = ?)"
                        + " + (SELECT count(*) FROM rejected_heartbeats WHERE kafka_topic = ?)")) {
            count.setString(1, topic);
            count.setString(2, topic);
            while (true) {
                long value;
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    value = rs.getLong(1);
                }
                if (value >= expected || System.nanoTime() >= deadline) {
                    return value;
                }
                Thread.sleep(250);
            }
        }
    }

    private static StreamExecutionEnvironment environment(JobOptions options, Configuration flink) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        options.configure(env);
        env.configure(flink);
        return env;
    }

    /** Where Kafka stored a message: how a row is traced back to what was sent. */
    record Coordinates(int partition, long offset) {}

    /** Sends {@code count} seeded generator messages (40 customers) and returns them by where Kafka stored them. */
    Map<Coordinates, GeneratedMessage> produce(String topic, int count, long seed, double invalidShare) {
        GeneratorSettings settings = new GeneratorSettings(40, 2_000,
                Instant.now().truncatedTo(ChronoUnit.SECONDS), seed, invalidShare, SimulationProfile.DEFAULT);
        HeartbeatGenerator generator = new HeartbeatGenerator(settings);
        Map<Coordinates, GeneratedMessage> sent = new ConcurrentHashMap<>();
        try (KafkaPublisher publisher = new KafkaPublisher(broker.bootstrapServers(), topic,
                (message, metadata) -> sent.put(new Coordinates(metadata.partition(), metadata.offset()), message))) {
            for (int i = 0; i < count; i++) {
                publisher.send(generator.next());
            }
            publisher.flush();
            if (publisher.failed() > 0) {
                throw new IllegalStateException(publisher.failed() + " messages were not acknowledged",
                        publisher.lastError());
            }
        }
        return sent;
    }

    /** Polls {@code sql} (one number) until it reaches {@code expected}; returns the last value. */
    long awaitCount(String sql, long expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long value;
        try (Connection db = connect()) {
            while (true) {
                value = ((Number) rows(db, sql).get(0).get(0)).longValue();
                if (value >= expected || System.nanoTime() >= deadline) {
                    return value;
                }
                Thread.sleep(500);
            }
        }
    }

    Connection connect() throws SQLException {
        return database.connect();
    }

    static List<List<Object>> rows(Connection db, String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Override
    public void close() throws Exception {
        try {
            database.close();
        } finally {
            broker.close();
        }
    }
}
