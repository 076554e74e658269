package com.heartbeatmonitor.job.detection;

import com.heartbeatmonitor.job.config.DetectionSettings;
import java.io.Serializable;

/**
 * What every rule relies on, learned from each reading: the customer's reading cadence, the smoothed
 * rate the rate rules judge, and the routine of habitual silences. Also the one notion of absence:
 * durations that mean "absent" are never shorter than a few of the customer's own reading intervals,
 * so a sparse device neither splits episodes nor loses its signal.
 */
final class Follow implements Serializable {

    private final double smoothingMs;
    private final long longestCadenceMs;
    private final int cadenceWeight;
    private final int cadenceFactor;
    private final long closeAfterMs;
    private final boolean learnsRoutine;

    Follow(DetectionSettings settings) {
        this.smoothingMs = settings.smoothing().toMillis();
        this.longestCadenceMs = settings.longestCadence().toMillis();
        this.cadenceWeight = settings.cadenceWeight();
        this.cadenceFactor = settings.cadenceFactor();
        this.closeAfterMs = settings.closeAfter().toMillis();
        this.learnsRoutine = settings.learnsRoutine();
    }

    /**
     * Updates cadence, routine and smoothed rate with a reading; {@code st.lastTimestamp} is still the
     * previous one. Returns true after a gap long enough that runs before onset must start over.
     */
    boolean onReading(DetectorState st, long ts, int bpm) {
        st.levelBefore = st.level;
        if (st.lastTimestamp == EpisodeDetector.NONE) {
            st.firstTimestamp = ts;
            st.level = bpm;
            st.levelBefore = bpm;
            return false;
        }
        long interval = ts - st.lastTimestamp;
        if (interval > 0 && interval <= longestCadenceMs) {
            st.cadenceMs = st.cadenceMs == 0
                    ? (int) interval
                    : st.cadenceMs + (int) ((interval - st.cadenceMs) / cadenceWeight);
        }
        if (learnsRoutine && st.signalLost == null) { // an alerted silence was no habit
            Routine.learn(st, st.lastTimestamp, ts);
        }
        if (interval > absence(st, closeAfterMs)) {
            st.level = bpm; // after a gap the old level says nothing about now
            return true;
        }
        double weight = smoothingMs == 0 ? 1 : 1 - Math.exp(-interval / smoothingMs);
        st.level += weight * (bpm - st.level);
        return false;
    }

    /** A duration of absence, never shorter than {@code cadenceFactor} of the customer's reading intervals. */
    long absence(DetectorState st, long configuredMs) {
        return Math.max(configuredMs, (long) cadenceFactor * st.cadenceMs);
    }
}
