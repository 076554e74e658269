package com.heartbeatmonitor.job.sinks;

import com.heartbeatmonitor.job.records.MinuteRollup;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/**
 * Upserts a customer's minute. A window only grows (late firings include everything before), so a
 * row changes only for more readings: a replayed or reordered firing is a no-op.
 */
public final class MinuteRollupStatement implements JdbcStatementBuilder<MinuteRollup> {

    public static final String SQL = "INSERT INTO heartbeat_minutes (customer_id, minute, readings, min_bpm, max_bpm,"
            + " avg_bpm) VALUES (?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (customer_id, minute) DO UPDATE SET readings = EXCLUDED.readings,"
            + " min_bpm = EXCLUDED.min_bpm, max_bpm = EXCLUDED.max_bpm, avg_bpm = EXCLUDED.avg_bpm"
            + " WHERE heartbeat_minutes.readings < EXCLUDED.readings";

    @Override
    public void accept(PreparedStatement statement, MinuteRollup rollup) throws SQLException {
        statement.setString(1, rollup.customerId());
        statement.setObject(2, Timestamps.toTimestamptz(rollup.minute()));
        statement.setInt(3, rollup.readings());
        statement.setShort(4, (short) rollup.minBpm());
        statement.setShort(5, (short) rollup.maxBpm());
        statement.setDouble(6, rollup.avgBpm());
    }
}
