package com.heartbeatmonitor.job.detection;

import com.heartbeatmonitor.job.config.DetectionSettings;
import com.heartbeatmonitor.job.records.AlertEvent;
import com.heartbeatmonitor.job.records.AlertType;
import java.util.List;
import java.util.function.Consumer;

/**
 * TACHYCARDIA: the smoothed rate above {@code tachycardiaAbove} for {@code sustain}, the vendors' rule
 * (Apple Watch and Fitbit: above a threshold, default 120, for 10 minutes while inactive). How the run
 * began can change its bar: each {@link Onset} is one kind of evidence, asked in the order listed.
 */
final class TachycardiaRule extends ThresholdRule {

    private final int above;
    private final List<Onset> onsets;

    TachycardiaRule(DetectionSettings settings, Follow follow, Episodes episodes) {
        super(AlertType.TACHYCARDIA, settings, follow, episodes);
        this.above = settings.tachycardiaAbove();
        // Longer bars first, then the evidence that shortens them.
        this.onsets = List.of(new ExertionOnset(settings), new SuddenOnset(settings), new IrregularOnset(settings));
    }

    @Override
    public void onReading(String customer, DetectorState st, long ts, int bpm, Consumer<AlertEvent> out) {
        for (Onset onset : onsets) {
            onset.follow(st, ts, bpm);
        }
        super.onReading(customer, st, ts, bpm, out);
    }

    @Override
    long bar(DetectorState st, long ts, long runStart, long barMs) {
        long bar = barMs;
        for (Onset onset : onsets) {
            bar = onset.bar(st, ts, runStart, bar);
        }
        return bar;
    }

    @Override
    public void afterGap(DetectorState st) {
        super.afterGap(st);
        for (Onset onset : onsets) {
            onset.afterGap(st);
        }
    }

    @Override
    ThresholdTracker tracker(DetectorState st) {
        return st.tachycardia;
    }

    @Override
    boolean beyond(double level) {
        return level > above;
    }

    @Override
    int extreme(int a, int b) {
        return Math.max(a, b);
    }
}
