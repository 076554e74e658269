package com.heartbeatmonitor.console.alerts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What the pages read about alerts (alerts, alert_notifications, alert_actions) and the one write: a new alert
 * action. SQL only; the console's role may read these tables and add to alert_actions, nothing else.
 */
@Repository
public class AlertStore {

    /** An open alerts page longer than this is a different problem: the page says it is cut. */
    public static final int MAX_OPEN = 500;
    /** A customer page lists this many of their latest alerts. */
    public static final int HISTORY = 100;

    private static final String ALERT_COLUMNS = "alert_id, customer_id, alert_type, severity, status, started_at,"
            + " detected_at, ended_at, peak_bpm, readings, revision, high_bpm, low_bpm, settings_version";

    private final JdbcClient jdbc;

    public AlertStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every alert the job has open, with who was paged and the newest action, most severe first. */
    public List<OpenAlert> open() {
        List<Alert> alerts = jdbc.sql("SELECT " + ALERT_COLUMNS + " FROM alerts WHERE ended_at IS NULL"
                        + " ORDER BY started_at LIMIT " + MAX_OPEN)
                .query(AlertStore::alert)
                .list();
        return withPagingAndActions(alerts).stream()
                .sorted(OpenAlert.MOST_SEVERE_FIRST)
                .toList();
    }

    /** A customer's latest alerts, newest first, with paging and the newest action each. */
    public List<OpenAlert> history(String customerId) {
        List<Alert> alerts = jdbc.sql("SELECT " + ALERT_COLUMNS + " FROM alerts WHERE customer_id = ?"
                        + " ORDER BY started_at DESC LIMIT " + HISTORY)
                .param(customerId)
                .query(AlertStore::alert)
                .list();
        return withPagingAndActions(alerts);
    }

    public Optional<Alert> find(UUID alertId) {
        return jdbc.sql("SELECT " + ALERT_COLUMNS + " FROM alerts WHERE alert_id = ?")
                .param(alertId)
                .query(AlertStore::alert)
                .optional();
    }

    /** Every action on an alert, newest first. */
    public List<AlertAction> actions(UUID alertId) {
        return jdbc.sql("SELECT * FROM alert_actions WHERE alert_id = ? ORDER BY action_id DESC")
                .param(alertId)
                .query(AlertStore::action)
                .list();
    }

    /** Adds the action; returns its row as stored. */
    public AlertAction add(UUID alertId, ActionRequest.Checked checked, String actor) {
        return jdbc.sql("INSERT INTO alert_actions (alert_id, revision, severity, action, snooze_until, actor, note)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *")
                .params(
                        alertId,
                        checked.revision(),
                        checked.severity().name(),
                        checked.action().name(),
                        checked.snoozeUntil() == null ? null : Timestamp.from(checked.snoozeUntil()),
                        actor,
                        checked.note())
                .query(AlertStore::action)
                .single();
    }

    /** A customer's alerts that overlap the last {@code span}: the chart marks them. */
    public List<Alert> overlapping(String customerId, Instant end, Duration span) {
        return jdbc.sql("SELECT " + ALERT_COLUMNS + " FROM alerts WHERE customer_id = ? AND started_at < ?"
                        + " AND (ended_at IS NULL OR ended_at > ?) ORDER BY started_at")
                .params(customerId, Timestamp.from(end), Timestamp.from(end.minus(span)))
                .query(AlertStore::alert)
                .list();
    }

    private List<OpenAlert> withPagingAndActions(List<Alert> alerts) {
        if (alerts.isEmpty()) {
            return List.of();
        }
        UUID[] ids = alerts.stream().map(Alert::alertId).toArray(UUID[]::new);
        Map<UUID, List<Paging>> paged = new HashMap<>();
        jdbc.sql("SELECT alert_id, revision, contact_point, kind, state, attempts, due_at, delivered_at"
                        + " FROM alert_notifications WHERE alert_id = ANY (?) ORDER BY alert_id, revision, step")
                .param(ids)
                .query(AlertStore::paging)
                .list()
                .forEach(p -> paged.computeIfAbsent(p.alertId(), k -> new ArrayList<>())
                        .add(p));
        Map<UUID, AlertAction> latest = new HashMap<>();
        jdbc.sql("SELECT DISTINCT ON (alert_id) * FROM alert_actions WHERE alert_id = ANY (?)"
                        + " ORDER BY alert_id, action_id DESC")
                .param(ids)
                .query(AlertStore::action)
                .list()
                .forEach(a -> latest.put(a.alertId(), a));
        return alerts.stream()
                .map(a -> new OpenAlert(
                        a, paged.getOrDefault(a.alertId(), List.of()), Optional.ofNullable(latest.get(a.alertId()))))
                .toList();
    }

    static Alert alert(ResultSet rs, int row) throws SQLException {
        return new Alert(
                rs.getObject("alert_id", UUID.class),
                rs.getString("customer_id"),
                rs.getString("alert_type"),
                Severity.valueOf(rs.getString("severity")),
                rs.getString("status"),
                instant(rs, "started_at"),
                instant(rs, "detected_at"),
                instant(rs, "ended_at"),
                rs.getObject("peak_bpm", Integer.class),
                rs.getInt("readings"),
                rs.getInt("revision"),
                rs.getObject("high_bpm", Integer.class),
                rs.getObject("low_bpm", Integer.class),
                rs.getObject("settings_version", Long.class));
    }

    static AlertAction action(ResultSet rs, int row) throws SQLException {
        return new AlertAction(
                rs.getLong("action_id"),
                rs.getObject("alert_id", UUID.class),
                rs.getInt("revision"),
                Severity.valueOf(rs.getString("severity")),
                ActionKind.valueOf(rs.getString("action")),
                instant(rs, "snooze_until"),
                rs.getString("actor"),
                rs.getString("note"),
                instant(rs, "acted_at"));
    }

    static Paging paging(ResultSet rs, int row) throws SQLException {
        return new Paging(
                rs.getObject("alert_id", UUID.class),
                rs.getInt("revision"),
                rs.getString("contact_point"),
                rs.getString("kind"),
                rs.getString("state"),
                rs.getInt("attempts"),
                instant(rs, "due_at"),
                instant(rs, "delivered_at"));
    }

    /** A timestamptz column as an Instant, null for NULL. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
