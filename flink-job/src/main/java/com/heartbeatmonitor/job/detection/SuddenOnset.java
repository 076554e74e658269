package com.heartbeatmonitor.job.detection;

import com.heartbeatmonitor.job.config.DetectionSettings;

/**
 * An abrupt rise from rest: a reading at most {@code suddenWithin} after one at rest (at most {@code
 * tachycardiaAbove - exertionRiseSpan}) and at least {@code suddenRise} bpm above it, over the threshold.
 * The smoothed rate before it must be at rest too, so a single low artefact in a workout is no "rest".
 * A run beginning within {@code suddenLookback} of it must hold only {@code suddenSustain}. Paroxysmal
 * SVT starts from one beat to the next (2015 ACC/AHA/HRS SVT guideline); exercise cannot add 40 bpm
 * within seconds, and mid-exercise jumps (optical artefacts) do not start from rest.
 */
final class SuddenOnset implements Onset {

    private final int rise;
    private final int above;
    private final int restCeiling;
    private final long withinMs;
    private final long lookbackMs;
    private final long sustainMs;

    SuddenOnset(DetectionSettings settings) {
        this.rise = settings.suddenRise();
        this.above = settings.tachycardiaAbove();
        this.restCeiling = settings.tachycardiaAbove() - settings.exertionRiseSpan();
        this.withinMs = settings.suddenWithin().toMillis();
        this.lookbackMs = settings.suddenLookback().toMillis();
        this.sustainMs = settings.suddenSustain().toMillis();
    }

    @Override
    public void follow(DetectorState st, long ts, int bpm) {
        if (rise > 0
                && st.lastTimestamp != EpisodeDetector.NONE
                && ts - st.lastTimestamp <= withinMs
                && st.lastHeartRate <= restCeiling
                && st.levelBefore <= restCeiling
                && bpm > above
                && bpm - st.lastHeartRate >= rise) {
            st.suddenAt = ts;
        }
    }

    @Override
    public void afterGap(DetectorState st) {
        // a sudden rise is two readings at most suddenWithin apart: a gap cannot be one
    }

    @Override
    public long bar(DetectorState st, long ts, long runStart, long barMs) {
        boolean began = ts == runStart && sustainMs > 0;
        if (began && st.suddenAt != EpisodeDetector.NONE && ts - st.suddenAt <= lookbackMs) {
            return Math.min(barMs, sustainMs);
        }
        return barMs;
    }
}
