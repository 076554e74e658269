package com.heartbeatmonitor.job.records;

/**
 * What the Kafka source emits for every message: exactly one of {@code reading} and {@code rejection}
 * is set. A single type (not two streams) because a source has one output and per-partition
 * watermarks need parsing to happen inside the source.
 */
public record ParsedMessage(HeartbeatReading reading, RejectedMessage rejection) {

    public static ParsedMessage valid(HeartbeatReading reading) {
        return new ParsedMessage(reading, null);
    }

    public static ParsedMessage rejected(RejectedMessage rejection) {
        return new ParsedMessage(null, rejection);
    }

    public boolean isValid() {
        return reading != null;
    }
}
