package com.heartbeatmonitor.job.records;

/**
 * One change of an alert episode: opened, escalated, closed or expired. {@code alertId} is derived from
 * customer, type and start, so a replay produces the same id; {@code revision} counts the changes of
 * one alert, so a store can ignore an older or repeated change. Times are event time in epoch ms;
 * {@code endedAt} is null while open, {@code peakBpm} is null for SIGNAL_LOST.
 *
 * <p>{@code highBpm} / {@code lowBpm} are the tachycardia and bradycardia thresholds the change was judged by
 * (the customer's own or the deployment's), {@code settingsVersion} the version of the customer's settings
 * then in force (null: the deployment's defaults). Null thresholds only on events made before they were recorded.
 */
public record AlertEvent(
        String alertId,
        String customerId,
        AlertType type,
        Severity severity,
        AlertStatus status,
        long startedAt,
        long detectedAt,
        Long endedAt,
        Integer peakBpm,
        int readings,
        int revision,
        Integer highBpm,
        Integer lowBpm,
        Long settingsVersion) {

    /** An event whose thresholds are not known yet: detection makes it, the keyed function stamps them. */
    public AlertEvent(
            String alertId,
            String customerId,
            AlertType type,
            Severity severity,
            AlertStatus status,
            long startedAt,
            long detectedAt,
            Long endedAt,
            Integer peakBpm,
            int readings,
            int revision) {
        this(
                alertId,
                customerId,
                type,
                severity,
                status,
                startedAt,
                detectedAt,
                endedAt,
                peakBpm,
                readings,
                revision,
                null,
                null,
                null);
    }

    /** This event, recorded as judged by these thresholds and settings version. */
    public AlertEvent judgedBy(int high, int low, Long version) {
        return new AlertEvent(
                alertId,
                customerId,
                type,
                severity,
                status,
                startedAt,
                detectedAt,
                endedAt,
                peakBpm,
                readings,
                revision,
                high,
                low,
                version);
    }
}
