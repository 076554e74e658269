package com.heartbeatmonitor.generator;

/**
 * What the truth file records: pathological episodes the detection should alert on, and benign
 * events of daily life it should stay quiet about (so an evaluator can score false alarms against them).
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

    EXERCISE(Category.BENIGN),
    SLEEP(Category.BENIGN),
    OFF_WRIST(Category.BENIGN),
    CHARGING(Category.BENIGN),
    /** One or two optical mis-readings 40-70 bpm off the true rate. */
    ARTEFACT(Category.BENIGN),
    STRESS(Category.BENIGN),

    /** Old model (short episode above 100 bpm); no longer generated, kept so old truth files read. */
    TACHYCARDIA(Category.PATHOLOGICAL),
    /** Old model (single reading 45-70 bpm off); no longer generated, kept so old truth files read. */
    SPIKE(Category.PATHOLOGICAL),
    /** Old model (45-120 s silence); no longer generated, kept so old truth files read. */
    SIGNAL_LOST(Category.PATHOLOGICAL);

    /** Whether an alert on an episode of the type is a true alarm. */
    public enum Category {
        PATHOLOGICAL,
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
