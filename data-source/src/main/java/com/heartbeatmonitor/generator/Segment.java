package com.heartbeatmonitor.generator;

/**
 * One stretch of a customer's day that moves the heart away from rest, in epoch milliseconds
 * {@code [start, end)}. {@code level} is the rate it pulls towards; exercise alternates it with
 * {@code level - easyDrop} every {@code boutMillis}; resting tachycardia and fever ramp to it over
 * {@code rampMillis}.
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
        WALK(null, null, true),
        STAIRS(null, null, true),
        STRESS(AnomalyType.STRESS, null, false),
        EXERCISE(AnomalyType.EXERCISE, null, true),
        /** Exercise whose readings suffer motion artefacts ({@link MotionArtefacts}). */
        EXERCISE_NOISY(AnomalyType.EXERCISE_OPTICAL_NOISE, null, true),
        PAROXYSMAL_TACHYCARDIA(AnomalyType.PAROXYSMAL_TACHYCARDIA, null, false),
        RESTING_TACHYCARDIA(AnomalyType.RESTING_TACHYCARDIA, null, false),
        BRADYCARDIA(AnomalyType.BRADYCARDIA, null, false),
        /** The device sends nothing; the heart stays at rest. */
        DEVICE_STOPPED(AnomalyType.DEVICE_STOPPED, null, false),
        /** Its truth depends on rate and length: see {@link #truth()}. */
        ATRIAL_FIBRILLATION(null, Beats.Rhythm.ATRIAL_FIBRILLATION, false),
        ECTOPIC_BEATS(AnomalyType.ECTOPIC_BEATS, Beats.Rhythm.ECTOPIC, false),
        FEVER(AnomalyType.FEVER, null, false);

        /** What the truth file calls it; null for everyday movement nobody needs to be told about. */
        private final AnomalyType truth;
        /** Beats that matter one by one, or null: the device's averaging of sinus rhythm is plain noise. */
        final Beats.Rhythm rhythm;
        /** Whether a device with a motion sensor reports the wearer as active. */
        final boolean active;

        Kind(AnomalyType truth, Beats.Rhythm rhythm, boolean active) {
            this.truth = truth;
            this.rhythm = rhythm;
            this.active = active;
        }
    }

    static Segment steady(
            Kind kind, long start, long end, double level, double riseTau, double recoveryTau, double wobbleSd) {
        return new Segment(kind, start, end, level, 0, 0, 0, riseTau, recoveryTau, wobbleSd);
    }

    /**
     * What the truth file calls this segment, null for none. AF is classified by its mean rate and length
     * against the alert bar: fast and long enough that the vendors' rule must alert (pathological), at
     * most {@code AF_QUIET_LEVEL} (benign: slow AF), or in between (borderline).
     */
    AnomalyType truth() {
        if (kind != Kind.ATRIAL_FIBRILLATION) {
            return kind.truth;
        }
        if (level <= SimulationProfile.AF_QUIET_LEVEL) {
            return AnomalyType.AF_SLOW;
        }
        return level >= SimulationProfile.AF_ALERT_LEVEL && end - start >= SimulationProfile.AF_ALERT_LENGTH
                ? AnomalyType.AF_RAPID_VENTRICULAR_RESPONSE
                : AnomalyType.AF_BORDERLINE;
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
