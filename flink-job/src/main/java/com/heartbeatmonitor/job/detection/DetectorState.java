package com.heartbeatmonitor.job.detection;

/**
 * Everything detection remembers about one customer: the last reading, the smoothed rate, the
 * customer's own reading cadence and routine ({@link Follow}), and each rule's own part ({@link Rule}).
 * A mutable Flink POJO in keyed state; see the README for its size. Savepoints must restore: fields may
 * be added (a new rule gets a new field of a new class) and removed, never change their type.
 */
public class DetectorState {
    public long firstTimestamp = EpisodeDetector.NONE;
    public long lastTimestamp = EpisodeDetector.NONE;
    public int lastHeartRate;
    /** Exponential moving average of the rate (see DetectionSettings.smoothing). */
    public double level;
    /** The smoothed rate before the latest reading moved it. */
    public double levelBefore;
    /** Typical interval between this customer's readings, ms (moving average); 0 until known. */
    public int cadenceMs;
    /** {@link ExertionOnset}: lowest smoothed rate in the current and the previous half of the exertion window. */
    public double riseFloor;

    public double riseFloorBefore;
    public long riseBucketStart = EpisodeDetector.NONE;
    /** {@link ExertionOnset}: last reading at which the smoothed rate had risen like exercise. */
    public long quickRiseAt = EpisodeDetector.NONE;
    /** {@link SuddenOnset}: last reading that jumped from rest over the one before. */
    public long suddenAt = EpisodeDetector.NONE;
    /** {@link Routine}: when (epoch minutes) the customer's recent long silences began; null until one is seen. */
    public int[] routineStarts;

    /** {@link TachycardiaRule}. */
    public ThresholdTracker tachycardia = new ThresholdTracker();
    /** {@link BradycardiaRule}. */
    public ThresholdTracker bradycardia = new ThresholdTracker();
    /** {@link SpikeRule}. */
    public Episode spike;
    /** {@link SignalLostRule}. */
    public Episode signalLost;
    /** {@link IrregularOnset}; null while the smoothed rate is at rest. */
    public Rhythm rhythm;

    public DetectorState() {}
}
