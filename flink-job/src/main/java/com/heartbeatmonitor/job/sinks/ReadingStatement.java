package com.heartbeatmonitor.job.sinks;

import com.heartbeatmonitor.job.records.ClassifiedReading;
import com.heartbeatmonitor.job.records.HeartbeatReading;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/**
 * Binds a reading to the insert into {@code heartbeats}. A replayed message is skipped, never doubled;
 * another message with a stored event_id becomes a rejection (the table's trigger, sql/V3__duplicates.sql).
 * The table is partitioned by event_time, so its key is (event_id, event_time): a replay has both the same.
 */
public final class ReadingStatement implements JdbcStatementBuilder<ClassifiedReading> {

    public static final String SQL = "INSERT INTO heartbeats (event_id, customer_id, event_time, heart_rate,"
            + " risk_level, late, kafka_topic, kafka_partition, kafka_offset, activity)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id, event_time) DO NOTHING";

    /** The job reads one topic; a reading does not carry its name through the pipeline. */
    private final String topic;

    public ReadingStatement(String topic) {
        this.topic = topic;
    }

    @Override
    public void accept(PreparedStatement statement, ClassifiedReading classified) throws SQLException {
        HeartbeatReading reading = classified.reading();
        statement.setObject(1, UUID.fromString(reading.eventId()));
        statement.setString(2, reading.customerId());
        statement.setObject(3, Timestamps.toTimestamptz(reading.timestamp()));
        statement.setShort(4, (short) reading.heartRate());
        statement.setString(5, classified.riskLevel().name());
        statement.setBoolean(6, classified.late());
        statement.setString(7, topic);
        statement.setInt(8, reading.kafkaPartition());
        statement.setLong(9, reading.kafkaOffset());
        statement.setString(
                10, reading.activity() == null ? null : reading.activity().json()); // sql/V7__activity.sql
    }
}
