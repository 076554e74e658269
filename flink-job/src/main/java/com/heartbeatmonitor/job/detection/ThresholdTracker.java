package com.heartbeatmonitor.job.detection;

/**
 * A threshold condition (tachycardia, bradycardia): the run of consecutive readings beyond the
 * threshold that may become an episode, and the episode once it has. Flink POJO in keyed state.
 */
public class ThresholdTracker {
    /** Event time of the first reading of the current run, or {@link EpisodeDetector#NONE}. */
    public long runStart = EpisodeDetector.NONE;
    public int runPeak;
    public int runReadings;
    public Episode episode;

    public ThresholdTracker() {}

    void resetRun() {
        runStart = EpisodeDetector.NONE;
        runPeak = 0;
        runReadings = 0;
    }
}
