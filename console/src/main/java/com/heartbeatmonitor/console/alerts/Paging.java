package com.heartbeatmonitor.console.alerts;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;

/**
 * One row of the notifier's ledger (alert_notifications): a revision sent, being sent, or planned for a contact
 * point (an escalation step waits for its due time), with what became of it.
 */
public record Paging(
        UUID alertId,
        int revision,
        String contactPoint,
        String kind,
        String state,
        int attempts,
        Instant dueAt,
        Instant deliveredAt) {

    /** As the open alerts page lists it: a planned escalation reads "due", not "pending", so nobody thinks it sent. */
    public String describe() {
        return contactPoint + " (" + kind.toLowerCase(Locale.ROOT) + " r" + revision + ", " + outcome() + ")";
    }

    private String outcome() {
        return switch (state) {
            case "delivered" -> "delivered " + seconds(deliveredAt);
            case "pending" -> attempts == 0 ? "due " + seconds(dueAt) : "retrying, " + attempts + " failed";
            case "held" -> "held by the care team's action";
            case "cancelled" -> "cancelled, no longer needed";
            default -> state;
        };
    }

    private static Instant seconds(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS);
    }
}
