package com.heartbeatmonitor.job.config;

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
    WEARABLE(DetectionSettings.builder()
            .tachycardiaAbove(120)
            .bradycardiaBelow(40)
            .sustain(ofMinutes(10))
            .smoothing(ofSeconds(60))
            .suddenRise(40)
            .suddenSustain(ofMinutes(2))
            .exertionRise(ofMinutes(3))
            .exertionSustain(ofMinutes(90))
            .irregularStepPercent(3.5)
            .spikeMaxGap(ofSeconds(5))
            .signalLostAfter(ofHours(2))
            .routineGapAllowance(ofHours(16))
            .closeAfter(ofMinutes(5))
            .customerRetention(ofDays(8))
            .build()),

    /**
     * Supervised patients (bedside-monitor style): fast rules on raw readings, as in IEC 60601-2-27
     * monitors, at the price of alarms on every exertion. Only where a person watches the alerts.
     */
    CLINICAL(DetectionSettings.builder()
            .tachycardiaAbove(100)
            .bradycardiaBelow(50)
            .sustain(ofSeconds(30))
            .spikeDelta(40)
            .spikeMaxGap(ofSeconds(5))
            .signalLostAfter(ofSeconds(30))
            .closeAfter(ofSeconds(10))
            .customerRetention(ofHours(2))
            .build());

    private final DetectionSettings settings;

    DetectionProfile(DetectionSettings settings) {
        this.settings = settings;
    }

    public DetectionSettings settings() {
        return settings;
    }
}
