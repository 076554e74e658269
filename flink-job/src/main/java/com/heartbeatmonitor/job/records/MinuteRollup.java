package com.heartbeatmonitor.job.records;

/**
 * One customer's readings in one event-time minute ({@code minute} = its start, epoch ms): a row of heartbeat_minutes.
 */
public record MinuteRollup(String customerId, long minute, int readings, int minBpm, int maxBpm, double avgBpm) {}
