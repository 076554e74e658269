package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.heartbeatmonitor.generator.AnomalyEpisode;
import com.heartbeatmonitor.generator.AnomalyType;
import com.heartbeatmonitor.generator.GeneratorCommand;
import com.heartbeatmonitor.generator.TruthFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * Detection measured against ground truth: the seeded generator injects anomaly episodes and writes
 * them to its truth file; the real job runs over its output; the alerts table is compared with the
 * truth per type (recall, precision, median detection delay).
 */
class DetectionQualityIT {

    private static final int CUSTOMERS = 50;
    /** One reading per customer per second, for two hours of event time. */
    private static final int RATE = CUSTOMERS;
    private static final Duration SPAN = Duration.ofHours(2);
    private static final long MESSAGES = RATE * SPAN.toSeconds();
    /** An alert matches an injected episode of the same customer and type when they overlap within this. */
    private static final Duration TOLERANCE = Duration.ofSeconds(15);
    /**
     * Episodes that begin this close to the end of the data are left out of recall and precision: at
     * the end of input Flink moves the watermark to +infinity, from which the job rightly concludes
     * nothing about silence or absence, and the last periodic watermark before it (every 200 ms) trails
     * the data by what the source read in that interval: minutes of event time at catch-up speed.
     */
    private static final Duration HORIZON = Duration.ofMinutes(10);
    private static final double REQUIRED = 0.98;

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestStack.miniCluster();

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestStackExtension STACK = new TestStackExtension();

    record Alert(String customer, String type, Instant start, Instant end, Instant detected) {}

    record Score(String type, int truth, int alerts, double recall, double precision, double medianDelaySeconds,
            List<String> misses) {}

    @Test
    void alertsMatchTheInjectedEpisodesAndAReplayChangesNothing() throws Exception {
        String topic = "heartbeats-detection";
        STACK.stack().broker.createTopic(topic, 3);
        Path truthFile = STACK.dir().resolve("truth.jsonl");
        Instant start = Instant.now().minus(SPAN).minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS);
        int exit = new CommandLine(new GeneratorCommand()).execute(
                "--bootstrap-servers", STACK.stack().broker.bootstrapServers(), "--topic", topic,
                "--customers", String.valueOf(CUSTOMERS), "--rate", String.valueOf(RATE),
                "--count", String.valueOf(MESSAGES), "--burst", "--seed", "424242", "--start-time", start.toString(),
                "--invalid-share", "0", "--anomaly-interval", "5m", "--truth-file", truthFile.toString());
        assertThat(exit).as("generator exit code").isZero();

        STACK.stack().runJobToEndOfTopic(topic, "detection");

        Instant dataEnd = start.plus(SPAN);
        List<AnomalyEpisode> truth = TruthFile.read(truthFile);
        try (Connection db = STACK.stack().connect()) {
            List<Alert> alerts = alerts(db);
            List<Score> scores = score(truth, alerts, dataEnd.minus(HORIZON));
            String table = table(scores);
            System.out.println(table);
            Files.writeString(Path.of("target", "detection-quality.md"), table, StandardCharsets.UTF_8);
            for (Score s : scores) {
                assertThat(s.truth()).as("injected %s episodes", s.type()).isGreaterThanOrEqualTo(100);
                assertThat(s.recall()).as("recall of %s", s.type()).isGreaterThanOrEqualTo(REQUIRED);
                assertThat(s.precision()).as("precision of %s", s.type()).isGreaterThanOrEqualTo(REQUIRED);
            }

            // Every reading was on time, so each minute row must equal an aggregate over the raw readings.
            String fromReadings = "SELECT customer_id, date_trunc('minute', event_time) AS minute, count(*)::int,"
                    + " min(heart_rate), max(heart_rate), round(avg(heart_rate)::numeric, 6)"
                    + " FROM heartbeats GROUP BY 1, 2 ORDER BY 1, 2";
            String fromRollups = "SELECT customer_id, minute, readings, min_bpm, max_bpm, round(avg_bpm::numeric, 6)"
                    + " FROM heartbeat_minutes ORDER BY 1, 2";
            assertThat(TestStack.rows(db, fromRollups)).isEqualTo(TestStack.rows(db, fromReadings));
            assertThat(TestStack.rows(db, "SELECT count(*) FROM heartbeats WHERE late").get(0).get(0)).isEqualTo(0L);

            // The alerts topic carries the same changes: its newest revision of each alert is the stored row.
            assertThat(latestRevisionsOnTopic())
                    .isEqualTo(TestStack.rows(db, "SELECT alert_id::text, status, revision FROM alerts ORDER BY 1"));

            // Alerts whose every change was decided before the tail of the data; the tail depends on
            // how far the last periodic watermark of a bounded run got (see HORIZON).
            String decided = "ended_at < '" + dataEnd.minus(HORIZON) + "'";
            String fingerprint = "SELECT (SELECT md5(string_agg(a::text, '|' ORDER BY alert_id)) FROM alerts a WHERE "
                    + decided + "), (SELECT count(*) FROM alerts WHERE " + decided + "),"
                    + " (SELECT md5(string_agg(m::text, '|' ORDER BY customer_id, minute)) FROM heartbeat_minutes m)";
            List<List<Object>> before = TestStack.rows(db, fingerprint);

            STACK.stack().runJobToEndOfTopic(topic, "detection-replay");

            assertThat((Long) before.get(0).get(1)).as("decided alerts compared").isGreaterThan(900L);
            assertThat(TestStack.rows(db, fingerprint)).as("alerts and heartbeat_minutes after a full replay")
                    .isEqualTo(before);
        }
    }

    /** [alert_id, status, revision] of the newest revision of every alert on the alerts topic, by id. */
    private static List<List<Object>> latestRevisionsOnTopic() throws Exception {
        Map<String, JsonNode> latest = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, STACK.stack().broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "alerts-check",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TestStack.ALERTS_TOPIC));
            int emptyPolls = 0;
            while (emptyPolls < 3) {
                var records = consumer.poll(Duration.ofSeconds(1));
                emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
                for (var record : records) {
                    JsonNode alert = JSON.readTree(record.value());
                    latest.merge(alert.get("alert_id").asText(), alert,
                            (a, b) -> a.get("revision").asInt() >= b.get("revision").asInt() ? a : b);
                }
            }
        }
        List<List<Object>> rows = new ArrayList<>();
        latest.forEach((id, alert) -> rows.add(List.of(id, alert.get("status").asText(), alert.get("revision").asInt())));
        return rows;
    }

    private static List<Alert> alerts(Connection db) throws Exception {
        List<Alert> alerts = new ArrayList<>();
        try (Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT customer_id, alert_type, started_at, ended_at, detected_at FROM alerts")) {
            while (rs.next()) {
                Timestamp ended = rs.getTimestamp("ended_at");
                alerts.add(new Alert(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                        ended == null ? Instant.MAX : ended.toInstant(), rs.getTimestamp(5).toInstant()));
            }
        }
        return alerts;
    }

    private static List<Score> score(List<AnomalyEpisode> truth, List<Alert> alerts, Instant horizon) {
        List<Score> scores = new ArrayList<>();
        for (AnomalyType type : AnomalyType.values()) {
            List<AnomalyEpisode> expected = truth.stream()
                    .filter(t -> t.type() == type && t.start().isBefore(horizon)).toList();
            List<Alert> raised = alerts.stream()
                    .filter(a -> a.type().equals(type.name()) && a.start().isBefore(horizon)).toList();
            List<Double> delays = new ArrayList<>();
            List<String> misses = new ArrayList<>();
            int found = 0;
            for (AnomalyEpisode t : expected) {
                List<Alert> matches = raised.stream().filter(a -> overlaps(a, t)).toList();
                if (matches.isEmpty()) {
                    misses.add("missed " + t);
                } else {
                    found++;
                    delays.add(matches.stream()
                            .mapToDouble(a -> Duration.between(t.start(), a.detected()).toMillis() / 1000.0)
                            .min().orElseThrow());
                }
            }
            long correct = raised.stream().filter(a -> expected.stream().anyMatch(t -> overlaps(a, t))).count();
            raised.stream().filter(a -> expected.stream().noneMatch(t -> overlaps(a, t)))
                    .forEach(a -> misses.add("false alarm " + a));
            delays.sort(null);
            scores.add(new Score(type.name(), expected.size(), raised.size(),
                    expected.isEmpty() ? 0 : (double) found / expected.size(),
                    raised.isEmpty() ? 0 : (double) correct / raised.size(),
                    delays.isEmpty() ? Double.NaN : delays.get(delays.size() / 2), misses));
        }
        return scores;
    }

    private static boolean overlaps(Alert a, AnomalyEpisode t) {
        return a.customer().equals(t.customerId())
                && !a.start().isAfter(t.end().plus(TOLERANCE))
                && !a.end().isBefore(t.start().minus(TOLERANCE));
    }

    private static String table(List<Score> scores) {
        StringBuilder out = new StringBuilder(String.format(
                "%n| type | injected | alerts | recall | precision | median detection delay |%n|---|---:|---:|---:|---:|---:|%n"));
        for (Score s : scores) {
            out.append(String.format("| %s | %d | %d | %.3f | %.3f | %.1f s |%n",
                    s.type(), s.truth(), s.alerts(), s.recall(), s.precision(), s.medianDelaySeconds()));
        }
        scores.forEach(s -> s.misses().forEach(m -> out.append(String.format("%n%s", m))));
        return out.toString();
    }
}
