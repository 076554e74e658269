package com.heartbeatmonitor.notifier;

import java.util.Optional;
import java.util.Set;

/**
 * An alert revision a person must hear about, and why. Which revisions those are is decided here and nowhere
 * else.
 *
 * <p>Notified: a revision that is OPEN at severity HIGH or CRITICAL. The job emits an OPEN revision only when an
 * alert opens (revision 1) and when its severity rises while open ({@code EpisodeDetector.escalate}); every other
 * change ends the alert (CLOSED, EXPIRED). So an OPEN revision after the first is an escalation, and the rule needs
 * no memory of earlier revisions: the same input gives the same decision on every replay. A WARNING (a lost
 * signal) is on the dashboard, not on a phone. The end of an alert is not notified: CLOSED means the condition
 * was not measured for a while (also when the wearer took the device off), not that the patient is well, and
 * telling someone "resolved" would invite them to stop looking; the dashboard's open-alerts table shows it.
 */
public record Notification(Kind kind, AlertRevision alert) {

    /** NEW: the first revision of an alert; ESCALATED: a later OPEN revision, whose severity rose. */
    public enum Kind {
        NEW,
        ESCALATED
    }

    static final Set<String> NOTIFIED_SEVERITIES = Set.of("HIGH", "CRITICAL");
    static final String OPEN = "OPEN";
    private static final int FIRST_REVISION = 1;

    /** The notification for {@code alert}, or empty when this revision is not one a person is told about. */
    public static Optional<Notification> of(AlertRevision alert) {
        if (!OPEN.equals(alert.status()) || !NOTIFIED_SEVERITIES.contains(alert.severity())) {
            return Optional.empty();
        }
        return Optional.of(new Notification(alert.revision() == FIRST_REVISION ? Kind.NEW : Kind.ESCALATED, alert));
    }

    /** The Idempotency-Key header: the same for every delivery attempt of this revision, on every contact point. */
    public String idempotencyKey() {
        return alert.key();
    }
}
