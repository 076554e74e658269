package com.heartbeatmonitor.job.detection;

import com.heartbeatmonitor.job.records.Severity;

/** An open alert episode in keyed state (a mutable Flink POJO: state, not an event). Times in epoch ms. */
public class Episode {
    public long start;
    public long detectedAt;
    /** Event time of the last reading that met the condition. */
    public long lastSeen;

    public int peak;
    public int readings;
    public int revision;
    public Severity severity;

    public Episode() {}

    Episode(long start, long detectedAt, int peak, int readings, Severity severity) {
        this.start = start;
        this.detectedAt = detectedAt;
        this.lastSeen = detectedAt;
        this.peak = peak;
        this.readings = readings;
        this.revision = 1;
        this.severity = severity;
    }
}
