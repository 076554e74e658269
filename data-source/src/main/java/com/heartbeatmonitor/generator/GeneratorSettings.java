package com.heartbeatmonitor.generator;

import java.time.Instant;

/**
 * What to simulate. {@code eventsPerSecond} fixes the nominal spacing of each device,
 * {@code customers / eventsPerSecond} seconds: with regular, always-worn devices (the default profile)
 * message {@code i} is stamped {@code start + i / eventsPerSecond}. The same seed and start give
 * byte-identical output.
 */
public record GeneratorSettings(
        int customers,
        double eventsPerSecond,
        Instant start,
        long seed,
        double invalidShare,
        SimulationProfile profile) {

    public GeneratorSettings {
        if (customers < 1) {
            throw new IllegalArgumentException("customers must be at least 1, got " + customers);
        }
        if (!(eventsPerSecond > 0)) {
            throw new IllegalArgumentException("events per second must be positive, got " + eventsPerSecond);
        }
        if (!(invalidShare >= 0 && invalidShare <= 1)) {
            throw new IllegalArgumentException("invalid share must be within [0, 1], got " + invalidShare);
        }
    }
}
