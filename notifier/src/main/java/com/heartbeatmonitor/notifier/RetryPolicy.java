package com.heartbeatmonitor.notifier;

import java.time.Duration;

/**
 * How long a failed delivery waits before its next attempt: doubling from {@code initial} up to {@code max}, and
 * never giving up. A clinical alert delivered late (it carries its detection time) is better than one dropped;
 * while the contact point is down the ledger holds the pending rows, across restarts too.
 */
public record RetryPolicy(Duration initial, Duration max) {

    /** Past this many doublings the delay is {@code max} anyway; keeps the shift from overflowing. */
    private static final int MAX_DOUBLINGS = 30;

    /** The wait after the {@code failedAttempts}-th failed attempt (1 for the first). */
    public Duration delayAfter(int failedAttempts) {
        int doublings = Math.min(Math.max(failedAttempts - 1, 0), MAX_DOUBLINGS);
        long millis = initial.toMillis() << doublings;
        return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
    }
}
