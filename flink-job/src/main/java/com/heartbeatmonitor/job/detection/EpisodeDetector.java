package com.heartbeatmonitor.job.detection;

import com.heartbeatmonitor.job.config.DetectionSettings;
import com.heartbeatmonitor.job.config.RiskBands;
import com.heartbeatmonitor.job.records.Activity;
import com.heartbeatmonitor.job.records.AlertEvent;
import java.io.Serializable;
import java.util.List;
import java.util.function.Consumer;

/**
 * The episode logic of one customer as a plain state machine, without Flink: it must be given readings
 * in event-time order ({@link #onReading}) and told how far event time has certainly progressed
 * ({@link #advance}). The Flink function around it buffers readings until the watermark passes them.
 *
 * <p>A thin loop: {@link Follow} learns what every rule relies on from each reading (cadence, smoothed
 * rate, routine), then each {@link Rule} (one class per alert type, with its own state and reason)
 * judges the reading, the passing of time and its own deadline.
 */
public final class EpisodeDetector implements Serializable {

    /** "No such time" in state. */
    public static final long NONE = Long.MIN_VALUE;
    /** No deadline pending. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    private final Follow follow;
    private final List<Rule> rules;
    private final long retentionMs;

    public EpisodeDetector(DetectionSettings settings, RiskBands bands) {
        Episodes episodes = new Episodes(bands);
        this.follow = new Follow(settings);
        // A lost signal ends with the first reading after the silence, before that reading is judged.
        this.rules = List.of(
                new SignalLostRule(settings, follow, episodes),
                new TachycardiaRule(settings, follow, episodes),
                new BradycardiaRule(settings, follow, episodes),
                new SpikeRule(settings, follow, episodes));
        this.retentionMs = settings.customerRetention().toMillis();
    }

    /**
     * Applies what the passing of event time up to {@code now} implies: episodes whose condition has
     * been absent long enough close, a silent device opens SIGNAL_LOST. Returns true when the customer
     * has been silent beyond the retention: the caller then drops the state.
     */
    public boolean advance(String customer, DetectorState st, long now, Consumer<AlertEvent> out) {
        for (Rule rule : rules) {
            rule.advance(customer, st, now, out);
        }
        if (st.lastTimestamp == NONE || now < st.lastTimestamp + retentionMs) {
            return false;
        }
        forget(customer, st, st.lastTimestamp + retentionMs, out);
        return true;
    }

    /**
     * Ends every open episode at {@code endedAt} (as EXPIRED: its condition was not seen to end), before the
     * caller drops the state: the customer silent beyond the retention, or their alerts paused by their settings.
     */
    public void forget(String customer, DetectorState st, long endedAt, Consumer<AlertEvent> out) {
        for (Rule rule : rules) {
            rule.forget(customer, st, endedAt, out);
        }
    }

    /** Applies one reading of unknown activity; readings must come in event-time order. Returns the state to keep. */
    public DetectorState onReading(String customer, DetectorState st, long ts, int bpm, Consumer<AlertEvent> out) {
        return onReading(customer, st, ts, bpm, null, out);
    }

    /**
     * Applies one reading with what the wearer was doing ({@code activity}, null when the device did not
     * say); readings must come in event-time order. Returns the state to keep.
     */
    public DetectorState onReading(
            String customer, DetectorState st, long ts, int bpm, Activity activity, Consumer<AlertEvent> out) {
        DetectorState state = advance(customer, st, ts, out) ? new DetectorState() : st;
        if (follow.onReading(state, ts, bpm)) {
            for (Rule rule : rules) {
                rule.afterGap(state);
            }
        }
        for (Rule rule : rules) {
            rule.onReading(customer, state, ts, bpm, activity, out);
        }
        state.lastTimestamp = ts;
        state.lastHeartRate = bpm;
        return state;
    }

    /** The earliest event time at which {@link #advance} could change something, or {@link #NO_DEADLINE}. */
    public long nextDeadline(DetectorState st) {
        long deadline = st.lastTimestamp == NONE ? NO_DEADLINE : st.lastTimestamp + retentionMs;
        for (Rule rule : rules) {
            deadline = Math.min(deadline, rule.nextDeadline(st));
        }
        return deadline;
    }
}
