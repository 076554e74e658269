package com.heartbeatmonitor.job.sinks;

import com.heartbeatmonitor.job.records.AlertEvent;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.UUID;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/**
 * Upserts an alert by its deterministic id. Only a newer revision changes the row, so a replayed or
 * reordered event is a no-op and {@code updated_at} moves only on real changes.
 */
public final class AlertStatement implements JdbcStatementBuilder<AlertEvent> {

    public static final String SQL = "INSERT INTO alerts (alert_id, customer_id, alert_type, severity, status,"
            + " started_at, detected_at, ended_at, peak_bpm, readings, revision, high_bpm, low_bpm, settings_version)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (alert_id) DO UPDATE SET severity = EXCLUDED.severity, status = EXCLUDED.status,"
            + " ended_at = EXCLUDED.ended_at, peak_bpm = EXCLUDED.peak_bpm, readings = EXCLUDED.readings,"
            + " revision = EXCLUDED.revision, high_bpm = EXCLUDED.high_bpm, low_bpm = EXCLUDED.low_bpm,"
            + " settings_version = EXCLUDED.settings_version, updated_at = now()"
            + " WHERE alerts.revision < EXCLUDED.revision";

    @Override
    public void accept(PreparedStatement statement, AlertEvent alert) throws SQLException {
        statement.setObject(1, UUID.fromString(alert.alertId()));
        statement.setString(2, alert.customerId());
        statement.setString(3, alert.type().name());
        statement.setString(4, alert.severity().name());
        statement.setString(5, alert.status().name());
        statement.setObject(6, Timestamps.toTimestamptz(alert.startedAt()));
        statement.setObject(7, Timestamps.toTimestamptz(alert.detectedAt()));
        if (alert.endedAt() == null) {
            statement.setNull(8, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(8, Timestamps.toTimestamptz(alert.endedAt()));
        }
        if (alert.peakBpm() == null) {
            statement.setNull(9, Types.SMALLINT);
        } else {
            statement.setShort(9, alert.peakBpm().shortValue());
        }
        statement.setInt(10, alert.readings());
        statement.setInt(11, alert.revision());
        // The thresholds this revision was judged by (the customer's own or the deployment's).
        if (alert.highBpm() == null) {
            statement.setNull(12, Types.SMALLINT);
            statement.setNull(13, Types.SMALLINT);
        } else {
            statement.setShort(12, alert.highBpm().shortValue());
            statement.setShort(13, alert.lowBpm().shortValue());
        }
        if (alert.settingsVersion() == null) {
            statement.setNull(14, Types.BIGINT);
        } else {
            statement.setLong(14, alert.settingsVersion());
        }
    }
}
