package com.heartbeatmonitor.job.config;

import static java.time.Duration.ZERO;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;

/** The two sets of detection defaults; the README's Detection section gives the source of each value. */
public enum DetectionProfile {

    /**
     * Consumer wearables, unsupervised wearers living their lives: the vendors' rules (above 120 or below
     * 40 bpm for 10 minutes), a fast path for the abrupt onset of a paroxysmal tachycardia, exercise-like
     * rises held to a much longer bar, and lost signal judged against the wearer's own routine.
     */
    WEARABLE(new DetectionSettings(
            120,
            40,
            ofMinutes(10),
            ofSeconds(60),
            40,
            ofMinutes(2),
            ofMinutes(3),
            ofMinutes(90),
            0,
            ofSeconds(5),
            ofHours(2),
            ofHours(16),
            ofMinutes(5),
            ofDays(8))),

    /**
     * Supervised patients (bedside-monitor style): fast rules on raw readings, as in IEC 60601-2-27
     * monitors, at the price of alarms on every exertion. Only where a person watches the alerts.
     */
    CLINICAL(new DetectionSettings(
            100,
            50,
            ofSeconds(30),
            ZERO,
            0,
            ZERO,
            ZERO,
            ZERO,
            40,
            ofSeconds(5),
            ofSeconds(30),
            ZERO,
            ofSeconds(10),
            ofHours(2)));

    private final DetectionSettings settings;

    DetectionProfile(DetectionSettings settings) {
        this.settings = settings;
    }

    public DetectionSettings settings() {
        return settings;
    }
}
