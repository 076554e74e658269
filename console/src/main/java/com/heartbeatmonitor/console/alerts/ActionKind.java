package com.heartbeatmonitor.console.alerts;

/** What a person can do with an alert (alert_actions.action). */
public enum ActionKind {
    /** "I have it": stops escalation until the alert escalates past the severity acknowledged. */
    ACKNOWLEDGE,
    /** Quiet until a time; an escalation past the snoozed severity overrides it. */
    SNOOZE,
    /** Dealt with, with a note; the job closes the alert when the readings say so. */
    RESOLVE,
    /** Undoes an acknowledgement, a snooze or a resolution: the alert is unattended again. */
    REOPEN
}
