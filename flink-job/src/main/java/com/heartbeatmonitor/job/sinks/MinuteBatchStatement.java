package com.heartbeatmonitor.job.sinks;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.postgresql.PGConnection;

/**
 * Upserts a batch of customer-minutes in one statement, each column bound as one array. A minute only grows (a late
 * firing includes everything before), so a row changes only for more readings: a replayed or reordered firing is a
 * no-op. A batch may hold a minute twice (fired, then a late reading): {@code DISTINCT ON} keeps its rollup with the
 * most readings, as one {@code INSERT ... ON CONFLICT DO UPDATE} must not change a row twice.
 */
public final class MinuteBatchStatement implements JdbcStatementBuilder<MinuteBatch> {

    public static final String SQL = "INSERT INTO heartbeat_minutes (customer_id, minute, readings, min_bpm, max_bpm,"
            + " avg_bpm)"
            + " SELECT DISTINCT ON (m.customer_id, m.millis) m.customer_id,"
            + " timestamptz 'epoch' + m.millis * interval '1 millisecond', m.readings, m.min_bpm, m.max_bpm, m.avg_bpm"
            + " FROM unnest(?::text[], ?::int8[], ?::int4[], ?::int2[], ?::int2[], ?::float8[])"
            + " AS m (customer_id, millis, readings, min_bpm, max_bpm, avg_bpm)"
            + " ORDER BY m.customer_id, m.millis, m.readings DESC"
            + " ON CONFLICT (customer_id, minute) DO UPDATE SET readings = EXCLUDED.readings,"
            + " min_bpm = EXCLUDED.min_bpm, max_bpm = EXCLUDED.max_bpm, avg_bpm = EXCLUDED.avg_bpm"
            + " WHERE heartbeat_minutes.readings < EXCLUDED.readings";

    @Override
    public void accept(PreparedStatement statement, MinuteBatch batch) throws SQLException {
        PGConnection connection = statement.getConnection().unwrap(PGConnection.class);
        statement.setArray(1, connection.createArrayOf("text", batch.customerIds()));
        statement.setArray(2, connection.createArrayOf("int8", batch.minutes()));
        statement.setArray(3, connection.createArrayOf("int4", batch.readings()));
        statement.setArray(4, connection.createArrayOf("int2", batch.minBpms()));
        statement.setArray(5, connection.createArrayOf("int2", batch.maxBpms()));
        statement.setArray(6, connection.createArrayOf("float8", batch.avgBpms()));
    }
}
