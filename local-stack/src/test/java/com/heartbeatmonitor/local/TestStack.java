package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.heartbeatmonitor.admin.AdminCommand;
import com.heartbeatmonitor.generator.GeneratedMessage;
import com.heartbeatmonitor.job.HeartbeatMonitorJob;
import com.heartbeatmonitor.job.JobSinks;
import com.heartbeatmonitor.job.config.JobOptions;
import com.heartbeatmonitor.job.records.ParsedMessage;
import com.heartbeatmonitor.job.records.SettingsMessage;
import com.heartbeatmonitor.job.sources.KafkaHeartbeatSource;
import com.heartbeatmonitor.job.sources.KafkaSettingsSource;
import com.heartbeatmonitor.migrate.Roles;
import com.heartbeatmonitor.notifier.NotifierConfig;
import com.heartbeatmonitor.security.KafkaSecurity;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
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
    /** The customers' settings, compacted; every job of a stack reads the same one. */
    static final String SETTINGS_TOPIC = "customer-settings";

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

    /** The parts a test started itself (e.g. over TLS); closing the stack closes both. */
    static TestStack of(KafkaBroker broker, TestDatabase database) {
        broker.createTopic(ALERTS_TOPIC, 2);
        broker.createTopic(SETTINGS_TOPIC, 2, KafkaBroker.COMPACTED);
        return new TestStack(broker, database);
    }

    static TestStack start(Path kafkaDir) throws Exception {
        KafkaBroker broker = KafkaBroker.startOnFreePorts(kafkaDir);
        try {
            TestStack stack = new TestStack(broker, TestDatabase.create());
            broker.createTopic(ALERTS_TOPIC, 2);
            broker.createTopic(SETTINGS_TOPIC, 2, KafkaBroker.COMPACTED);
            return stack;
        } catch (Exception e) {
            broker.close();
            throw e;
        }
    }

    /** The job's options for this stack; {@code extra} flags come last and win. */
    JobOptions options(String topic, String groupId, String... extra) {
        String[] args = jobArgs(topic, groupId)
                .then("--settings-topic", SETTINGS_TOPIC)
                .parallelism(2)
                .checkpointInterval("1s")
                .jdbcBatchSize(500)
                .then(extra)
                .array();
        return JobOptions.parse(args).orElseThrow();
    }

    /** The job's flags for reading {@code topic} as {@code groupId} from this stack's broker into its database. */
    JobArgs jobArgs(String topic, String groupId) {
        return JobArgs.lane(broker.bootstrapServers(), topic, groupId, ALERTS_TOPIC, database.url());
    }

    /** The production pipeline, with its Kafka source bounded at the topic's current end so the job finishes. */
    void runJobToEndOfTopic(String topic, String groupId, String... extra) throws Exception {
        runJobToEndOfTopic(new Configuration(), topic, groupId, extra);
    }

    /** The same, with Flink settings of the test's own (e.g. no restarts) over the job's. */
    void runJobToEndOfTopic(Configuration flink, String topic, String groupId, String... extra) throws Exception {
        JobOptions options = options(topic, groupId, extra);
        startJob(
                        options,
                        flink,
                        KafkaHeartbeatSource.builder(options.kafka(), options.validation())
                                .setBounded(OffsetsInitializer.latest())
                                .build(),
                        settingsSource(options).setBounded(OffsetsInitializer.latest()))
                .getJobExecutionResult()
                .get();
    }

    /** The production job exactly as {@code main} builds it, unbounded, started in the background. */
    JobClient startJob(Configuration flink, String topic, String groupId, String... extra) throws Exception {
        JobOptions options = options(topic, groupId, extra);
        return startJob(
                options,
                flink,
                KafkaHeartbeatSource.builder(options.kafka(), options.validation())
                        .build());
    }

    /** The production pipeline and sinks on a source of the test's own (e.g. one that fails on purpose). */
    JobClient startJob(JobOptions options, Configuration flink, Source<ParsedMessage, ?, ?> source) throws Exception {
        return startJob(options, flink, source, settingsSource(options));
    }

    private JobClient startJob(
            JobOptions options,
            Configuration flink,
            Source<ParsedMessage, ?, ?> source,
            KafkaSourceBuilder<SettingsMessage> settings)
            throws Exception {
        StreamExecutionEnvironment env = environment(options, flink);
        new HeartbeatMonitorJob(source, settings.build(), JobSinks.production(options), options.pipeline()).build(env);
        return env.executeAsync("test-" + options.kafka().groupId());
    }

    /** The job's own source of the customers' settings, as a builder so a bounded run can bound it too. */
    static KafkaSourceBuilder<SettingsMessage> settingsSource(JobOptions options) {
        return KafkaSettingsSource.builder(options.kafka(), options.settingsTopic(), options.settingsBounds());
    }

    /** How the messages sent to {@code topic} ended in the tables. */
    record Accounting(long produced, long valid, long stored, long rejected, List<String> problems) {

        /** Every message exactly once: valid ones as readings, invalid ones as rejections, nothing else. */
        void assertExactlyOnce(String what) {
            assertThat(problems)
                    .as(what + ": messages that did not end exactly once")
                    .isEmpty();
            assertThat(stored).isEqualTo(valid);
            assertThat(rejected).isEqualTo(produced - valid);
        }

        @Override
        public String toString() {
            return "produced " + produced + " (" + valid + " valid, " + (produced - valid) + " invalid): stored "
                    + stored + ", rejected " + rejected
                    + (problems.isEmpty() ? "" : ", " + problems.size() + " problems");
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
                PreparedStatement rejections =
                        db.prepareStatement("SELECT kafka_partition, kafka_offset, reason FROM rejected_heartbeats "
                                + "WHERE kafka_topic = ?")) {
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
                            problems.add(at + " was sent " + (message.isValid() ? "valid" : "invalid") + " but is a "
                                    + outcome);
                        }
                    }
                }
            }
        }
        sent.keySet().stream()
                .filter(at -> !seen.containsKey(at))
                .limit(20)
                .forEach(at -> problems.add(at + " is missing"));
        long valid = sent.values().stream().filter(GeneratedMessage::isValid).count();
        return new Accounting(sent.size(), valid, stored, rejected, problems);
    }

    /**
     * Alerts consistent: the newest revision of every alert on the alerts topic is the row in {@code alerts}
     * (same alert, status and revision), and no alert is in one but not the other. Returns how many alerts.
     */
    int assertAlertsMatchTopic() throws Exception {
        List<List<Object>> stored;
        try (Connection db = connect()) {
            stored = AlertsOnTopic.table(db);
        }
        assertThat(AlertsOnTopic.read(broker.bootstrapServers(), ALERTS_TOPIC).newest())
                .as("newest revision of each alert on %s = the alerts table", ALERTS_TOPIC)
                .isEqualTo(stored);
        return stored.size();
    }

    /** Waits until readings plus rejections from {@code topic} reach {@code expected}; returns the last count. */
    long awaitRows(String topic, long expected, Duration timeout) throws Exception {
        return awaitCount(
                "SELECT (SELECT count(*) FROM heartbeats WHERE kafka_topic = ?)"
                        + " + (SELECT count(*) FROM rejected_heartbeats WHERE kafka_topic = ?)",
                expected,
                timeout,
                topic,
                topic);
    }

    /**
     * Waits until every sent message has its row and the job (consumer group {@code group}) has committed
     * offsets at the end of {@code topic}: a checkpoint completed after it had read everything, so its sinks
     * flushed every write it will make, a second write included were it to make one. Fails with the job's
     * state and exceptions if rows are missing. Returns how many failures the job recovered from.
     */
    int awaitEveryMessage(
            String topic,
            String group,
            Map<Coordinates, GeneratedMessage> sent,
            Duration timeout,
            FlinkRest rest,
            String jobId)
            throws Exception {
        long rows = awaitRows(topic, sent.size(), timeout);
        assertThat(rows)
                .as(
                        "%s: rows after %s; job %s, exceptions %s",
                        topic, timeout, rest.jobState(jobId), rest.exceptions(jobId))
                .isEqualTo(sent.size());
        awaitCaughtUp(topic, group, timeout);
        return rest.failures(jobId);
    }

    /** Waits until consumer group {@code group} has committed offsets at the end of {@code topic}; fails if not. */
    void awaitCaughtUp(String topic, String group, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lag = broker.lag(topic, group);
        while (lag > 0 && System.nanoTime() < deadline) {
            Thread.sleep(250);
            lag = broker.lag(topic, group);
        }
        assertThat(lag)
                .as("messages of %s that %s has not committed after %s", topic, group, timeout)
                .isZero();
    }

    private static StreamExecutionEnvironment environment(JobOptions options, Configuration flink) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        options.configure(env);
        env.configure(flink);
        return env;
    }

    /** Where Kafka stored a message: how a row is traced back to what was sent. */
    record Coordinates(int partition, long offset) {}

    /** Sends {@code count} seeded generator messages at once and returns them by where Kafka stored them. */
    Map<Coordinates, GeneratedMessage> produce(String topic, int count, long seed, double invalidShare)
            throws Exception {
        return produce(KafkaSecurity.PLAINTEXT, topic, count, seed, invalidShare);
    }

    /** The same, over the given client security (e.g. SASL_SSL as a producer's own user). */
    Map<Coordinates, GeneratedMessage> produce(
            KafkaSecurity security, String topic, int count, long seed, double invalidShare) throws Exception {
        try (BackgroundProducer producer = new BackgroundProducer(
                broker.bootstrapServers(), security, topic, count, 2_000, false, seed, invalidShare)) {
            return producer.awaitAllSent();
        }
    }

    /**
     * heartbeat-admin as an operator runs it against this stack's broker and settings topic; returns its exit code
     * and what it printed, as "code|output".
     */
    String admin(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-servers", broker.bootstrapServers(), "--settings-topic", SETTINGS_TOPIC));
        StringWriter out = new StringWriter();
        var cli = AdminCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        int code = cli.execute(all.toArray(String[]::new));
        return code + "|" + out;
    }

    /**
     * Polls {@code sql} (one number, {@code parameters} bound) until it reaches {@code expected}; returns the last
     * value.
     */
    long awaitCount(String sql, long expected, Duration timeout, Object... parameters) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection db = connect();
                PreparedStatement count = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                count.setObject(i + 1, parameters[i]);
            }
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

    /**
     * Waits for the customer's alert row to reach {@code status}; returns alert_id, started_at, readings, revision,
     * or null if it did not within {@code timeout}.
     */
    List<Object> awaitAlert(String customer, String status, Duration timeout) throws Exception {
        awaitCount("SELECT count(*) FROM alerts WHERE customer_id = ? AND status = ?", 1, timeout, customer, status);
        try (Connection db = connect();
                PreparedStatement query = db.prepareStatement("SELECT alert_id::text, started_at, readings, revision"
                        + " FROM alerts WHERE customer_id = ? AND status = ?")) {
            query.setString(1, customer);
            query.setString(2, status);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? List.of(rs.getString(1), rs.getTimestamp(2), rs.getInt(3), rs.getInt(4)) : null;
            }
        }
    }

    /** [customer_id, alert_type] of every alert of the customers whose ids begin with {@code prefix}, by customer. */
    List<List<Object>> alertTypes(String prefix) throws SQLException {
        List<List<Object>> alerts = new ArrayList<>();
        try (Connection db = connect();
                PreparedStatement query = db.prepareStatement(
                        "SELECT customer_id, alert_type FROM alerts WHERE customer_id LIKE ? ORDER BY 1")) {
            query.setString(1, prefix + "%");
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    alerts.add(List.of(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return alerts;
    }

    Connection connect() throws SQLException {
        return database.connect();
    }

    /**
     * The notifier's environment on this stack: reading {@code alertsTopic} as {@code group}, as its own database
     * role, {@code contactPoint} its webhook, quick retries; the metrics endpoint on any free port.
     */
    Map<String, String> notifierEnvironment(String alertsTopic, String group, WebhookReceiver contactPoint) {
        Map<String, String> env = new java.util.TreeMap<>();
        env.put(NotifierConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        env.put(NotifierConfig.ALERTS_TOPIC, alertsTopic);
        env.put(NotifierConfig.GROUP_ID, group);
        env.put(NotifierConfig.JDBC_URL, database.url());
        env.put(NotifierConfig.DB_USER, Roles.DEFAULT_NOTIFIER);
        env.put(NotifierConfig.WEBHOOK_URL, contactPoint.url());
        env.put(NotifierConfig.RETRY_INITIAL, "200ms");
        env.put(NotifierConfig.METRICS_PORT, "0");
        return env;
    }

    static List<List<Object>> rows(Connection db, String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
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
