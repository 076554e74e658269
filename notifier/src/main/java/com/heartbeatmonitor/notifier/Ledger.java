package com.heartbeatmonitor.notifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
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
import java.util.Properties;
import java.util.UUID;

/**
 * The durable record of what must be and what was notified: table {@code alert_notifications}
 * ({@code sql/V5__notifications.sql}, {@code sql/V9__escalation.sql}), one row per (alert_id, revision, contact
 * point, step), pending until the contact point accepted it. The rows of a revision (every step, each due at its
 * time) are written before the topic's offset is committed, so a notifier that dies after reading an alert finds it
 * again (in the topic, or pending here); the primary key makes a revision that the job published twice, or that is
 * read again after a restart, a no-op. Table {@code notified_alerts} keeps the newest revision read per alert.
 */
public final class Ledger {

    static final String PENDING = "pending";
    static final String DELIVERED = "delivered";
    static final String HELD = "held";
    static final String CANCELLED = "cancelled";
    static final String FAILED = "failed";
    /** last_error is for a person reading the table; a receiver's whole error page is not. */
    private static final int MAX_ERROR_LENGTH = 500;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String SETTINGS = "SELECT settings::text FROM customer_settings WHERE customer_id = ?";
    /** Due now plus the planned delay, twice: now() is the transaction's start, the same in both. */
    private static final String INSERT = "INSERT INTO alert_notifications"
            + " (alert_id, revision, contact_point, step, target, kind, alert, next_attempt_at, due_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, now() + ? * interval '1 millisecond',"
            + " now() + ? * interval '1 millisecond')"
            + " ON CONFLICT (alert_id, revision, contact_point, step) DO NOTHING";
    /** Newest revision wins; its row lock orders this against a delivery that checks whether the alert ended. */
    private static final String PROGRESS = "INSERT INTO notified_alerts"
            + " (alert_id, customer_id, revision, status, severity, alert) VALUES (?, ?, ?, ?, ?, ?::jsonb)"
            + " ON CONFLICT (alert_id) DO UPDATE SET revision = excluded.revision, status = excluded.status,"
            + " severity = excluded.severity, alert = excluded.alert, updated_at = now()"
            + " WHERE notified_alerts.revision < excluded.revision";
    /** Every contact paged for the alert (delivered), once per (contact point, step). */
    private static final String ALL_CLEAR = "INSERT INTO alert_notifications"
            + " (alert_id, revision, contact_point, step, target, kind, alert)"
            + " SELECT DISTINCT ON (contact_point, step) alert_id, ?, contact_point, step, target, 'ALL_CLEAR',"
            + " ?::jsonb FROM alert_notifications"
            + " WHERE alert_id = ? AND state = 'delivered' AND kind IN ('NEW', 'ESCALATED')"
            + " AND (? IS NULL OR (contact_point = ? AND step = ?))"
            + " ORDER BY contact_point, step, revision DESC"
            + " ON CONFLICT (alert_id, revision, contact_point, step) DO NOTHING";

    private static final String ENDED = "SELECT revision, alert::text FROM notified_alerts"
            + " WHERE alert_id = ? AND status IN ('CLOSED', 'EXPIRED') FOR SHARE";

    /** A held row is judged again only when an action newer than the one that holds it arrives. */
    private static final String JUDGED_AGAIN = "(n.state = 'pending' OR (n.state = 'held' AND EXISTS (SELECT 1"
            + " FROM alert_actions x WHERE x.alert_id = n.alert_id AND x.action_id > n.held_by_action)))";

    private static final String DESTINATIONS = "SELECT DISTINCT coalesce(n.target, n.contact_point), n.target IS NULL"
            + " FROM alert_notifications n WHERE n.next_attempt_at <= now() AND " + JUDGED_AGAIN;
    /**
     * The destination's oldest due row, locked for the delivery (a second notifier, or one restarted while the old
     * one still finishes, skips it instead of sending it again), with what the policy needs: the newest revision
     * read of the alert and its newest action, read in the same transaction that sends it.
     */
    private static final String CLAIM = "SELECT n.alert_id, n.revision, n.contact_point, n.step, n.target, n.kind,"
            + " n.alert::text, n.attempts, p.revision, p.status, a.action_id, a.action, a.severity, a.snooze_until,"
            + " a.actor, a.acted_at, now()"
            + " FROM alert_notifications n LEFT JOIN notified_alerts p ON p.alert_id = n.alert_id"
            + " LEFT JOIN LATERAL (SELECT x.action_id, x.action, x.severity, x.snooze_until, x.actor, x.acted_at"
            + " FROM alert_actions x WHERE x.alert_id = n.alert_id ORDER BY x.action_id DESC LIMIT 1) a ON true"
            + " WHERE coalesce(n.target, n.contact_point) = ? AND n.next_attempt_at <= now()"
            + " AND (n.state = 'pending' OR (n.state = 'held' AND a.action_id > n.held_by_action))"
            + " ORDER BY n.next_attempt_at, n.alert_id, n.revision, n.step LIMIT 1 FOR UPDATE OF n SKIP LOCKED";

    private static final String KEY = " WHERE alert_id = ? AND revision = ? AND contact_point = ? AND step = ?";
    private static final String DELIVERED_SQL = "UPDATE alert_notifications SET state = 'delivered',"
            + " attempts = attempts + 1, delivered_at = now(), last_error = NULL, held_by_action = NULL" + KEY;
    private static final String FAILED_SQL = "UPDATE alert_notifications SET attempts = attempts + 1,"
            + " last_error = ?, next_attempt_at = now() + ? * interval '1 millisecond'" + KEY;
    private static final String SETTLED_SQL = "UPDATE alert_notifications SET state = ?, last_error = ?,"
            + " held_by_action = ?, settled_at = now()" + KEY;
    private static final String POSTPONED_SQL =
            "UPDATE alert_notifications SET state = 'pending', last_error = ?," + " next_attempt_at = ?" + KEY;
    /**
     * Pending rows; those due now; and how long the oldest row that fell due (and is not waiting out a snooze) has
     * waited since it first did: it grows while a contact point refuses or the notifier cannot deliver.
     */
    private static final String STATS = "SELECT count(*), count(*) FILTER (WHERE next_attempt_at <= now()),"
            + " coalesce(extract(epoch FROM now() - min(due_at) FILTER (WHERE due_at <= now()"
            + " AND (attempts > 0 OR next_attempt_at <= now()))), 0)"
            + " FROM alert_notifications WHERE state = 'pending'";

    /**
     * A row to judge and maybe deliver: the notification at its step, where to, how often it has been tried, the
     * alert's newest revision read and newest action, and the database's time.
     */
    public record Pending(
            Notification notification,
            String contactPoint,
            String target,
            int attempts,
            EscalationPolicy.Latest latest,
            Optional<AlertAction> newestAction,
            Instant now) {

        public EscalationPolicy.Row row() {
            return new EscalationPolicy.Row(
                    notification.kind(),
                    notification.step(),
                    notification.alert().revision(),
                    notification.alert().severity());
        }
    }

    /** A destination with due rows; {@code deployment}: a contact point of the environment, named. */
    public record Destination(String key, boolean deployment) {}

    /** Pending rows, those due now, and how long the oldest due one has waited since it fell due. */
    public record Stats(long pending, long due, double oldestDueSeconds) {}

    private final String url;
    private final String user;
    private final String password;

    public Ledger(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    public Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (!password.isEmpty()) {
            props.setProperty("password", password);
        }
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(url, props);
    }

    /**
     * Checks at start that the role may use the tables, so a wrong setting fails with a message instead of on the
     * first alert.
     */
    public void check() {
        try (Connection c = connect();
                PreparedStatement read = c.prepareStatement("SELECT (SELECT count(*) FROM alert_notifications"
                        + " WHERE step < 0), (SELECT count(*) FROM notified_alerts WHERE false),"
                        + " (SELECT count(*) FROM alert_actions WHERE false),"
                        + " (SELECT count(*) FROM customer_settings WHERE false)")) {
            read.executeQuery().close();
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot use tables alert_notifications, notified_alerts, alert_actions and customer_settings at "
                            + url + " as " + user + ": " + e.getMessage()
                            + "\nCheck " + NotifierConfig.JDBC_URL + " (else " + NotifierConfig.JOB_JDBC_URL
                            + "), " + NotifierConfig.DB_USER + " and " + NotifierConfig.DB_PASSWORD
                            + "; the database must be migrated (heartbeat-migrate.jar, or the run command):"
                            + " sql/V5__notifications.sql to sql/V9__escalation.sql and the role's grants"
                            + " (sql/roles/grant-roles.sql).",
                    e);
        }
    }

    /**
     * Records a batch of revisions in one transaction: each revision's newest state, the rows the planner gives
     * for it (each customer's plan read from its stored settings), and for a revision that ends its alert the
     * all clear of every contact paged. Returns how many rows are new.
     */
    public int record(Connection c, List<AlertRevision> revisions, Planner planner, List<ContactPoint> deployment)
            throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement insert = c.prepareStatement(INSERT);
                PreparedStatement progress = c.prepareStatement(PROGRESS);
                PreparedStatement allClear = c.prepareStatement(ALL_CLEAR)) {
            Map<String, CustomerPlan> plans = new HashMap<>();
            Instant now = Instant.now();
            int added = 0;
            for (AlertRevision a : revisions) {
                UUID id = UUID.fromString(a.alertId());
                String json = a.toJson().toString();
                progress.setObject(1, id);
                progress.setString(2, a.customerId());
                progress.setInt(3, a.revision());
                progress.setString(4, a.status());
                progress.setString(5, a.severity());
                progress.setString(6, json);
                progress.executeUpdate();
                CustomerPlan plan = plans.get(a.customerId());
                if (plan == null) {
                    plan = CustomerPlan.of(settings(c, a.customerId()), deployment);
                    plans.put(a.customerId(), plan);
                }
                for (Planner.Planned p : planner.plan(a, plan, now)) {
                    insert.setObject(1, id);
                    insert.setInt(2, a.revision());
                    insert.setString(3, p.recipient().contactPoint());
                    insert.setInt(4, p.notification().step());
                    insert.setString(5, p.recipient().target());
                    insert.setString(6, p.notification().kind().name());
                    insert.setString(7, json);
                    insert.setLong(8, p.delay().toMillis());
                    insert.setLong(9, p.delay().toMillis());
                    added += Math.max(insert.executeUpdate(), 0);
                }
                if (Notification.ends(a)) {
                    added += allClear(allClear, id, a.revision(), json, null, 0);
                }
            }
            c.commit();
            return added;
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /**
     * After delivering a page: if the alert has ended meanwhile (its end was read while this page was pending), adds
     * this contact's all clear. Locks the alert's newest revision, so that this and {@link #record} of the ending
     * revision cannot both miss the other.
     */
    public boolean allClearIfEnded(Connection c, Pending p) throws SQLException {
        UUID id = UUID.fromString(p.notification().alert().alertId());
        try (PreparedStatement ended = c.prepareStatement(ENDED)) {
            ended.setObject(1, id);
            try (ResultSet rs = ended.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                try (PreparedStatement allClear = c.prepareStatement(ALL_CLEAR)) {
                    return allClear(
                                    allClear,
                                    id,
                                    rs.getInt(1),
                                    rs.getString(2),
                                    p.contactPoint(),
                                    p.notification().step())
                            > 0;
                }
            }
        }
    }

    private static int allClear(
            PreparedStatement allClear, UUID id, int revision, String json, String contactPoint, int step)
            throws SQLException {
        allClear.setInt(1, revision);
        allClear.setString(2, json);
        allClear.setObject(3, id);
        allClear.setString(4, contactPoint);
        allClear.setString(5, contactPoint);
        allClear.setInt(6, step);
        return allClear.executeUpdate();
    }

    private static JsonNode settings(Connection c, String customerId) throws SQLException {
        try (PreparedStatement read = c.prepareStatement(SETTINGS)) {
            read.setString(1, customerId);
            try (ResultSet rs = read.executeQuery()) {
                return rs.next() ? JSON.readTree(rs.getString(1)) : null;
            }
        } catch (IOException e) {
            throw new SQLException("customer_settings.settings of " + customerId + " is not JSON", e);
        }
    }

    /** Destinations with due rows (pending, or held with a newer action to judge them by). */
    public List<Destination> dueDestinations(Connection c) throws SQLException {
        List<Destination> due = new ArrayList<>();
        try (PreparedStatement read = c.prepareStatement(DESTINATIONS);
                ResultSet rs = read.executeQuery()) {
            while (rs.next()) {
                due.add(new Destination(rs.getString(1), rs.getBoolean(2)));
            }
        }
        return due;
    }

    public Stats stats(Connection c) throws SQLException {
        try (PreparedStatement read = c.prepareStatement(STATS);
                ResultSet rs = read.executeQuery()) {
            rs.next();
            return new Stats(rs.getLong(1), rs.getLong(2), rs.getDouble(3));
        }
    }

    /** The destination's oldest due row, locked until the caller's transaction ends. */
    public Optional<Pending> claimNext(Connection c, String destination) throws SQLException {
        try (PreparedStatement claim = c.prepareStatement(CLAIM)) {
            claim.setString(1, destination);
            try (ResultSet rs = claim.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                AlertRevision alert = AlertRevision.parse(rs.getString(7).getBytes(StandardCharsets.UTF_8));
                Notification notification =
                        new Notification(Notification.Kind.valueOf(rs.getString(6)), alert, rs.getInt(4));
                int latestRevision = rs.getInt(9);
                EscalationPolicy.Latest latest =
                        rs.wasNull() ? null : new EscalationPolicy.Latest(latestRevision, rs.getString(10));
                long actionId = rs.getLong(11);
                Optional<AlertAction> action = rs.wasNull()
                        ? Optional.empty()
                        : Optional.of(new AlertAction(
                                actionId,
                                AlertAction.Type.valueOf(rs.getString(12)),
                                rs.getString(13),
                                instant(rs.getTimestamp(14)),
                                rs.getString(15),
                                instant(rs.getTimestamp(16))));
                return Optional.of(new Pending(
                        notification,
                        rs.getString(3),
                        rs.getString(5),
                        rs.getInt(8),
                        latest,
                        action,
                        instant(rs.getTimestamp(17))));
            }
        }
    }

    public void markDelivered(Connection c, Pending p) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(DELIVERED_SQL)) {
            bindKey(update, 1, p);
            update.executeUpdate();
        }
    }

    public void markFailed(Connection c, Pending p, String error, Duration retryIn) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(FAILED_SQL)) {
            update.setString(1, bounded(error));
            update.setLong(2, retryIn.toMillis());
            bindKey(update, 3, p);
            update.executeUpdate();
        }
    }

    /** Ends the row without a delivery: {@code state} held (by {@code actionId}), cancelled or failed. */
    public void settle(Connection c, Pending p, String state, String reason, long actionId) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(SETTLED_SQL)) {
            update.setString(1, state);
            update.setString(2, bounded(reason));
            if (actionId > 0) {
                update.setLong(3, actionId);
            } else {
                update.setNull(3, java.sql.Types.BIGINT);
            }
            bindKey(update, 4, p);
            update.executeUpdate();
        }
    }

    /** Keeps the row pending until {@code until} (a snooze), when it is judged again. */
    public void postpone(Connection c, Pending p, Instant until, String reason) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(POSTPONED_SQL)) {
            update.setString(1, bounded(reason));
            update.setTimestamp(2, Timestamp.from(until));
            bindKey(update, 3, p);
            update.executeUpdate();
        }
    }

    private static String bounded(String text) {
        return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) : text;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static void bindKey(PreparedStatement statement, int first, Pending p) throws SQLException {
        statement.setObject(first, UUID.fromString(p.notification().alert().alertId()));
        statement.setInt(first + 1, p.notification().alert().revision());
        statement.setString(first + 2, p.contactPoint());
        statement.setInt(first + 3, p.notification().step());
    }
}
