package com.heartbeatmonitor.job.detection;

/**
 * A threshold condition (tachycardia, bradycardia): the run of readings beyond the threshold that may
 * become an episode, how long that run must last, and the episode once it has. Flink POJO in keyed state.
 */
public class ThresholdTracker {
    /** Event time of the first reading of the current run, or {@link EpisodeDetector#NONE}. */
    public long runStart = EpisodeDetector.NONE;
    /** How long the current run must last to become an episode, ms (depends on how it began). */
    public long runRequiredMs;

    public int runPeak;
    public int runReadings;
    public Episode episode;

    public ThresholdTracker() {}

    void resetRun() {
        runStart = EpisodeDetector.NONE;
        runRequiredMs = 0;
        runPeak = 0;
        runReadings = 0;
    }
}
