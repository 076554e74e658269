package com.heartbeatmonitor.console.chart;

import java.time.Instant;

/** One row of heartbeat_minutes: a customer's readings of one event-time minute. */
public record MinuteRollup(Instant minute, int readings, int minBpm, int maxBpm, double avgBpm) {}
