package com.heartbeatmonitor.job.records;

/**
 * OPEN while the condition lasts; CLOSED when it ended; EXPIRED when the customer stayed silent so long that their
 * state was dropped.
 */
public enum AlertStatus {
    OPEN,
    CLOSED,
    EXPIRED
}
