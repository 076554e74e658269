package com.heartbeatmonitor.generator;

import java.time.Instant;

/**
 * One simulated episode, in event time: the ground truth that detection is measured against. Benign
 * episodes (sleep, exercise, a device off the wrist...) are truth too: alerts on them are false alarms.
 */
public record AnomalyEpisode(String customerId, AnomalyType type, Instant start, Instant end) {

    public AnomalyType.Category category() {
        return type.category();
    }

    public boolean pathological() {
        return type.pathological();
    }
}
