package com.heartbeatmonitor.notifier;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ledger rows one alert revision adds, with when each is due: a page to every recipient of step 0 now, and to
 * the recipient of step k after k times the severity's escalation delay; a notice to step 0 in the customer's
 * daytime. Whether a due escalation is then sent is the {@link EscalationPolicy}'s call at that time. Plain, with
 * the time passed in.
 */
public final class Planner {

    /** One row to add: to whom, at which step, due after {@code delay}. */
    public record Planned(Notification notification, CustomerPlan.Recipient recipient, Duration delay) {}

    private final EscalationPolicy policy;
    private final QuietHours quietHours;

    public Planner(EscalationPolicy policy, QuietHours quietHours) {
        this.policy = policy;
        this.quietHours = quietHours;
    }

    public List<Planned> plan(AlertRevision alert, CustomerPlan plan, Instant now) {
        Optional<Notification> notification = Notification.of(alert);
        List<Planned> rows = new ArrayList<>();
        if (notification.isEmpty()) {
            return rows;
        }
        Notification n = notification.get();
        if (n.kind() == Notification.Kind.NOTICE) {
            Duration wait = Duration.between(
                    now, quietHours.deliverAt(now, plan.timeZone().orElse(null)));
            plan.first().forEach(r -> rows.add(new Planned(n, r, wait)));
            return rows;
        }
        Duration every = policy.escalateAfter(alert.severity(), plan).orElse(Duration.ZERO);
        for (int step = 0; step < plan.steps().size(); step++) {
            Notification atStep = n.atStep(step);
            Duration delay = every.multipliedBy(step);
            plan.steps().get(step).forEach(r -> rows.add(new Planned(atStep, r, delay)));
        }
        return rows;
    }
}
