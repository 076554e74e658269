package com.heartbeatmonitor.job.records;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A validated reading. {@code timestamp} is the event time in epoch milliseconds; the Kafka partition
 * and offset say where it came from, so a stored row can be traced back to its message. {@code
 * activity} is null when the device did not say. {@code recordTime} is the Kafka record's timestamp (when
 * the message was produced), {@link #NO_RECORD_TIME} when not known: how old a message is when the job
 * reads it says whether the job is catching up. Serialized by {@link HeartbeatReadingSerializer}.
 */
@TypeInfo(HeartbeatReadingSerializer.Factory.class)
public record HeartbeatReading(
        String eventId,
        String customerId,
        long timestamp,
        int heartRate,
        int kafkaPartition,
        long kafkaOffset,
        Activity activity,
        long recordTime) {

    /** {@link #recordTime} not known. */
    public static final long NO_RECORD_TIME = -1;

    /** A reading whose record time is not known. */
    public HeartbeatReading(
            String eventId,
            String customerId,
            long timestamp,
            int heartRate,
            int kafkaPartition,
            long kafkaOffset,
            Activity activity) {
        this(eventId, customerId, timestamp, heartRate, kafkaPartition, kafkaOffset, activity, NO_RECORD_TIME);
    }

    /** A reading without activity, whose record time is not known. */
    public HeartbeatReading(
            String eventId, String customerId, long timestamp, int heartRate, int kafkaPartition, long kafkaOffset) {
        this(eventId, customerId, timestamp, heartRate, kafkaPartition, kafkaOffset, null);
    }
}
