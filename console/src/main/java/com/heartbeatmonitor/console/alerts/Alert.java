package com.heartbeatmonitor.console.alerts;

import java.time.Instant;
import java.util.UUID;

/**
 * An alert as the job stored its newest revision (table alerts), with the thresholds it was judged by (V6): the
 * customer's own when {@code settingsVersion} is set, the deployment's otherwise; all three null on alerts from
 * before V6.
 */
public record Alert(
        UUID alertId,
        String customerId,
        String type,
        Severity severity,
        String status,
        Instant startedAt,
        Instant detectedAt,
        Instant endedAt,
        Integer peakBpm,
        int readings,
        int revision,
        Integer highBpm,
        Integer lowBpm,
        Long settingsVersion) {

    public boolean open() {
        return endedAt == null;
    }

    /** The thresholds this revision was judged by, as the pages say it. */
    public String judgedBy() {
        if (highBpm == null && lowBpm == null) {
            return settingsVersion == null ? "not recorded" : "settings v" + settingsVersion;
        }
        String bounds = "high " + (highBpm == null ? "-" : highBpm) + " / low " + (lowBpm == null ? "-" : lowBpm);
        return bounds
                + (settingsVersion == null
                        ? " (deployment defaults)"
                        : " (customer settings v" + settingsVersion + ")");
    }
}
