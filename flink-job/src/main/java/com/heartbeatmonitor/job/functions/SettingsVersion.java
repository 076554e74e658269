package com.heartbeatmonitor.job.functions;

import com.heartbeatmonitor.job.records.SettingsChange;

/**
 * One accepted version of a customer's settings in keyed state, with the event time it applies from: only what
 * detection needs (contacts and time zone live in PostgreSQL). A mutable Flink POJO; {@code reset}: the deployment's
 * defaults again. Savepoints must restore: add fields, never change their type.
 */
public class SettingsVersion {
    public long version;
    /** Event time (epoch ms) from which readings are judged by this version. */
    public long from;

    public boolean reset;
    public Integer highBpm;
    public Integer lowBpm;
    /** A {@code DetectionProfile} name, or null: the deployment's. */
    public String profile;

    public Long sustainMs;
    public Long exertionSustainMs;
    /** Event time (epoch ms) until which alerts are paused, or null. */
    public Long pausedUntil;

    public SettingsVersion() {}

    static SettingsVersion of(SettingsChange change, long from) {
        SettingsVersion v = new SettingsVersion();
        v.version = change.version();
        v.from = from;
        v.reset = change.reset();
        v.highBpm = change.highBpm();
        v.lowBpm = change.lowBpm();
        v.profile = change.profile();
        v.sustainMs = change.sustainMs();
        v.exertionSustainMs = change.exertionSustainMs();
        v.pausedUntil = change.pausedUntil();
        return v;
    }

    /** Whether alerts are paused at event time {@code t}. */
    boolean pausedAt(long t) {
        return pausedUntil != null && t < pausedUntil;
    }
}
