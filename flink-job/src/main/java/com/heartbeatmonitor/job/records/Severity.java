package com.heartbeatmonitor.job.records;

/** WARNING for a lost signal; HIGH for a heart-rate episode; CRITICAL when its peak is in the CRITICAL risk band. */
public enum Severity {
    WARNING,
    HIGH,
    CRITICAL
}
