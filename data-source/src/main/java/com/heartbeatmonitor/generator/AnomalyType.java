package com.heartbeatmonitor.generator;

/**
 * What the truth file records: pathological episodes the detection should alert on, borderline ones it
 * may alert on, and benign events of daily life it should stay quiet about (so an evaluator can score
 * false alarms against them). The category is what "should alert" means for scoring.
 */
public enum AnomalyType {
    /** Abrupt onset from rest to 150-220 bpm, flat plateau, abrupt offset. */
    PAROXYSMAL_TACHYCARDIA(Category.PATHOLOGICAL),
    /** Resting rate drifting up to 125-150 bpm and staying there for hours. */
    RESTING_TACHYCARDIA(Category.PATHOLOGICAL),
    /** Below 40 bpm while awake. Also the type of old truth files' bradycardia lines. */
    BRADYCARDIA(Category.PATHOLOGICAL),
    /** The device stops reporting in the daytime for hours, outside the customer's habits. */
    DEVICE_STOPPED(Category.PATHOLOGICAL),
    /**
     * Atrial fibrillation with rapid ventricular response at rest: irregularly irregular beats at a mean
     * ventricular rate of at least 125 bpm for at least 15 minutes, long and fast enough that the vendors'
     * rule (above 120 for 10 min) must alert. Expected alert: TACHYCARDIA.
     */
    AF_RAPID_VENTRICULAR_RESPONSE(Category.PATHOLOGICAL),
    /**
     * Atrial fibrillation above 115 bpm that is too short (under 15 min) or too slow (under 125 bpm) to be
     * sure of crossing the alert bar: an alert on it is right, but none is required.
     */
    AF_BORDERLINE(Category.BORDERLINE),

    EXERCISE(Category.BENIGN),
    SLEEP(Category.BENIGN),
    OFF_WRIST(Category.BENIGN),
    CHARGING(Category.BENIGN),
    /** One or two optical mis-readings 40-70 bpm off the true rate. */
    ARTEFACT(Category.BENIGN),
    STRESS(Category.BENIGN),
    /** Exercise with motion artefacts of the optical sensor: sporadic jumps, dropouts, cadence lock. */
    EXERCISE_OPTICAL_NOISE(Category.BENIGN),
    /** Atrial fibrillation at a ventricular rate of 90-115 bpm: irregular, but below the alert threshold. */
    AF_SLOW(Category.BENIGN),
    /** Premature beats with compensatory pauses at rest, a few a minute. */
    ECTOPIC_BEATS(Category.BENIGN),
    /** Sinus tachycardia of a fever at rest: about +10 bpm per degree Celsius, below 115 bpm. */
    FEVER(Category.BENIGN),

    /** Old model (short episode above 100 bpm); no longer generated, kept so old truth files read. */
    TACHYCARDIA(Category.PATHOLOGICAL),
    /** Old model (single reading 45-70 bpm off); no longer generated, kept so old truth files read. */
    SPIKE(Category.PATHOLOGICAL),
    /** Old model (45-120 s silence); no longer generated, kept so old truth files read. */
    SIGNAL_LOST(Category.PATHOLOGICAL);

    /** Whether an alert on an episode of the type is a true alarm. */
    public enum Category {
        /** An alert is required: missing it costs recall. */
        PATHOLOGICAL,
        /** An alert is right but not required: it is neither a miss nor a false alarm. */
        BORDERLINE,
        /** An alert is a false alarm. */
        BENIGN
    }

    private final Category category;

    AnomalyType(Category category) {
        this.category = category;
    }

    public Category category() {
        return category;
    }

    public boolean pathological() {
        return category == Category.PATHOLOGICAL;
    }
}
