package com.heartbeatmonitor.benchmark;

import com.heartbeatmonitor.generator.GeneratedMessage;
import com.heartbeatmonitor.generator.KafkaPublisher;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The Kafka record timestamp of every valid reading sent, by customer and event time: an alert names
 * the reading that completed its condition by those two ({@code customer_id}, {@code detected_at}).
 */
final class SentReadings implements KafkaPublisher.AckListener {

    private record Key(String customer, long eventTime) {}

    private final Map<Key, Long> sentAt = new ConcurrentHashMap<>();

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
