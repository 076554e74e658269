package com.heartbeatmonitor.job.detection;

import com.heartbeatmonitor.job.config.DetectionSettings;
import com.heartbeatmonitor.job.records.AlertType;

/**
 * BRADYCARDIA: the smoothed rate below {@code bradycardiaBelow} for {@code sustain}. Sinus rates below
 * 40 bpm while awake mark clinically relevant bradycardia (2018 ACC/AHA/HRS guideline); fit sleepers in
 * the low forties are not, which the 10-minute bar on a smoothed rate leaves alone.
 */
final class BradycardiaRule extends ThresholdRule {

    private final int below;

    BradycardiaRule(DetectionSettings settings, Follow follow, Episodes episodes) {
        super(AlertType.BRADYCARDIA, settings, follow, episodes);
        this.below = settings.bradycardiaBelow();
    }

    @Override
    ThresholdTracker tracker(DetectorState st) {
        return st.bradycardia;
    }

    @Override
    boolean beyond(double level) {
        return level < below;
    }

    @Override
    int extreme(int a, int b) {
        return Math.min(a, b);
    }
}
