package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.heartbeatmonitor.generator.GeneratedMessage;
import com.heartbeatmonitor.job.config.RiskBands;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real pipeline with real parts: the seeded generator sends to a KRaft broker, the job runs on a
 * Flink MiniCluster and writes to PostgreSQL. Every message must end as exactly one stored reading or
 * one rejection, with the values and reasons the generator put in.
 */
class PipelineEndToEndIT {

    private static final int MESSAGES = 6_000;
    private static final int PARTITIONS = 3;
    private static final long SEED = 20261121L;

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestStack.miniCluster();

    @RegisterExtension
    static final TestStackExtension STACK = new TestStackExtension();

    @Test
    void everyMessageEndsAsExactlyOneReadingOrRejectionAndAReplayChangesNothing() throws Exception {
        String topic = "heartbeats-e2e";
        STACK.stack().broker.createTopic(topic, PARTITIONS);
        Map<TestStack.Coordinates, GeneratedMessage> sent = STACK.stack().produce(topic, MESSAGES, SEED, 0.05);
        long validSent =
                sent.values().stream().filter(GeneratedMessage::isValid).count();
        assertThat(sent).hasSize(MESSAGES);
        assertThat(validSent).isBetween(MESSAGES * 9L / 10, MESSAGES - 1L);

        STACK.stack().runJobToEndOfTopic(topic, "e2e-first");

        try (Connection db = STACK.stack().connect()) {
            List<String> problems = new ArrayList<>();
            int readings = checkReadings(db, sent, problems);
            int rejections = checkRejections(db, topic, sent, problems);
            assertThat(problems).as("rows that differ from what was produced").isEmpty();
            assertThat(readings).isEqualTo(validSent);
            assertThat(rejections).isEqualTo(MESSAGES - validSent);
            assertThat(readings + rejections).isEqualTo(MESSAGES);
            assertThat(longs(db, "SELECT count(DISTINCT event_id), count(*) FROM heartbeats"))
                    .containsExactly(validSent, validSent);
            assertThat(rows(db, "SELECT customer_id, event_time, heart_rate FROM latest_heartbeats ORDER BY 1"))
                    .isEqualTo(rows(
                            db,
                            "SELECT DISTINCT ON (customer_id) customer_id, event_time, heart_rate "
                                    + "FROM heartbeats ORDER BY customer_id, event_time DESC"))
                    .hasSize(40);

            String fingerprint = "SELECT count(*), sum(heart_rate), max(ingested_at)::text FROM heartbeats "
                    + "UNION ALL SELECT count(*), sum(payload_bytes), max(stored_at)::text FROM rejected_heartbeats";
            List<List<Object>> before = rows(db, fingerprint);

            // The same messages again, from the start of the topic under a new consumer group.
            STACK.stack().runJobToEndOfTopic(topic, "e2e-replay");

            assertThat(rows(db, fingerprint)).as("tables after a full replay").isEqualTo(before);
        }
    }

    private static int checkReadings(
            Connection db, Map<TestStack.Coordinates, GeneratedMessage> sent, List<String> problems)
            throws SQLException {
        int rows = 0;
        try (Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery("SELECT event_id::text, customer_id, event_time, heart_rate, "
                        + "risk_level, kafka_partition, kafka_offset FROM heartbeats")) {
            while (rs.next()) {
                rows++;
                GeneratedMessage m =
                        sent.get(new TestStack.Coordinates(rs.getInt("kafka_partition"), rs.getLong("kafka_offset")));
                String where = "reading at " + rs.getInt("kafka_partition") + "/" + rs.getLong("kafka_offset");
                if (m == null || !m.isValid()) {
                    problems.add(where + " was not sent as a valid message: " + m);
                    continue;
                }
                int bpm = rs.getInt("heart_rate");
                expect(problems, where, "event_id", m.eventId(), rs.getString("event_id"));
                expect(problems, where, "customer_id", m.customerId(), rs.getString("customer_id"));
                expect(
                        problems,
                        where,
                        "event_time",
                        m.timestamp(),
                        rs.getTimestamp("event_time").toInstant());
                expect(problems, where, "heart_rate", m.heartRate(), bpm);
                expect(
                        problems,
                        where,
                        "risk_level",
                        RiskBands.DEFAULT.classify(bpm).name(),
                        rs.getString("risk_level"));
            }
        }
        return rows;
    }

    private static int checkRejections(
            Connection db, String topic, Map<TestStack.Coordinates, GeneratedMessage> sent, List<String> problems)
            throws SQLException {
        int rows = 0;
        try (Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery("SELECT kafka_topic, kafka_partition, kafka_offset, reason, "
                        + "detail, raw_payload, payload_bytes FROM rejected_heartbeats")) {
            while (rs.next()) {
                rows++;
                GeneratedMessage m =
                        sent.get(new TestStack.Coordinates(rs.getInt("kafka_partition"), rs.getLong("kafka_offset")));
                String where = "rejection at " + rs.getInt("kafka_partition") + "/" + rs.getLong("kafka_offset");
                if (m == null || m.isValid()) {
                    problems.add(where + " was not sent as an invalid message: " + m);
                    continue;
                }
                expect(problems, where, "topic", topic, rs.getString("kafka_topic"));
                expect(problems, where, "reason", m.invalidKind().name(), rs.getString("reason"));
                expect(problems, where, "payload_bytes", m.payload().length, rs.getInt("payload_bytes"));
                expect(
                        problems,
                        where,
                        "raw_payload",
                        new String(m.payload(), StandardCharsets.UTF_8),
                        rs.getString("raw_payload"));
                if (rs.getString("detail").isBlank()) {
                    problems.add(where + " has no detail");
                }
            }
        }
        return rows;
    }

    private static void expect(List<String> problems, String where, String field, Object expected, Object actual) {
        if (!expected.equals(actual)) {
            problems.add(where + ": " + field + " is " + actual + ", produced " + expected);
        }
    }

    private static List<Long> longs(Connection db, String sql) throws SQLException {
        List<Long> values = new ArrayList<>();
        for (Object value : rows(db, sql).get(0)) {
            values.add(((Number) value).longValue());
        }
        return values;
    }

    private static List<List<Object>> rows(Connection db, String sql) throws SQLException {
        return TestStack.rows(db, sql);
    }
}
