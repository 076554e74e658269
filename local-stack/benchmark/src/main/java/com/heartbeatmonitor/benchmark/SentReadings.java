package com.heartbeatmonitor.benchmark;

import com.heartbeatmonitor.generator.GeneratedMessage;
import com.heartbeatmonitor.generator.GeneratorSettings;
import com.heartbeatmonitor.generator.KafkaPublisher;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The Kafka record timestamp of every valid reading sent, by customer and event time: an alert names
 * the reading that completed its condition by those two ({@code customer_id}, {@code detected_at}).
 * Recorded in the producer's acknowledgement callback, on its network thread, whose delays the latency
 * scenarios measure: sized up front for the readings expected, so the map does not rehash there.
 */
final class SentReadings implements KafkaPublisher.AckListener {

    private record Key(String customer, long eventTime) {}

    private final Map<Key, Long> sentAt;

    /** For the readings of {@code settings}' rate over {@code sending}. */
    SentReadings(GeneratorSettings settings, Duration sending) {
        sentAt = new ConcurrentHashMap<>(expected(settings, sending));
    }

    /** How many messages {@code settings}' rate sends in {@code sending}: the capacity a map of them needs. */
    static int expected(GeneratorSettings settings, Duration sending) {
        return Math.toIntExact(
                Math.max(16, (long) Math.ceil(settings.eventsPerSecond() * sending.toMillis() / 1000.0)));
    }

    @Override
    public void acknowledged(GeneratedMessage message, RecordMetadata metadata) {
        if (message.isValid()) {
            sentAt.putIfAbsent(new Key(message.customerId(), message.timestamp().toEpochMilli()), metadata.timestamp());
        }
    }

    /** The record timestamp of the customer's reading at {@code eventTime}, or null if none was sent. */
    Long sentAt(String customer, long eventTime) {
        return sentAt.get(new Key(customer, eventTime));
    }

    /** Both listeners, in this order. */
    static KafkaPublisher.AckListener both(KafkaPublisher.AckListener first, KafkaPublisher.AckListener second) {
        return (message, metadata) -> {
            first.acknowledged(message, metadata);
            second.acknowledged(message, metadata);
        };
    }
}
