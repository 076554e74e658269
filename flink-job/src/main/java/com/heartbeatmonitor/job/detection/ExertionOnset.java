package com.heartbeatmonitor.job.detection;

import com.heartbeatmonitor.job.config.DetectionSettings;
import com.heartbeatmonitor.job.records.Activity;

/**
 * A rise as quick as exercise: the smoothed rate climbed {@code exertionRiseSpan} bpm within {@code
 * exertionRise}, in a rise that ended at most {@code exertionLookback} before the run began; such a run
 * must hold {@code exertionSustain}. The vendors alert only "while inactive"; without motion data the
 * shape of the rise tells exercise (a time constant of 30-90 s, so 100 -> 120 bpm within 2-3 min) from
 * a resting tachycardia, which drifts up over tens of minutes. When the device sends the reading's
 * {@code activity}, it replaces the guess: the run that begins {@code active} is held to {@code
 * exertionSustain}, one that begins at {@code rest} or in {@code sleep} is not, whatever its rise.
 *
 * <p>The rise is measured against the lowest smoothed rate of the current and the previous half of the
 * exertion window (a sliding minimum in two numbers, so the window is 1-2 halves long).
 */
final class ExertionOnset implements Onset {

    private final long riseMs;
    private final int span;
    private final long lookbackMs;
    private final long sustainMs;

    ExertionOnset(DetectionSettings settings) {
        this.riseMs = settings.exertionRise().toMillis();
        this.span = settings.exertionRiseSpan();
        this.lookbackMs = settings.exertionLookback().toMillis();
        this.sustainMs = settings.exertionSustain().toMillis();
    }

    @Override
    public void follow(DetectorState st, long ts, int bpm) {
        if (riseMs == 0) {
            return;
        }
        long half = riseMs / 2;
        if (st.riseBucketStart == EpisodeDetector.NONE || ts - st.riseBucketStart >= 2 * half) {
            st.riseFloorBefore = st.level;
            st.riseFloor = st.level;
            st.riseBucketStart = ts;
        } else if (ts - st.riseBucketStart >= half) {
            st.riseFloorBefore = st.riseFloor;
            st.riseFloor = st.level;
            st.riseBucketStart += half;
        }
        st.riseFloor = Math.min(st.riseFloor, st.level);
        if (st.level - Math.min(st.riseFloor, st.riseFloorBefore) >= span) {
            st.quickRiseAt = ts;
        }
    }

    @Override
    public void afterGap(DetectorState st) {
        st.riseBucketStart = EpisodeDetector.NONE;
    }

    @Override
    public long bar(DetectorState st, long ts, Activity activity, long runStart, long barMs) {
        if (ts != runStart || sustainMs == 0) {
            return barMs;
        }
        boolean exercise = activity != null
                ? activity == Activity.ACTIVE // the device knows: no guess
                : riseMs > 0 && st.quickRiseAt != EpisodeDetector.NONE && ts - st.quickRiseAt <= lookbackMs;
        return exercise ? Math.max(barMs, sustainMs) : barMs;
    }
}
