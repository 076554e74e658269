package com.heartbeatmonitor.job.records;

/** Risk of a single reading, from its heart rate alone; bands are set in {@code RiskBands}. */
public enum RiskLevel {
    NORMAL,
    ELEVATED,
    HIGH,
    CRITICAL
}
