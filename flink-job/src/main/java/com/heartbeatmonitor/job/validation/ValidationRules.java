package com.heartbeatmonitor.job.validation;

import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.util.TimeUtils;

/**
 * Limits a message must meet to become a reading.
 *
 * @param minHeartRate lowest valid heart rate, bpm (inclusive)
 * @param maxHeartRate highest valid heart rate, bpm (inclusive)
 * @param maxFutureSkew how far an event time may be ahead of the Kafka record time. Kept small: one
 *     reading from the future would push its partition's watermark ahead and make everyone else late.
 * @param maxEventAge how far an event time may be behind the Kafka record time (devices that sync
 *     after being offline send old readings)
 * @param maxPayloadBytes larger messages are rejected unparsed
 */
public record ValidationRules(
        int minHeartRate, int maxHeartRate, Duration maxFutureSkew, Duration maxEventAge, int maxPayloadBytes)
        implements Serializable {

    // The defaults, written once: the job's flags show and use these, and DEFAULT is made of them.
    public static final int DEFAULT_MIN_HEART_RATE = 30;
    public static final int DEFAULT_MAX_HEART_RATE = 220;
    /** In Flink's duration form, as the flag takes it. */
    public static final String DEFAULT_MAX_FUTURE_SKEW = "1min";
    /** In Flink's duration form, as the flag takes it. */
    public static final String DEFAULT_MAX_EVENT_AGE = "7d";

    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 16 * 1024;

    public static final ValidationRules DEFAULT = new ValidationRules(
            DEFAULT_MIN_HEART_RATE,
            DEFAULT_MAX_HEART_RATE,
            TimeUtils.parseDuration(DEFAULT_MAX_FUTURE_SKEW),
            TimeUtils.parseDuration(DEFAULT_MAX_EVENT_AGE),
            DEFAULT_MAX_PAYLOAD_BYTES);

    public ValidationRules {
        if (minHeartRate < 0 || minHeartRate > maxHeartRate) {
            throw new IllegalArgumentException(
                    "heart-rate range must satisfy 0 <= min <= max, got " + minHeartRate + "-" + maxHeartRate);
        }
        if (maxFutureSkew.isNegative() || maxEventAge.isNegative()) {
            throw new IllegalArgumentException("timestamp limits must not be negative");
        }
        if (maxPayloadBytes < 64) {
            throw new IllegalArgumentException("max message size must be at least 64 bytes, got " + maxPayloadBytes);
        }
    }
}
