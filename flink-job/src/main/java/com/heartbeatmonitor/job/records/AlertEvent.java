package com.heartbeatmonitor.job.records;

/**
 * One change of an alert episode: opened, escalated, closed or expired. {@code alertId} is derived from
 * customer, type and start, so a replay produces the same id; {@code revision} counts the changes of
 * one alert, so a store can ignore an older or repeated change. Times are event time in epoch ms;
 * {@code endedAt} is null while open, {@code peakBpm} is null for SIGNAL_LOST.
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
        int revision) {}
