package com.heartbeatmonitor.job.detection;

import com.heartbeatmonitor.job.records.Activity;
import com.heartbeatmonitor.job.records.AlertEvent;
import java.io.Serializable;
import java.util.function.Consumer;

/**
 * One alert rule: its own part of {@link DetectorState}, its own deadline, and (in its class comment)
 * its reason. {@link EpisodeDetector} runs every rule on every reading and every advance of event time;
 * a new rule is a new class plus its settings.
 */
interface Rule extends Serializable {

    /**
     * Applies one reading. {@link Follow} has already updated cadence and smoothed rate;
     * {@code st.lastTimestamp} and {@code st.lastHeartRate} still hold the previous reading; {@code
     * activity} is null when the device did not say.
     */
    void onReading(String customer, DetectorState st, long ts, int bpm, Activity activity, Consumer<AlertEvent> out);

    /** Applies what the passing of event time up to {@code now} implies (episodes close, a silence is noticed). */
    void advance(String customer, DetectorState st, long now, Consumer<AlertEvent> out);

    /** The earliest event time at which {@link #advance} could change something, or {@code NO_DEADLINE}. */
    long nextDeadline(DetectorState st);

    /** After a gap in the readings: forgets what only a continuous stream means (a run before onset). */
    default void afterGap(DetectorState st) {}

    /** The customer is being forgotten, silent since {@code endedAt}: ends what this rule has open. */
    default void forget(String customer, DetectorState st, long endedAt, Consumer<AlertEvent> out) {}
}
