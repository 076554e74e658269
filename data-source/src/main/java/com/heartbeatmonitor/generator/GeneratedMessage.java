package com.heartbeatmonitor.generator;

import java.time.Instant;

/**
 * One Kafka message as the generator produced it, with the reading it was made from. For an invalid
 * message {@code invalidKind} says what is wrong with {@code payload}; the reading fields then describe
 * the reading that was corrupted and are not what the payload says. {@code activity} is the optional
 * contract field, null when the message has none.
 */
public record GeneratedMessage(
        String customerId,
        String eventId,
        Instant timestamp,
        int heartRate,
        Activity activity,
        InvalidKind invalidKind,
        byte[] payload) {

    /** A message without an activity. */
    public GeneratedMessage(
            String customerId,
            String eventId,
            Instant timestamp,
            int heartRate,
            InvalidKind invalidKind,
            byte[] payload) {
        this(customerId, eventId, timestamp, heartRate, null, invalidKind, payload);
    }

    public boolean isValid() {
        return invalidKind == null;
    }
}
