package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

/** Waiting on a condition with a bound, never a fixed sleep: what the integration tests wait with. */
final class Await {

    /** A condition that may query a database or a broker. */
    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    private static final Duration POLL = Duration.ofMillis(200);

    private Await() {}

    /** Polls {@code condition} until it holds; fails naming {@code what} after {@code timeout}. */
    static void until(String what, Duration timeout, Condition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            assertThat(System.nanoTime()).as("waiting for: " + what).isLessThan(deadline);
            Thread.sleep(POLL.toMillis());
        }
    }
}
