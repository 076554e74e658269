package com.heartbeatmonitor.job.detection;

import com.heartbeatmonitor.job.config.DetectionSettings;
import com.heartbeatmonitor.job.records.Activity;
import com.heartbeatmonitor.job.records.AlertEvent;
import com.heartbeatmonitor.job.records.AlertStatus;
import com.heartbeatmonitor.job.records.AlertType;
import com.heartbeatmonitor.job.records.Severity;
import java.util.function.Consumer;

/**
 * SIGNAL_LOST, a WARNING about the device: no reading for {@code signalLostAfter}, or for {@code
 * routineGapAllowance} when the silence began at one of the wearer's habitual off-wrist or charging
 * times ({@link Routine}). Wearables come off every night and to charge; a device that stops at an
 * unusual hour (battery, Bluetooth, app) is worth telling the wearer. Closes with the next reading.
 */
final class SignalLostRule implements Rule {

    private final long afterMs;
    private final long routineAllowanceMs;
    private final Follow follow;
    private final Episodes episodes;

    SignalLostRule(DetectionSettings settings, Follow follow, Episodes episodes) {
        this.afterMs = settings.signalLostAfter().toMillis();
        this.routineAllowanceMs = settings.routineGapAllowance().toMillis();
        this.follow = follow;
        this.episodes = episodes;
    }

    @Override
    public void onReading(
            String customer, DetectorState st, long ts, int bpm, Activity activity, Consumer<AlertEvent> out) {
        if (st.signalLost != null) {
            st.signalLost = episodes.end(customer, AlertType.SIGNAL_LOST, st.signalLost, AlertStatus.CLOSED, ts, out);
        }
    }

    @Override
    public void advance(String customer, DetectorState st, long now, Consumer<AlertEvent> out) {
        if (st.lastTimestamp == EpisodeDetector.NONE || st.signalLost != null) {
            return;
        }
        long lostAt = lostAt(st);
        if (now >= lostAt) {
            st.signalLost = episodes.open(
                    customer, AlertType.SIGNAL_LOST, st.lastTimestamp, lostAt, 0, 0, Severity.WARNING, out);
        }
    }

    @Override
    public long nextDeadline(DetectorState st) {
        return st.lastTimestamp == EpisodeDetector.NONE || st.signalLost != null
                ? EpisodeDetector.NO_DEADLINE
                : lostAt(st);
    }

    @Override
    public void forget(String customer, DetectorState st, long endedAt, Consumer<AlertEvent> out) {
        if (st.signalLost != null) {
            st.signalLost =
                    episodes.end(customer, AlertType.SIGNAL_LOST, st.signalLost, AlertStatus.EXPIRED, endedAt, out);
        }
    }

    /** When the silence after the last reading becomes SIGNAL_LOST, or NO_DEADLINE when it never does. */
    private long lostAt(DetectorState st) {
        if (afterMs == 0) {
            return EpisodeDetector.NO_DEADLINE;
        }
        long allowed = follow.absence(st, afterMs);
        if (routineAllowanceMs > 0 && Routine.isRoutine(st, st.lastTimestamp)) {
            allowed = Math.max(allowed, routineAllowanceMs);
        }
        return st.lastTimestamp + allowed;
    }
}
