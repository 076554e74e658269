package com.heartbeatmonitor.notifier;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

/**
 * The durable record of what must be and what was notified: table {@code alert_notifications}
 * ({@code sql/V5__notifications.sql}), one row per (alert_id, revision, contact point), pending until the contact
 * point accepted it. The row is written before the topic's offset is committed, so a notifier that dies after
 * reading an alert finds it again (in the topic, or pending here); the primary key makes a revision that the job
 * published twice, or that is read again after a restart, a no-op.
 */
public final class Ledger {

    static final String PENDING = "pending";
    static final String DELIVERED = "delivered";
    /** last_error is for a person reading the table; a receiver's whole error page is not. */
    private static final int MAX_ERROR_LENGTH = 500;

    private static final String INSERT = "INSERT INTO alert_notifications"
            + " (alert_id, revision, contact_point, kind, alert) VALUES (?, ?, ?, ?, ?::jsonb)"
            + " ON CONFLICT (alert_id, revision, contact_point) DO NOTHING";
    /**
     * The oldest due row, locked for the delivery: a second notifier (or one restarted while the old one still
     * finishes) skips it instead of sending it again.
     */
    private static final String CLAIM = "SELECT alert_id, revision, contact_point, kind, alert::text, attempts"
            + " FROM alert_notifications"
            + " WHERE state = 'pending' AND next_attempt_at <= now() AND contact_point = ANY (?)"
            + " ORDER BY enqueued_at, alert_id, revision LIMIT 1 FOR UPDATE SKIP LOCKED";

    private static final String DELIVERED_SQL = "UPDATE alert_notifications SET state = 'delivered',"
            + " attempts = attempts + 1, delivered_at = now(), last_error = NULL"
            + " WHERE alert_id = ? AND revision = ? AND contact_point = ?";
    private static final String FAILED_SQL = "UPDATE alert_notifications SET attempts = attempts + 1,"
            + " last_error = ?, next_attempt_at = now() + ? * interval '1 millisecond'"
            + " WHERE alert_id = ? AND revision = ? AND contact_point = ?";

    /** A row to deliver: the notification, where to, and how often it has been tried. */
    public record Pending(Notification notification, String contactPoint, int attempts) {}

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
     * Checks at start that the role may use the table, so a wrong setting fails with a message instead of on the
     * first alert.
     */
    public void check() {
        try (Connection c = connect();
                PreparedStatement read = c.prepareStatement("SELECT count(*) FROM alert_notifications WHERE false")) {
            read.executeQuery().close();
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot use table alert_notifications at " + url + " as " + user + ": " + e.getMessage()
                            + "\nCheck " + NotifierConfig.JDBC_URL + " (else " + NotifierConfig.JOB_JDBC_URL
                            + "), " + NotifierConfig.DB_USER + " and " + NotifierConfig.DB_PASSWORD
                            + "; the database must be migrated (heartbeat-migrate.jar, or the run command):"
                            + " sql/V5__notifications.sql and the role's grants (sql/roles/grant-roles.sql).",
                    e);
        }
    }

    /**
     * Adds each notification for each contact point unless its row exists; one transaction. Returns how many rows
     * are new.
     */
    public int record(Connection c, List<Notification> notifications, Collection<String> contactPoints)
            throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement insert = c.prepareStatement(INSERT)) {
            for (Notification n : notifications) {
                for (String contactPoint : contactPoints) {
                    insert.setObject(1, UUID.fromString(n.alert().alertId()));
                    insert.setInt(2, n.alert().revision());
                    insert.setString(3, contactPoint);
                    insert.setString(4, n.kind().name());
                    insert.setString(5, n.alert().toJson().toString());
                    insert.addBatch();
                }
            }
            int added = 0;
            for (int rows : insert.executeBatch()) {
                added += Math.max(rows, 0);
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

    /** The oldest due row for one of {@code contactPoints}, locked until the caller's transaction ends. */
    public Optional<Pending> claimNext(Connection c, Collection<String> contactPoints) throws SQLException {
        try (PreparedStatement claim = c.prepareStatement(CLAIM)) {
            Array names = c.createArrayOf("text", contactPoints.toArray());
            claim.setArray(1, names);
            try (ResultSet rs = claim.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                AlertRevision alert = AlertRevision.parse(rs.getString(5).getBytes(StandardCharsets.UTF_8));
                Notification notification = new Notification(Notification.Kind.valueOf(rs.getString(4)), alert);
                return Optional.of(new Pending(notification, rs.getString(3), rs.getInt(6)));
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
            update.setString(1, error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error);
            update.setLong(2, retryIn.toMillis());
            bindKey(update, 3, p);
            update.executeUpdate();
        }
    }

    private static void bindKey(PreparedStatement statement, int first, Pending p) throws SQLException {
        statement.setObject(first, UUID.fromString(p.notification().alert().alertId()));
        statement.setInt(first + 1, p.notification().alert().revision());
        statement.setString(first + 2, p.contactPoint());
    }
}
