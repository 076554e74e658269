package com.heartbeatmonitor.job.detection;

import com.heartbeatmonitor.job.config.DetectionSettings;
import com.heartbeatmonitor.job.config.RiskBands;
import com.heartbeatmonitor.job.records.AlertEvent;
import com.heartbeatmonitor.job.records.AlertStatus;
import com.heartbeatmonitor.job.records.AlertType;
import com.heartbeatmonitor.job.records.RiskLevel;
import com.heartbeatmonitor.job.records.Severity;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The episode logic of one customer as a plain state machine, without Flink: it must be given readings
 * in event-time order ({@link #onReading}) and told how far event time has certainly progressed
 * ({@link #advance}). The Flink function around it buffers readings until the watermark passes them.
 */
public final class EpisodeDetector implements Serializable {

    /** "No such time" in state. */
    public static final long NONE = Long.MIN_VALUE;
    /** No deadline pending. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    private final DetectionSettings settings;
    private final RiskBands bands;
    private final long sustainMs;
    private final long spikeGapMs;
    private final long signalLostMs;
    private final long closeAfterMs;
    private final long retentionMs;

    public EpisodeDetector(DetectionSettings settings, RiskBands bands) {
        this.settings = settings;
        this.bands = bands;
        this.sustainMs = settings.sustain().toMillis();
        this.spikeGapMs = settings.spikeMaxGap().toMillis();
        this.signalLostMs = settings.signalLostAfter().toMillis();
        this.closeAfterMs = settings.closeAfter().toMillis();
        this.retentionMs = settings.customerRetention().toMillis();
    }

    /**
     * Applies what the passing of event time up to {@code now} implies: episodes whose condition has
     * been absent long enough close, a silent device opens SIGNAL_LOST. Returns true when the customer
     * has been silent beyond the retention: the caller then drops the state.
     */
    public boolean advance(String customer, DetectorState st, long now, Consumer<AlertEvent> out) {
        st.tachycardia.episode = closeIfAbsent(customer, AlertType.TACHYCARDIA, st.tachycardia.episode, now, out);
        st.bradycardia.episode = closeIfAbsent(customer, AlertType.BRADYCARDIA, st.bradycardia.episode, now, out);
        st.spike = closeIfAbsent(customer, AlertType.SPIKE, st.spike, now, out);
        if (st.lastTimestamp == NONE) {
            return false;
        }
        if (st.signalLost == null && now >= st.lastTimestamp + signalLostMs) {
            st.signalLost = new Episode(st.lastTimestamp, st.lastTimestamp + signalLostMs, 0, 0, Severity.WARNING);
            out.accept(event(customer, AlertType.SIGNAL_LOST, st.signalLost, AlertStatus.OPEN, null));
        }
        if (now >= st.lastTimestamp + retentionMs) {
            if (st.signalLost != null) {
                st.signalLost.revision++;
                out.accept(event(customer, AlertType.SIGNAL_LOST, st.signalLost, AlertStatus.EXPIRED,
                        st.lastTimestamp + retentionMs));
            }
            return true;
        }
        return false;
    }

    /** Applies one reading; readings must come in event-time order. Returns the state to keep. */
    public DetectorState onReading(String customer, DetectorState st, long ts, int bpm, Consumer<AlertEvent> out) {
        DetectorState state = advance(customer, st, ts, out) ? new DetectorState() : st;
        if (state.signalLost != null) {
            state.signalLost.revision++;
            out.accept(event(customer, AlertType.SIGNAL_LOST, state.signalLost, AlertStatus.CLOSED, ts));
            state.signalLost = null;
        }
        track(customer, AlertType.TACHYCARDIA, state.tachycardia, bpm > settings.tachycardiaAbove(), ts, bpm, out);
        track(customer, AlertType.BRADYCARDIA, state.bradycardia, bpm < settings.bradycardiaBelow(), ts, bpm, out);
        trackSpike(customer, state, ts, bpm, out);
        state.lastTimestamp = ts;
        state.lastHeartRate = bpm;
        return state;
    }

    /** The earliest event time at which {@link #advance} could change something, or {@link #NO_DEADLINE}. */
    public long nextDeadline(DetectorState st) {
        long deadline = NO_DEADLINE;
        for (Episode episode : new Episode[] {st.tachycardia.episode, st.bradycardia.episode, st.spike}) {
            if (episode != null) {
                deadline = Math.min(deadline, episode.lastSeen + closeAfterMs);
            }
        }
        if (st.lastTimestamp != NONE) {
            if (st.signalLost == null) {
                deadline = Math.min(deadline, st.lastTimestamp + signalLostMs);
            }
            deadline = Math.min(deadline, st.lastTimestamp + retentionMs);
        }
        return deadline;
    }

    private void track(String customer, AlertType type, ThresholdTracker tracker, boolean beyond, long ts, int bpm,
            Consumer<AlertEvent> out) {
        if (!beyond) {
            tracker.resetRun(); // an open episode waits for closeAfter of absence, see advance()
            return;
        }
        boolean high = type == AlertType.TACHYCARDIA;
        Episode episode = tracker.episode;
        if (episode != null) {
            episode.lastSeen = ts;
            episode.readings++;
            episode.peak = high ? Math.max(episode.peak, bpm) : Math.min(episode.peak, bpm);
            escalate(customer, type, episode, out);
            return;
        }
        if (tracker.runStart == NONE) {
            tracker.runStart = ts;
            tracker.runPeak = bpm;
        }
        tracker.runReadings++;
        tracker.runPeak = high ? Math.max(tracker.runPeak, bpm) : Math.min(tracker.runPeak, bpm);
        if (ts - tracker.runStart >= sustainMs) {
            tracker.episode = new Episode(tracker.runStart, ts, tracker.runPeak, tracker.runReadings,
                    severity(tracker.runPeak));
            out.accept(event(customer, type, tracker.episode, AlertStatus.OPEN, null));
            tracker.resetRun();
        }
    }

    private void trackSpike(String customer, DetectorState st, long ts, int bpm, Consumer<AlertEvent> out) {
        if (st.lastTimestamp == NONE || ts - st.lastTimestamp > spikeGapMs
                || Math.abs(bpm - st.lastHeartRate) < settings.spikeDelta()) {
            return;
        }
        int extreme = riskier(bpm, st.lastHeartRate);
        if (st.spike == null) {
            st.spike = new Episode(ts, ts, extreme, 1, severity(extreme));
            out.accept(event(customer, AlertType.SPIKE, st.spike, AlertStatus.OPEN, null));
        } else {
            st.spike.lastSeen = ts;
            st.spike.readings++;
            st.spike.peak = riskier(st.spike.peak, extreme);
            escalate(customer, AlertType.SPIKE, st.spike, out);
        }
    }

    private Episode closeIfAbsent(String customer, AlertType type, Episode episode, long now, Consumer<AlertEvent> out) {
        if (episode == null || now < episode.lastSeen + closeAfterMs) {
            return episode;
        }
        episode.revision++;
        out.accept(event(customer, type, episode, AlertStatus.CLOSED, episode.lastSeen));
        return null;
    }

    private void escalate(String customer, AlertType type, Episode episode, Consumer<AlertEvent> out) {
        Severity now = severity(episode.peak);
        if (now.compareTo(episode.severity) > 0) {
            episode.severity = now;
            episode.revision++;
            out.accept(event(customer, type, episode, AlertStatus.OPEN, null));
        }
    }

    private Severity severity(int peak) {
        return bands.classify(peak) == RiskLevel.CRITICAL ? Severity.CRITICAL : Severity.HIGH;
    }

    /** Of two readings, the one further outside the NORMAL band (the newer on a tie). */
    private int riskier(int newer, int older) {
        return outsideNormal(older) > outsideNormal(newer) ? older : newer;
    }

    private int outsideNormal(int bpm) {
        return Math.max(Math.max(bands.elevatedBelow() - bpm, bpm - bands.elevatedAbove()), 0);
    }

    /** Same customer, type and start: same id, so replays update the same row instead of adding one. */
    static String alertId(String customer, AlertType type, long start) {
        return UUID.nameUUIDFromBytes((customer + "/" + type + "/" + start).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private static AlertEvent event(String customer, AlertType type, Episode e, AlertStatus status, Long endedAt) {
        return new AlertEvent(alertId(customer, type, e.start), customer, type, e.severity, status, e.start,
                e.detectedAt, endedAt, type == AlertType.SIGNAL_LOST ? null : e.peak, e.readings, e.revision);
    }
}
