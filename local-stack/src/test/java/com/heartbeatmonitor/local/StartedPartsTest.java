package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartedPartsTest {

    private final List<String> closed = new ArrayList<>();

    private AutoCloseable part(String name) {
        return () -> closed.add(name);
    }

    @Test
    void closesInReverseOrderOfStarting() {
        try (StartedParts parts = new StartedParts()) {
            parts.add("broker", part("broker"));
            parts.add("job", part("job"));
            parts.add("sender", part("sender"));
        }
        assertThat(closed).containsExactly("sender", "job", "broker");
    }

    @Test
    void aPartFailingToCloseDoesNotKeepTheOthersRunning() {
        StartedParts parts = new StartedParts();
        parts.add("broker", part("broker"));
        parts.add("job", () -> {
            throw new IllegalStateException("REST call failed");
        });
        parts.add("notifier", () -> {
            throw new InterruptedException();
        });
        parts.close();
        assertThat(closed).containsExactly("broker");
        assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
    }

    @Test
    void closingTwiceClosesOnceAndNothingCanBeAddedAfterwards() {
        StartedParts parts = new StartedParts();
        parts.add("broker", part("broker"));
        parts.close();
        parts.close(); // Ctrl-C's hook and the main thread
        assertThat(closed).containsExactly("broker");
        assertThatThrownBy(() -> parts.add("job", part("job")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("job");
    }

    @Test
    void aStepThatFailsAfterOthersStartedLeavesNothingBehind() {
        assertThatThrownBy(() -> {
                    try (StartedParts parts = new StartedParts()) {
                        parts.add("broker", part("broker"));
                        parts.add("job", part("job"));
                        throw new IllegalStateException("the notifier cannot reach its database");
                    }
                })
                .hasMessageContaining("notifier");
        assertThat(closed).containsExactly("job", "broker");
    }
}
