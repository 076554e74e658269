package com.heartbeatmonitor.console.alerts;

/** The alert severities of the job (alerts.severity), least severe first. */
public enum Severity {
    WARNING,
    HIGH,
    CRITICAL
}
