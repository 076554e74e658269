package com.heartbeatmonitor.job.sinks;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Epoch milliseconds as the value pgjdbc binds to {@code timestamptz} without a time-zone guess. */
final class Timestamps {

    private Timestamps() {}

    static OffsetDateTime toTimestamptz(long epochMillis) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
    }
}
