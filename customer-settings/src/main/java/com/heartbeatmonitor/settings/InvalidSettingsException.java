package com.heartbeatmonitor.settings;

/** A settings message that must be rejected: the reason for the table and a detail that names what to fix. */
public final class InvalidSettingsException extends Exception {

    private final SettingsRejectReason reason;

    public InvalidSettingsException(SettingsRejectReason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public SettingsRejectReason reason() {
        return reason;
    }

    public String detail() {
        return getMessage();
    }
}
