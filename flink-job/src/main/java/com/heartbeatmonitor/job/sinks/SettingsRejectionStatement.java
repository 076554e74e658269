package com.heartbeatmonitor.job.sinks;

import com.heartbeatmonitor.job.records.SettingsRejection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/** Stores a rejected settings message once, keyed by its place in the topic. */
public final class SettingsRejectionStatement implements JdbcStatementBuilder<SettingsRejection> {

    public static final String SQL = "INSERT INTO rejected_settings (kafka_partition, kafka_offset, customer_id,"
            + " version, reason, detail, raw_payload, message_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (kafka_partition, kafka_offset) DO NOTHING";

    @Override
    public void accept(PreparedStatement statement, SettingsRejection rejected) throws SQLException {
        statement.setInt(1, rejected.kafkaPartition());
        statement.setLong(2, rejected.kafkaOffset());
        statement.setString(3, rejected.customerId());
        if (rejected.version() == null) {
            statement.setNull(4, Types.BIGINT);
        } else {
            statement.setLong(4, rejected.version());
        }
        statement.setString(5, rejected.reason().name());
        statement.setString(6, rejected.detail());
        statement.setString(7, rejected.payloadPreview());
        statement.setObject(8, Timestamps.toTimestamptz(rejected.messageTime()));
    }
}
