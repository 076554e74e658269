package com.heartbeatmonitor.job.detection;

/**
 * {@link IrregularOnset}'s state: the block being averaged, the means of the two blocks before it, and
 * the verdicts of the last blocks (irregular step or not) as bits, newest in bit 0. A mutable Flink POJO
 * in keyed state; null while the rate is at rest, so a resting customer pays one byte for it.
 */
public class Rhythm {
    /** Event time of the first reading of the block being averaged. */
    public long blockStart = EpisodeDetector.NONE;

    public float blockSum;
    public float blockMin;
    public float blockMax;
    public int blockReadings;
    /** Mean of the last closed block, and of the one before it. */
    public float previous;

    public float beforePrevious;
    /** How many of {@link #previous} and {@link #beforePrevious} are adjacent blocks (0-2). */
    public int chained;
    /** One bit per judged block, newest in bit 0: 1 = an irregular step. */
    public long steps;
    /** How many bits of {@link #steps} are verdicts (at most 64). */
    public int judged;

    public Rhythm() {}
}
