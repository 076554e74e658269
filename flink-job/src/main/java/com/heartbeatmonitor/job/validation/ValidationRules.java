package com.heartbeatmonitor.job.validation;

import java.io.Serializable;
import java.time.Duration;

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

    public static final ValidationRules DEFAULT =
            new ValidationRules(30, 220, Duration.ofMinutes(1), Duration.ofDays(7), 16 * 1024);

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
