package com.heartbeatmonitor.job.functions;

import com.heartbeatmonitor.job.detection.DetectorState;
import com.heartbeatmonitor.job.detection.EpisodeDetector;

/**
 * All the job keeps about one customer, in one keyed value so each reading costs one state access:
 * detection's state, the readings waiting for the watermark, the open minutes, the time of the
 * customer's one timer, the customer's own settings and its recent event_ids. A mutable Flink POJO.
 */
public class CustomerState {
    /** Null until the first reading passes the watermark, and again once the customer is forgotten. */
    public DetectorState detector;

    public PendingReadings pending = new PendingReadings();
    public MinuteBuffer minutes = new MinuteBuffer();
    /** Event time of the earliest timer registered for this customer, or {@link EpisodeDetector#NONE}. */
    public long timer = EpisodeDetector.NONE;
    /**
     * The customer's own settings over event time ({@link SettingsTimeline}); null for the deployment's defaults,
     * so a customer without settings keeps nothing more. Kept while the customer is otherwise idle.
     */
    public SettingsVersion[] settings;
    /**
     * Event_ids of the customer's last readings; they do not keep an otherwise idle customer. Added after the first
     * release: null in state restored from an older savepoint, read as none.
     */
    public RecentEventIds recentIds = new RecentEventIds();

    public CustomerState() {}

    RecentEventIds recentIds() {
        if (recentIds == null) {
            recentIds = new RecentEventIds();
        }
        return recentIds;
    }

    boolean isIdle() {
        return detector == null && pending.isEmpty() && minutes.isEmpty() && settings == null;
    }
}
