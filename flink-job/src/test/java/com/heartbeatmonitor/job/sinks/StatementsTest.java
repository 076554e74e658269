package com.heartbeatmonitor.job.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import com.heartbeatmonitor.job.records.Activity;
import com.heartbeatmonitor.job.records.AlertEvent;
import com.heartbeatmonitor.job.records.AlertStatus;
import com.heartbeatmonitor.job.records.AlertType;
import com.heartbeatmonitor.job.records.ClassifiedReading;
import com.heartbeatmonitor.job.records.HeartbeatReading;
import com.heartbeatmonitor.job.records.MinuteRollup;
import com.heartbeatmonitor.job.records.RejectReason;
import com.heartbeatmonitor.job.records.RejectedMessage;
import com.heartbeatmonitor.job.records.RiskLevel;
import com.heartbeatmonitor.job.records.Severity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each sink's statement, bound by its builder and run against the real schema on PostgreSQL: every
 * value lands in its own column (a swapped parameter of the same type would pass a type check), and the
 * upserts change a row only when they should.
 */
class StatementsTest {

    private static final long T = Instant.parse("2026-11-21T10:15:30.123Z").toEpochMilli();
    private static final String ALERT_ID = "4a1f6a0e-2b7c-5d3e-9f10-1a2b3c4d5e6f";

    private static ScratchDatabase database;
    private static Connection db;

    @BeforeAll
    static void createDatabase() throws SQLException {
        database = ScratchDatabase.create();
        db = database.connect();
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        try {
            if (db != null) {
                db.close();
            }
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    @Test
    void readingBatchStatementBindsEveryColumnOfHeartbeats() throws SQLException {
        HeartbeatReading reading = new HeartbeatReading(
                "7f9c2ba4-e88f-4d1a-9a4b-1c2d3e4f5a6b", "customer-00042", T, 131, 3, 4_000_000_000L, Activity.SLEEP);
        HeartbeatReading unknown =
                new HeartbeatReading("0b5e1c3a-1f2d-4e5f-8a9b-0c1d2e3f4a5b", "customer-00043", T, 72, 3, 5L);

        ReadingBatch batch = ReadingBatch.of(List.of(
                new ClassifiedReading(reading, RiskLevel.HIGH, true),
                new ClassifiedReading(unknown, RiskLevel.NORMAL, false)));
        run(ReadingBatchStatement.SQL, new ReadingBatchStatement("heartbeats-topic"), batch);

        assertThat(row("SELECT event_id::text, customer_id, event_time, heart_rate, risk_level, late, "
                        + "kafka_topic, kafka_partition, kafka_offset, activity FROM heartbeats WHERE event_id = "
                        + "'7f9c2ba4-e88f-4d1a-9a4b-1c2d3e4f5a6b'"))
                .containsExactly(
                        "7f9c2ba4-e88f-4d1a-9a4b-1c2d3e4f5a6b",
                        "customer-00042",
                        Instant.ofEpochMilli(T),
                        131,
                        "HIGH",
                        true,
                        "heartbeats-topic",
                        3,
                        4_000_000_000L,
                        "sleep");
        assertThat(row("SELECT activity IS NULL FROM heartbeats WHERE customer_id = 'customer-00043'"))
                .as("a device that does not say: unknown")
                .containsExactly(true);
    }

    @Test
    void rejectionStatementBindsEveryColumnOfRejectedHeartbeats() throws SQLException {
        RejectedMessage rejected = new RejectedMessage(
                "heartbeats",
                2,
                77L,
                RejectReason.WRONG_TYPE,
                "heart_rate must be an integer, got a string",
                "{\"heart_rate\":\"72\"}",
                19,
                T,
                T - 5_000);

        run(RejectionStatement.SQL, new RejectionStatement(), rejected);

        assertThat(row("SELECT kafka_topic, kafka_partition, kafka_offset, reason, detail, raw_payload, payload_bytes,"
                        + " received_at, message_time FROM rejected_heartbeats WHERE kafka_offset = 77"))
                .containsExactly(
                        "heartbeats",
                        2,
                        77L,
                        "WRONG_TYPE",
                        "heart_rate must be an integer, got a string",
                        "{\"heart_rate\":\"72\"}",
                        19,
                        Instant.ofEpochMilli(T),
                        Instant.ofEpochMilli(T - 5_000));
    }

    @Test
    void alertStatementBindsEveryColumnAndOnlyANewerRevisionChangesTheRow() throws SQLException {
        String select = "SELECT alert_id::text, customer_id, alert_type, severity, status, started_at, detected_at,"
                + " ended_at, peak_bpm, readings, revision FROM alerts WHERE alert_id = '" + ALERT_ID + "'";
        AlertEvent open = new AlertEvent(
                ALERT_ID,
                "customer-00042",
                AlertType.SIGNAL_LOST,
                Severity.WARNING,
                AlertStatus.OPEN,
                T,
                T + 30_000,
                null,
                null,
                0,
                1);
        AlertEvent closed = new AlertEvent(
                ALERT_ID,
                "customer-00042",
                AlertType.SIGNAL_LOST,
                Severity.WARNING,
                AlertStatus.CLOSED,
                T,
                T + 30_000,
                T + 45_000,
                null,
                0,
                2);

        run(AlertStatement.SQL, new AlertStatement(), open);
        assertThat(row(select))
                .containsExactly(
                        ALERT_ID,
                        "customer-00042",
                        "SIGNAL_LOST",
                        "WARNING",
                        "OPEN",
                        Instant.ofEpochMilli(T),
                        Instant.ofEpochMilli(T + 30_000),
                        null,
                        null,
                        0,
                        1);

        run(AlertStatement.SQL, new AlertStatement(), closed);
        run(AlertStatement.SQL, new AlertStatement(), open); // a replayed older revision
        assertThat(row(select))
                .containsExactly(
                        ALERT_ID,
                        "customer-00042",
                        "SIGNAL_LOST",
                        "WARNING",
                        "CLOSED",
                        Instant.ofEpochMilli(T),
                        Instant.ofEpochMilli(T + 30_000),
                        Instant.ofEpochMilli(T + 45_000),
                        null,
                        0,
                        2);

        AlertEvent tachycardia = new AlertEvent(
                "00000000-0000-5000-8000-000000000001",
                "customer-7",
                AlertType.TACHYCARDIA,
                Severity.CRITICAL,
                AlertStatus.OPEN,
                T,
                T + 30_000,
                null,
                171,
                31,
                3);
        run(AlertStatement.SQL, new AlertStatement(), tachycardia);
        assertThat(row("SELECT alert_type, severity, peak_bpm, readings, revision FROM alerts WHERE "
                        + "customer_id = 'customer-7'"))
                .containsExactly("TACHYCARDIA", "CRITICAL", 171, 31, 3);
    }

    @Test
    void minuteBatchStatementBindsEveryColumnAndOnlyMoreReadingsChangeTheRow() throws SQLException {
        long minute = Instant.parse("2026-11-21T10:15:00Z").toEpochMilli();
        String select = "SELECT customer_id, minute, readings, min_bpm, max_bpm, avg_bpm FROM heartbeat_minutes"
                + " WHERE customer_id = '%s'";

        // Fired, then rewritten for a late reading, in one batch: the one upsert keeps the rollup of more readings.
        run(
                MinuteBatchStatement.SQL,
                new MinuteBatchStatement(),
                MinuteBatch.of(List.of(
                        new MinuteRollup("customer-00042", minute, 59, 55, 71, 63.5),
                        new MinuteRollup("customer-00043", minute + 60_000, 3, 80, 90, 85.0),
                        new MinuteRollup("customer-00042", minute, 60, 54, 71, 63.25))));
        // A replay of the earlier firing, alone and next to the later one: the row keeps 60 readings.
        run(
                MinuteBatchStatement.SQL,
                new MinuteBatchStatement(),
                MinuteBatch.of(List.of(new MinuteRollup("customer-00042", minute, 59, 55, 71, 63.5))));
        run(
                MinuteBatchStatement.SQL,
                new MinuteBatchStatement(),
                MinuteBatch.of(List.of(
                        new MinuteRollup("customer-00042", minute, 60, 54, 71, 63.25),
                        new MinuteRollup("customer-00042", minute, 59, 55, 71, 63.5))));

        assertThat(row(select.formatted("customer-00042")))
                .containsExactly("customer-00042", Instant.ofEpochMilli(minute), 60, 54, 71, 63.25);
        assertThat(row(select.formatted("customer-00043")))
                .containsExactly("customer-00043", Instant.ofEpochMilli(minute + 60_000), 3, 80, 90, 85.0);
    }

    private static <T> void run(String sql, JdbcStatementBuilder<T> builder, T value) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            builder.accept(statement, value);
            statement.executeUpdate();
        }
    }

    /** The single row {@code sql} returns; timestamptz columns as instants. */
    private static List<Object> row(String sql) throws SQLException {
        try (Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            assertThat(rs.next()).as("a row for " + sql).isTrue();
            List<Object> row = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                Object value = "timestamptz".equals(rs.getMetaData().getColumnTypeName(i))
                        ? rs.getObject(i, OffsetDateTime.class)
                        : rs.getObject(i);
                row.add(value instanceof OffsetDateTime time ? time.toInstant() : value);
            }
            assertThat(rs.next()).as("one row for " + sql).isFalse();
            return row;
        }
    }
}
