package com.heartbeatmonitor.job.detection;

import com.heartbeatmonitor.job.config.DetectionSettings;
import com.heartbeatmonitor.job.records.Activity;
import com.heartbeatmonitor.job.records.AlertEvent;
import com.heartbeatmonitor.job.records.AlertStatus;
import com.heartbeatmonitor.job.records.AlertType;
import java.util.function.Consumer;

/**
 * A smoothed rate beyond a threshold: a run of readings beyond it becomes an episode once it has lasted
 * its bar ({@link #bar}), and the episode closes when the condition has been absent for {@code closeAfter}
 * (a short dip or gap does not split it). State: one {@link ThresholdTracker} of {@link DetectorState}.
 */
abstract class ThresholdRule implements Rule {

    private final AlertType type;
    private final Follow follow;
    private final Episodes episodes;
    /** The bar of a run unless something about its onset says otherwise ({@code sustain}). */
    protected final long sustainMs;

    private final long closeAfterMs;

    ThresholdRule(AlertType type, DetectionSettings settings, Follow follow, Episodes episodes) {
        this.type = type;
        this.follow = follow;
        this.episodes = episodes;
        this.sustainMs = settings.sustain().toMillis();
        this.closeAfterMs = settings.closeAfter().toMillis();
    }

    /** This rule's part of the state. */
    abstract ThresholdTracker tracker(DetectorState st);

    /** Whether the smoothed rate is beyond the threshold. */
    abstract boolean beyond(double level);

    /** The more extreme of two peaks. */
    abstract int extreme(int a, int b);

    /**
     * How long the current run must last to become an episode, given the bar so far ({@code sustain} when
     * the run begins); asked at every reading of the run, with the reading's activity (null: unknown).
     */
    long bar(DetectorState st, long ts, Activity activity, long runStart, long barMs) {
        return barMs;
    }

    @Override
    public void onReading(
            String customer, DetectorState st, long ts, int bpm, Activity activity, Consumer<AlertEvent> out) {
        ThresholdTracker tracker = tracker(st);
        if (!beyond(st.level)) {
            tracker.resetRun(); // an open episode waits for closeAfter of absence, see advance()
            return;
        }
        int level = (int) Math.round(st.level);
        Episode episode = tracker.episode;
        if (episode != null) {
            episodes.extend(customer, type, episode, ts, extreme(episode.peak, level), out);
            return;
        }
        if (tracker.runStart == EpisodeDetector.NONE) {
            tracker.runStart = ts;
            tracker.runRequiredMs = sustainMs;
            tracker.runPeak = level;
        }
        tracker.runRequiredMs = bar(st, ts, activity, tracker.runStart, tracker.runRequiredMs);
        tracker.runReadings++;
        tracker.runPeak = extreme(tracker.runPeak, level);
        if (ts - tracker.runStart >= tracker.runRequiredMs) {
            tracker.episode = episodes.open(
                    customer,
                    type,
                    tracker.runStart,
                    ts,
                    tracker.runPeak,
                    tracker.runReadings,
                    episodes.severity(tracker.runPeak),
                    out);
            tracker.resetRun();
        }
    }

    @Override
    public void advance(String customer, DetectorState st, long now, Consumer<AlertEvent> out) {
        ThresholdTracker tracker = tracker(st);
        tracker.episode =
                episodes.closeIfAbsent(customer, type, tracker.episode, now, follow.absence(st, closeAfterMs), out);
    }

    /** A pause of the customer's alerts (their settings) ends an open episode unseen to end: EXPIRED. */
    @Override
    public void forget(String customer, DetectorState st, long endedAt, Consumer<AlertEvent> out) {
        ThresholdTracker tracker = tracker(st);
        if (tracker.episode != null) {
            tracker.episode = episodes.end(customer, type, tracker.episode, AlertStatus.EXPIRED, endedAt, out);
        }
    }

    @Override
    public long nextDeadline(DetectorState st) {
        Episode episode = tracker(st).episode;
        return episode == null ? EpisodeDetector.NO_DEADLINE : episode.lastSeen + follow.absence(st, closeAfterMs);
    }

    @Override
    public void afterGap(DetectorState st) {
        tracker(st).resetRun();
    }
}
