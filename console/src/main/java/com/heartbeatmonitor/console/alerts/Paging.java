package com.heartbeatmonitor.console.alerts;

import java.time.Instant;
import java.util.UUID;

/** One row of the notifier's ledger (alert_notifications): a revision sent, or being sent, to a contact point. */
public record Paging(UUID alertId, int revision, String contactPoint, String kind, String state, Instant deliveredAt) {

    /** As the open alerts page lists it. */
    public String describe() {
        return contactPoint + " (" + kind.toLowerCase(java.util.Locale.ROOT) + " r" + revision + ", "
                + ("delivered".equals(state)
                        ? "delivered " + deliveredAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        : state)
                + ")";
    }
}
