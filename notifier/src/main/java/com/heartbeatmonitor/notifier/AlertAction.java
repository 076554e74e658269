package com.heartbeatmonitor.notifier;

import java.time.Instant;
import java.util.Locale;

/**
 * The newest action a person took on an alert (table {@code alert_actions}, sql/V8__alert_actions.sql, written by
 * the care console): only the newest counts, and it applies to every revision of the alert. {@code severity} is
 * the severity the person saw when acting; {@code snoozeUntil} is set for a SNOOZE only.
 */
public record AlertAction(
        long actionId, Type type, String severity, Instant snoozeUntil, String actor, Instant actedAt) {

    /** The actions of sql/V8__alert_actions.sql. */
    public enum Type {
        ACKNOWLEDGE,
        SNOOZE,
        RESOLVE,
        REOPEN
    }

    /** What a person reads about it in the ledger, e.g. "ACKNOWLEDGE by ana at 2026-12-04T16:00:00Z (HIGH)". */
    public String describe() {
        return type.name().toLowerCase(Locale.ROOT) + " by " + actor + " at " + actedAt + " (seen at " + severity
                + (snoozeUntil == null ? ")" : ", until " + snoozeUntil + ")");
    }
}
