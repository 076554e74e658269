package com.heartbeatmonitor.generator;

/** The anomaly episodes the simulator injects; names match the alert types the job detects. */
public enum AnomalyType {
    BRADYCARDIA,
    TACHYCARDIA,
    SPIKE,
    SIGNAL_LOST
}
