package com.heartbeatmonitor.job.detection;

/**
 * Everything detection remembers about one customer: the last reading, the smoothed rate, the
 * customer's own reading cadence and routine, and one tracker or episode per alert type. A mutable
 * Flink POJO in keyed state; see the README for its size.
 */
public class DetectorState {
    public long firstTimestamp = EpisodeDetector.NONE;
    public long lastTimestamp = EpisodeDetector.NONE;
    public int lastHeartRate;
    /** Exponential moving average of the rate (see DetectionSettings.smoothing). */
    public double level;
    /** Typical interval between this customer's readings, ms (moving average); 0 until known. */
    public int cadenceMs;
    /** Lowest smoothed rate in the current and the previous half of the exertion window (a sliding minimum). */
    public double riseFloor;

    public double riseFloorBefore;
    public long riseBucketStart = EpisodeDetector.NONE;
    /** Last reading at which the smoothed rate had risen 20 bpm within the exertion window, as exercise does. */
    public long quickRiseAt = EpisodeDetector.NONE;
    /** Last reading that jumped from rest (DetectionSettings.suddenRise) over the one before. */
    public long suddenAt = EpisodeDetector.NONE;
    /** When (epoch minutes) the customer's recent long silences began: the routine; null until one is seen. */
    public int[] routineStarts;

    public ThresholdTracker tachycardia = new ThresholdTracker();
    public ThresholdTracker bradycardia = new ThresholdTracker();
    public Episode spike;
    public Episode signalLost;

    public DetectorState() {}
}
