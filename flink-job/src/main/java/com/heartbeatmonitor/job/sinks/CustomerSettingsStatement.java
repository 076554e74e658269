package com.heartbeatmonitor.job.sinks;

import com.heartbeatmonitor.job.records.SettingsChange;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/**
 * Makes {@code customer_settings} hold a customer's newest accepted settings: an upsert that only a newer version
 * changes (a replay is a no-op), or, for a reset, the row's deletion. One statement for both, since a JDBC sink
 * binds one.
 */
public final class CustomerSettingsStatement implements JdbcStatementBuilder<SettingsChange> {

    public static final String SQL = "WITH reset AS (DELETE FROM customer_settings WHERE ? AND customer_id = ?)"
            + " INSERT INTO customer_settings (customer_id, version, high_bpm, low_bpm, profile, sustain_seconds,"
            + " exertion_sustain_seconds, paused_until, time_zone, settings, effective_at, applied_from)"
            + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ? WHERE NOT ?"
            + " ON CONFLICT (customer_id) DO UPDATE SET version = EXCLUDED.version, high_bpm = EXCLUDED.high_bpm,"
            + " low_bpm = EXCLUDED.low_bpm, profile = EXCLUDED.profile, sustain_seconds = EXCLUDED.sustain_seconds,"
            + " exertion_sustain_seconds = EXCLUDED.exertion_sustain_seconds, paused_until = EXCLUDED.paused_until,"
            + " time_zone = EXCLUDED.time_zone, settings = EXCLUDED.settings, effective_at = EXCLUDED.effective_at,"
            + " applied_from = EXCLUDED.applied_from, updated_at = now()"
            + " WHERE customer_settings.version < EXCLUDED.version";

    @Override
    public void accept(PreparedStatement statement, SettingsChange change) throws SQLException {
        statement.setBoolean(1, change.reset());
        statement.setString(2, change.customerId());
        statement.setString(3, change.customerId());
        statement.setLong(4, change.version());
        setSmallint(statement, 5, change.highBpm());
        setSmallint(statement, 6, change.lowBpm());
        statement.setString(7, change.profile());
        setSeconds(statement, 8, change.sustainMs());
        setSeconds(statement, 9, change.exertionSustainMs());
        if (change.pausedUntil() == null) {
            statement.setNull(10, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(10, Timestamps.toTimestamptz(change.pausedUntil()));
        }
        statement.setString(11, change.timeZone());
        // A reset inserts nothing, but the statement's parameters must still be valid JSON.
        statement.setString(12, change.settingsJson() == null ? "{}" : change.settingsJson());
        statement.setObject(13, Timestamps.toTimestamptz(change.effectiveAt()));
        statement.setObject(14, Timestamps.toTimestamptz(change.appliedFrom()));
        statement.setBoolean(15, change.reset());
    }

    private static void setSmallint(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.SMALLINT);
        } else {
            statement.setShort(index, value.shortValue());
        }
    }

    private static void setSeconds(PreparedStatement statement, int index, Long millis) throws SQLException {
        if (millis == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setInt(index, (int) (millis / 1000));
        }
    }
}
