package com.heartbeatmonitor.job.detection;

/**
 * Everything detection remembers about one customer: the last reading and one tracker or episode per
 * alert type. About 150 bytes serialized; see the README for the state size per customer.
 */
public class DetectorState {
    public long lastTimestamp = EpisodeDetector.NONE;
    public int lastHeartRate;
    public ThresholdTracker tachycardia = new ThresholdTracker();
    public ThresholdTracker bradycardia = new ThresholdTracker();
    public Episode spike;
    public Episode signalLost;

    public DetectorState() {}
}
