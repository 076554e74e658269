package com.heartbeatmonitor.job.sinks;

import com.heartbeatmonitor.job.records.ClassifiedReading;
import com.heartbeatmonitor.job.records.HeartbeatReading;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/** Binds a reading to the insert into {@code heartbeats}; a replayed event_id is ignored, never doubled. */
public final class ReadingStatement implements JdbcStatementBuilder<ClassifiedReading> {

    public static final String SQL = "INSERT INTO heartbeats"
            + " (event_id, customer_id, event_time, heart_rate, risk_level, late, kafka_partition, kafka_offset)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING";

    @Override
    public void accept(PreparedStatement statement, ClassifiedReading classified) throws SQLException {
        HeartbeatReading reading = classified.reading();
        statement.setObject(1, UUID.fromString(reading.eventId()));
        statement.setString(2, reading.customerId());
        statement.setObject(3, Timestamps.toTimestamptz(reading.timestamp()));
        statement.setShort(4, (short) reading.heartRate());
        statement.setString(5, classified.riskLevel().name());
        statement.setBoolean(6, classified.late());
        statement.setInt(7, reading.kafkaPartition());
        statement.setLong(8, reading.kafkaOffset());
    }
}
