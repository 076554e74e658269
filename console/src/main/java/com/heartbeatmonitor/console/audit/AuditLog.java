package com.heartbeatmonitor.console.audit;

import static com.heartbeatmonitor.console.alerts.AlertStore.instant;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The console's audit trail (console_audit, V10) besides alert actions: append-only. */
@Repository
public class AuditLog {

    /** What is audited here (the table's CHECK lists the same). */
    public enum Event {
        SIGN_IN,
        SIGN_IN_REFUSED,
        SIGN_OUT,
        SETTINGS_SENT,
        USER_CREATED,
        USER_CHANGED
    }

    /** One row, as the users page lists the latest. */
    public record Entry(String actor, Event action, String subject, String detail, String remoteAddress, Instant at) {}

    /** The user page lists this many of the latest rows. */
    public static final int LATEST = 50;

    private final JdbcClient jdbc;

    public AuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void record(String actor, Event event, String subject, String detail, String remoteAddress) {
        jdbc.sql("INSERT INTO console_audit (actor, action, subject, detail, remote_address) VALUES (?, ?, ?, ?, ?)")
                .params(actor, event.name(), subject, detail == null ? "" : detail, remoteAddress)
                .update();
    }

    public List<Entry> latest() {
        return jdbc.sql("SELECT actor, action, subject, detail, remote_address, acted_at FROM console_audit"
                        + " ORDER BY audit_id DESC LIMIT " + LATEST)
                .query((rs, row) -> new Entry(
                        rs.getString("actor"),
                        Event.valueOf(rs.getString("action")),
                        rs.getString("subject"),
                        rs.getString("detail"),
                        rs.getString("remote_address"),
                        instant(rs, "acted_at")))
                .list();
    }
}
