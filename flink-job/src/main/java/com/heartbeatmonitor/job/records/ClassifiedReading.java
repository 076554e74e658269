package com.heartbeatmonitor.job.records;

/**
 * A reading with the risk level of its heart rate: one row of {@code heartbeats}. {@code late} means it
 * arrived behind the watermark: it is stored, but does not drive episode detection.
 */
public record ClassifiedReading(HeartbeatReading reading, RiskLevel riskLevel, boolean late) {}
