package com.heartbeatmonitor.generator;

/**
 * One stretch of a customer's day that moves the heart away from rest, in epoch milliseconds
 * {@code [start, end)}. {@code level} is the rate it pulls towards; exercise alternates it with
 * {@code level - easyDrop} every {@code boutMillis}; resting tachycardia ramps to it over {@code rampMillis}.
 */
record Segment(
        Kind kind,
        long start,
        long end,
        double level,
        double easyDrop,
        long boutMillis,
        long rampMillis,
        double riseTau,
        double recoveryTau,
        double wobbleSd) {

    enum Kind {
        WALK(null),
        STAIRS(null),
        STRESS(AnomalyType.STRESS),
        EXERCISE(AnomalyType.EXERCISE),
        PAROXYSMAL_TACHYCARDIA(AnomalyType.PAROXYSMAL_TACHYCARDIA),
        RESTING_TACHYCARDIA(AnomalyType.RESTING_TACHYCARDIA),
        BRADYCARDIA(AnomalyType.BRADYCARDIA),
        /** The device sends nothing; the heart stays at rest. */
        DEVICE_STOPPED(AnomalyType.DEVICE_STOPPED);

        /** What the truth file calls it; null for everyday movement nobody needs to be told about. */
        final AnomalyType truth;

        Kind(AnomalyType truth) {
            this.truth = truth;
        }
    }

    static Segment steady(
            Kind kind, long start, long end, double level, double riseTau, double recoveryTau, double wobbleSd) {
        return new Segment(kind, start, end, level, 0, 0, 0, riseTau, recoveryTau, wobbleSd);
    }

    /**
     * Once the heart has reached the level, readings stay within this many bpm of it (0: no limit): a
     * paroxysmal plateau is flat, a bradycardia plateau stays below 40.
     */
    double band() {
        return switch (kind) {
            case PAROXYSMAL_TACHYCARDIA -> SimulationProfile.PAROXYSMAL_BAND;
            case BRADYCARDIA -> SimulationProfile.BRADY_BAND;
            default -> 0;
        };
    }

    /** The rate this segment pulls towards at {@code t}, given the resting rate {@code rest}. */
    double target(long t, double rest) {
        if (rampMillis > 0) {
            double ramp = Math.min(1.0, Math.min(t - start, end - t) / (double) rampMillis);
            return rest + (level - rest) * Math.max(0.0, ramp);
        }
        if (boutMillis > 0 && ((t - start) / boutMillis) % 2 == 1) {
            return level - easyDrop;
        }
        return level;
    }
}
