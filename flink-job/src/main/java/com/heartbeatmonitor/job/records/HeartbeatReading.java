package com.heartbeatmonitor.job.records;

/**
 * A validated reading. {@code timestamp} is the event time in epoch milliseconds; the Kafka partition
 * and offset say where it came from, so a stored row can be traced back to its message. {@code
 * activity} is null when the device did not say.
 */
public record HeartbeatReading(
        String eventId,
        String customerId,
        long timestamp,
        int heartRate,
        int kafkaPartition,
        long kafkaOffset,
        Activity activity) {

    /** A reading without activity. */
    public HeartbeatReading(
            String eventId, String customerId, long timestamp, int heartRate, int kafkaPartition, long kafkaOffset) {
        this(eventId, customerId, timestamp, heartRate, kafkaPartition, kafkaOffset, null);
    }
}
