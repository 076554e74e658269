package com.heartbeatmonitor.notifier;

import java.util.Optional;
import java.util.Set;

/**
 * An alert revision a person must hear about, why, and at which escalation step. Which revisions those are is
 * decided here and nowhere else.
 *
 * <p>Paged: a revision that is OPEN at severity HIGH or CRITICAL. The job emits an OPEN revision only when an alert
 * opens (revision 1) and when its severity rises while open ({@code EpisodeDetector.escalate}); every other change
 * ends the alert (CLOSED, EXPIRED). So an OPEN revision after the first is an escalation, and the rule needs no
 * memory of earlier revisions: the same input gives the same decision on every replay. Step 0 goes to the first
 * contact; step k, sent only if nobody acknowledged in time ({@link EscalationPolicy}), to the customer's contact
 * k+1.
 *
 * <p>A WARNING (a device notice such as a lost signal) is a NOTICE: to the first contact only, never escalated, and
 * not in the customer's night ({@link QuietHours}). The end of an alert is an ALL_CLEAR to every contact that was
 * paged for it; it says what ended and how (CLOSED: no reading beyond the threshold for a while, which is also
 * what a device taken off looks like; EXPIRED: no readings at all), not that the patient is well.
 */
public record Notification(Kind kind, AlertRevision alert, int step) {

    /**
     * NEW: the first revision of an alert; ESCALATED: a later OPEN revision, whose severity rose; ALL_CLEAR: the
     * alert ended; NOTICE: a WARNING about the device.
     */
    public enum Kind {
        NEW,
        ESCALATED,
        ALL_CLEAR,
        NOTICE;

        /** A page: what escalates, and what an all clear follows. */
        public boolean page() {
            return this == NEW || this == ESCALATED;
        }
    }

    static final Set<String> PAGED_SEVERITIES = Set.of("HIGH", "CRITICAL");
    static final String NOTICE_SEVERITY = "WARNING";
    static final String OPEN = "OPEN";
    static final Set<String> ENDINGS = Set.of("CLOSED", "EXPIRED");
    private static final int FIRST_REVISION = 1;

    public Notification(Kind kind, AlertRevision alert) {
        this(kind, alert, 0);
    }

    /**
     * The notification for {@code alert} at step 0, or empty when this revision is not one a person is told about
     * as it is (an ending is told as an all clear, to those paged: {@link #ends}).
     */
    public static Optional<Notification> of(AlertRevision alert) {
        if (!OPEN.equals(alert.status())) {
            return Optional.empty();
        }
        if (NOTICE_SEVERITY.equals(alert.severity())) {
            return Optional.of(new Notification(Kind.NOTICE, alert));
        }
        if (!PAGED_SEVERITIES.contains(alert.severity())) {
            return Optional.empty();
        }
        return Optional.of(new Notification(alert.revision() == FIRST_REVISION ? Kind.NEW : Kind.ESCALATED, alert));
    }

    /** Whether {@code alert} is the revision that ends its alert: CLOSED or EXPIRED, not a status not known yet. */
    public static boolean ends(AlertRevision alert) {
        return ENDINGS.contains(alert.status());
    }

    /** The same notification at escalation step {@code step}. */
    public Notification atStep(int step) {
        return new Notification(kind, alert, step);
    }

    /**
     * The Idempotency-Key header: the same for every delivery attempt of this revision and step; alert_id:revision
     * at step 0 (as before escalation existed), alert_id:revision:step after.
     */
    public String idempotencyKey() {
        return step == 0 ? alert.key() : alert.key() + ":" + step;
    }
}
