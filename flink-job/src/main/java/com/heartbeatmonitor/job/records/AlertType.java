package com.heartbeatmonitor.job.records;

/** The sustained conditions the job detects per customer; defined in {@code DetectionSettings}. */
public enum AlertType {
    TACHYCARDIA,
    BRADYCARDIA,
    SPIKE,
    SIGNAL_LOST
}
