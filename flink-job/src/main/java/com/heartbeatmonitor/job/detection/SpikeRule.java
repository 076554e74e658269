package com.heartbeatmonitor.job.detection;

import com.heartbeatmonitor.job.config.DetectionSettings;
import com.heartbeatmonitor.job.records.Activity;
import com.heartbeatmonitor.job.records.AlertEvent;
import com.heartbeatmonitor.job.records.AlertStatus;
import com.heartbeatmonitor.job.records.AlertType;
import java.util.function.Consumer;

/**
 * SPIKE: a change of at least {@code spikeDelta} bpm between two raw readings at most {@code spikeMaxGap}
 * apart (a bedside monitor's rate-of-change alarm). Off in the wearable profile: on a wrist such jumps
 * are almost all optical artefacts, and the abrupt-onset path of TACHYCARDIA keeps the ones that last.
 */
final class SpikeRule implements Rule {

    private final int delta;
    private final long maxGapMs;
    private final long closeAfterMs;
    private final Follow follow;
    private final Episodes episodes;

    SpikeRule(DetectionSettings settings, Follow follow, Episodes episodes) {
        this.delta = settings.spikeDelta();
        this.maxGapMs = settings.spikeMaxGap().toMillis();
        this.closeAfterMs = settings.closeAfter().toMillis();
        this.follow = follow;
        this.episodes = episodes;
    }

    @Override
    public void onReading(
            String customer, DetectorState st, long ts, int bpm, Activity activity, Consumer<AlertEvent> out) {
        if (delta == 0
                || st.lastTimestamp == EpisodeDetector.NONE
                || ts - st.lastTimestamp > maxGapMs
                || Math.abs(bpm - st.lastHeartRate) < delta) {
            return;
        }
        int extreme = episodes.riskier(bpm, st.lastHeartRate);
        if (st.spike == null) {
            st.spike = episodes.open(customer, AlertType.SPIKE, ts, ts, extreme, 1, episodes.severity(extreme), out);
        } else {
            episodes.extend(customer, AlertType.SPIKE, st.spike, ts, episodes.riskier(st.spike.peak, extreme), out);
        }
    }

    @Override
    public void advance(String customer, DetectorState st, long now, Consumer<AlertEvent> out) {
        st.spike =
                episodes.closeIfAbsent(customer, AlertType.SPIKE, st.spike, now, follow.absence(st, closeAfterMs), out);
    }

    /** A pause of the customer's alerts (their settings) ends an open episode unseen to end: EXPIRED. */
    @Override
    public void forget(String customer, DetectorState st, long endedAt, Consumer<AlertEvent> out) {
        if (st.spike != null) {
            st.spike = episodes.end(customer, AlertType.SPIKE, st.spike, AlertStatus.EXPIRED, endedAt, out);
        }
    }

    @Override
    public long nextDeadline(DetectorState st) {
        return st.spike == null ? EpisodeDetector.NO_DEADLINE : st.spike.lastSeen + follow.absence(st, closeAfterMs);
    }
}
