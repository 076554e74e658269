package com.heartbeatmonitor.job.sinks;

import com.heartbeatmonitor.job.records.SettingsChange;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/** Adds an accepted change to {@code customer_settings_history} once, keyed by its place in the topic. */
public final class SettingsHistoryStatement implements JdbcStatementBuilder<SettingsChange> {

    public static final String SQL = "INSERT INTO customer_settings_history (customer_id, kafka_partition,"
            + " kafka_offset, version, reset, settings, effective_at, applied_from, message_time)"
            + " VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)"
            + " ON CONFLICT (customer_id, kafka_partition, kafka_offset) DO NOTHING";

    @Override
    public void accept(PreparedStatement statement, SettingsChange change) throws SQLException {
        statement.setString(1, change.customerId());
        statement.setInt(2, change.kafkaPartition());
        statement.setLong(3, change.kafkaOffset());
        statement.setLong(4, change.version());
        statement.setBoolean(5, change.reset());
        statement.setString(6, change.settingsJson());
        statement.setObject(7, Timestamps.toTimestamptz(change.effectiveAt()));
        statement.setObject(8, Timestamps.toTimestamptz(change.appliedFrom()));
        statement.setObject(9, Timestamps.toTimestamptz(change.messageTime()));
    }
}
