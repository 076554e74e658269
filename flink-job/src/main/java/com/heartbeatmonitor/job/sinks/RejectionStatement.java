package com.heartbeatmonitor.job.sinks;

import com.heartbeatmonitor.job.records.RejectedMessage;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/**
 * Binds a rejection to the insert into {@code rejected_heartbeats}, keyed by its Kafka coordinates and its
 * record's timestamp (the table's time partition key; a replay reads the same one again).
 */
public final class RejectionStatement implements JdbcStatementBuilder<RejectedMessage> {

    public static final String SQL = "INSERT INTO rejected_heartbeats"
            + " (kafka_topic, kafka_partition, kafka_offset, reason, detail, raw_payload, payload_bytes, received_at,"
            + " message_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (kafka_topic, kafka_partition, kafka_offset, message_time) DO NOTHING";

    @Override
    public void accept(PreparedStatement statement, RejectedMessage rejected) throws SQLException {
        statement.setString(1, rejected.kafkaTopic());
        statement.setInt(2, rejected.kafkaPartition());
        statement.setLong(3, rejected.kafkaOffset());
        statement.setString(4, rejected.reason().name());
        statement.setString(5, rejected.detail());
        statement.setString(6, rejected.payloadPreview());
        statement.setInt(7, rejected.payloadBytes());
        statement.setObject(8, Timestamps.toTimestamptz(rejected.receivedAt()));
        statement.setObject(9, Timestamps.toTimestamptz(rejected.messageTime()));
    }
}
