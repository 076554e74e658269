package com.heartbeatmonitor.console.settings;

import static com.heartbeatmonitor.console.alerts.AlertStore.instant;

import com.heartbeatmonitor.console.chart.MinuteRollup;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** A customer's minute rollups and applied settings, as the customer page reads them. */
@Repository
public class CustomerStore {

    private final JdbcClient jdbc;

    public CustomerStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The minutes of [end - span, end), oldest first. */
    public List<MinuteRollup> minutes(String customerId, Instant end, Duration span) {
        return jdbc.sql("SELECT minute, readings, min_bpm, max_bpm, avg_bpm FROM heartbeat_minutes"
                        + " WHERE customer_id = ? AND minute >= ? AND minute < ? ORDER BY minute")
                .params(customerId, Timestamp.from(end.minus(span)), Timestamp.from(end))
                .query((rs, row) -> new MinuteRollup(
                        instant(rs, "minute"),
                        rs.getInt("readings"),
                        rs.getInt("min_bpm"),
                        rs.getInt("max_bpm"),
                        rs.getDouble("avg_bpm")))
                .list();
    }

    /** The settings the job applies to the customer now; empty: the deployment's defaults. */
    public Optional<CurrentSettings> settings(String customerId) {
        return jdbc.sql("SELECT customer_id, version, high_bpm, low_bpm, profile, sustain_seconds,"
                        + " exertion_sustain_seconds, paused_until, time_zone, settings::text AS json, applied_from"
                        + " FROM customer_settings WHERE customer_id = ?")
                .param(customerId)
                .query((rs, row) -> new CurrentSettings(
                        rs.getString("customer_id"),
                        rs.getLong("version"),
                        rs.getObject("high_bpm", Integer.class),
                        rs.getObject("low_bpm", Integer.class),
                        rs.getString("profile"),
                        rs.getObject("sustain_seconds", Integer.class),
                        rs.getObject("exertion_sustain_seconds", Integer.class),
                        instant(rs, "paused_until"),
                        rs.getString("time_zone"),
                        rs.getString("json"),
                        instant(rs, "applied_from")))
                .optional();
    }

    /** Whether the job has seen the customer at all (a rollup, an alert or settings): unknown ids get a 404. */
    public boolean known(String customerId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM alerts WHERE customer_id = ?)"
                        + " OR EXISTS (SELECT 1 FROM customer_settings WHERE customer_id = ?)"
                        + " OR EXISTS (SELECT 1 FROM heartbeat_minutes WHERE customer_id = ?)")
                .params(customerId, customerId, customerId)
                .query(Boolean.class)
                .single();
    }
}
