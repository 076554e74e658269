package com.heartbeatmonitor.job.detection;

import com.heartbeatmonitor.job.records.Activity;
import java.io.Serializable;

/**
 * Evidence of why a rate is above the tachycardia threshold, and so how long the run must last before
 * it is an alert: each kind of evidence is its own class with its own state and reason. {@link
 * TachycardiaRule} asks them in order at every reading of a run, each given the bar the ones before set.
 */
interface Onset extends Serializable {

    /** Follows every reading ({@code st.lastTimestamp} is still the previous one, or NONE for the first). */
    void follow(DetectorState st, long ts, int bpm);

    /** After a gap in the readings: what only a continuous stream means is forgotten. */
    void afterGap(DetectorState st);

    /**
     * The bar (ms from {@code runStart}) of the run, given {@code barMs} from the evidence before;
     * {@code activity} is the reading's (null: unknown).
     */
    long bar(DetectorState st, long ts, Activity activity, long runStart, long barMs);
}
