package com.heartbeatmonitor.console.alerts;

import java.time.Instant;
import java.util.UUID;

/** One row of alert_actions (V8): who did what to an alert, on which revision and severity, when. */
public record AlertAction(
        long actionId,
        UUID alertId,
        int revision,
        Severity severity,
        ActionKind action,
        Instant snoozeUntil,
        String actor,
        String note,
        Instant actedAt) {

    /** The console's word for the alert's state after this action, at {@code now}. */
    public String state(Instant now) {
        return switch (action) {
            case ACKNOWLEDGE -> "acknowledged by " + actor;
            case SNOOZE ->
                snoozeUntil.isAfter(now)
                        ? "snoozed by " + actor + " until " + snoozeUntil
                        : "snooze of " + actor + " ended";
            case RESOLVE -> "resolved by " + actor;
            case REOPEN -> "reopened by " + actor;
        };
    }
}
