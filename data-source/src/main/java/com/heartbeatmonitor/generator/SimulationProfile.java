package com.heartbeatmonitor.generator;

import java.time.Duration;

/**
 * The physiology of the simulation in one place. Durations are event time. Anomaly episodes last well
 * beyond the 30 s a condition must persist before the job raises an alert, and their levels sit at
 * least 8 bpm (about 4 standard deviations of the noise) beyond the alert thresholds (below 50, above
 * 100 bpm), so the ground truth is detectable by design. Onsets are gradual (the same reversion as
 * normal physiology), so the start of an episode is never itself a 40 bpm jump, which is a spike.
 */
public record SimulationProfile(
        Duration meanTimeBetweenAnomalies, Duration meanTimeBetweenActivity) {

    public static final SimulationProfile DEFAULT =
            new SimulationProfile(Duration.ofMinutes(10), Duration.ofMinutes(3));

    /** The default physiology with anomaly episodes this often (mean event time per customer). */
    public static SimulationProfile withAnomalyInterval(Duration meanTimeBetweenAnomalies) {
        return new SimulationProfile(meanTimeBetweenAnomalies, DEFAULT.meanTimeBetweenActivity());
    }

    /** Resting baselines of adults at rest, in bpm. */
    static final int BASELINE_MIN = 55;
    static final int BASELINE_MAX = 85;

    /** Pull towards the target per second of event time. */
    static final double REVERSION_PER_SECOND = 0.25;
    /** Random-walk volatility (bpm per sqrt(second)) and sensor noise (bpm) of each reading. */
    static final double WALK_SIGMA = 1.2;
    static final double SENSOR_NOISE_SIGMA = 1.0;

    /** Short, moderate activity: raises the rate without reaching tachycardia. */
    static final int ACTIVITY_RISE_MIN = 8;
    static final int ACTIVITY_RISE_MAX = 15;
    static final int ACTIVITY_CEILING = 95;
    static final Duration ACTIVITY_MIN = Duration.ofSeconds(10);
    static final Duration ACTIVITY_MAX = Duration.ofSeconds(25);

    static final int BRADYCARDIA_MIN = 36;
    static final int BRADYCARDIA_MAX = 42;
    static final int TACHYCARDIA_MIN = 115;
    static final int TACHYCARDIA_MAX = 165;
    static final Duration EPISODE_MIN = Duration.ofSeconds(60);
    static final Duration EPISODE_MAX = Duration.ofSeconds(120);
    static final Duration SILENCE_MIN = Duration.ofSeconds(45);
    static final Duration SILENCE_MAX = Duration.ofSeconds(120);
    /** A spike is a single reading this far from the current rate. */
    static final int SPIKE_MIN = 45;
    static final int SPIKE_MAX = 70;

    /** Every valid reading stays inside the job's default valid range (30-220 bpm) with margin. */
    static final int READING_FLOOR = 35;
    static final int READING_CEILING = 210;
}
