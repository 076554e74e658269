package com.heartbeatmonitor.notifier;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Whether a due ledger row is sent now, and when an escalation step is due: the escalation rules of
 * docs/operations/notifications.md in one plain class, with the time passed in.
 *
 * <ul>
 *   <li>Step 0 (the first page of a revision), an all clear and a morning notice are always sent: an action
 *       holds back escalation to further contacts, never the news itself. A notice whose alert ended before it
 *       went out (held for the morning, or read late with its ending) is cancelled: nothing is left to look at.
 *   <li>Step k of a revision is due k times the severity's delay after the revision was read (CRITICAL 5 min, HIGH
 *       15 min by default; per customer in its settings). It is cancelled when a newer revision of the alert was
 *       read (that revision escalates on its own clock) or when the alert ended.
 *   <li>The newest action of the alert decides the rest: ACKNOWLEDGE or RESOLVE holds the escalation, SNOOZE
 *       postpones it to snooze_until, REOPEN (or no action) lets it go. An action on a lower severity than the
 *       row's (HIGH acknowledged, now CRITICAL) does not apply: an urgent change overrides it.
 * </ul>
 */
public final class EscalationPolicy {

    /** Severities in rising order, as the topic writes them. */
    private static final List<String> RANKS = List.of("WARNING", "HIGH", "CRITICAL");

    /** What to do with a due row. */
    public enum Verdict {
        /** Send it now. */
        DELIVER,
        /** Wait until {@link Decision#until()} and judge it again (a snooze). */
        POSTPONE,
        /** Keep it, unsent, until a newer action of the alert (an acknowledgement or resolution). */
        HOLD,
        /** Never send it: superseded or over. */
        CANCEL
    }

    /** A verdict, with when (POSTPONE), why (for the ledger's last_error) and which action (HOLD). */
    public record Decision(Verdict verdict, Instant until, String reason, long actionId) {
        static Decision deliver() {
            return new Decision(Verdict.DELIVER, null, null, 0);
        }
    }

    /** A due row as the policy needs it. */
    public record Row(Notification.Kind kind, int step, int revision, String severity) {}

    /** The newest revision of the alert the notifier has read. */
    public record Latest(int revision, String status) {}

    private final Duration criticalAfter;
    private final Duration highAfter;

    public EscalationPolicy(Duration criticalAfter, Duration highAfter) {
        this.criticalAfter = criticalAfter;
        this.highAfter = highAfter;
    }

    /**
     * How long a revision of {@code severity} waits per step, the customer's override first. Empty for a severity
     * that does not escalate (WARNING).
     */
    public Optional<Duration> escalateAfter(String severity, CustomerPlan plan) {
        return switch (severity) {
            case "CRITICAL" -> Optional.of(plan.criticalAfter().orElse(criticalAfter));
            case "HIGH" -> Optional.of(plan.highAfter().orElse(highAfter));
            default -> Optional.empty();
        };
    }

    /** Judges a due row at {@code now}, given the alert's newest revision read and its newest action. */
    public Decision decide(Row row, Latest latest, Optional<AlertAction> newest, Instant now) {
        boolean ended = latest != null && Notification.ENDINGS.contains(latest.status());
        if (row.kind() == Notification.Kind.NOTICE) {
            return ended && latest.revision() > row.revision()
                    ? new Decision(
                            Verdict.CANCEL,
                            null,
                            "the alert ended (" + latest.status() + ") before the notice went out",
                            0)
                    : Decision.deliver();
        }
        if (row.step() == 0 || row.kind() == Notification.Kind.ALL_CLEAR) {
            return Decision.deliver();
        }
        if (latest != null && latest.revision() > row.revision()) {
            return new Decision(
                    Verdict.CANCEL,
                    null,
                    ended
                            ? "the alert ended (" + latest.status() + ") before this escalation"
                            : "superseded by revision " + latest.revision(),
                    0);
        }
        if (newest.isEmpty()) {
            return Decision.deliver();
        }
        AlertAction action = newest.get();
        if (rank(action.severity()) < rank(row.severity())) {
            // Acted on HIGH, now CRITICAL: the person has not seen this one.
            return Decision.deliver();
        }
        return switch (action.type()) {
            case REOPEN -> Decision.deliver();
            case SNOOZE ->
                action.snoozeUntil().isAfter(now)
                        ? new Decision(Verdict.POSTPONE, action.snoozeUntil(), "snoozed: " + action.describe(), 0)
                        : Decision.deliver();
            case ACKNOWLEDGE, RESOLVE -> new Decision(Verdict.HOLD, null, action.describe(), action.actionId());
        };
    }

    static int rank(String severity) {
        return RANKS.indexOf(severity);
    }
}
