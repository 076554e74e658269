package com.heartbeatmonitor.job.sinks;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.postgresql.PGConnection;

/**
 * Binds a batch of readings to one call of {@code store_heartbeats} (sql/V11__batch_duplicate_check.sql): each
 * column as one array, primitive columns in pgjdbc's binary array encoding. The procedure stores each key
 * (event_time, event_id) once, skips a replay of a stored message and turns another message with a stored key into
 * a DUPLICATE_EVENT_ID or CONFLICTING_EVENT_ID rejection.
 */
public final class ReadingBatchStatement implements JdbcStatementBuilder<ReadingBatch> {

    public static final String SQL = "CALL store_heartbeats(?, ?::uuid[], ?, ?, ?, ?, ?, ?, ?, ?)";

    /** The job reads one topic; a reading does not carry its name through the pipeline. */
    private final String topic;

    public ReadingBatchStatement(String topic) {
        this.topic = topic;
    }

    @Override
    public void accept(PreparedStatement statement, ReadingBatch batch) throws SQLException {
        PGConnection connection = statement.getConnection().unwrap(PGConnection.class);
        statement.setString(1, topic);
        statement.setArray(2, connection.createArrayOf("text", batch.eventIds()));
        statement.setArray(3, connection.createArrayOf("text", batch.customerIds()));
        statement.setArray(4, connection.createArrayOf("int8", batch.times()));
        statement.setArray(5, connection.createArrayOf("int2", batch.heartRates()));
        statement.setArray(6, connection.createArrayOf("text", batch.riskLevels()));
        statement.setArray(7, connection.createArrayOf("bool", batch.lates()));
        statement.setArray(8, connection.createArrayOf("int4", batch.partitions()));
        statement.setArray(9, connection.createArrayOf("int8", batch.offsets()));
        Array activities = connection.createArrayOf("text", batch.activities()); // sql/V7__activity.sql
        statement.setArray(10, activities);
    }
}
