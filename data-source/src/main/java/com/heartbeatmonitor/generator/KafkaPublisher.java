package com.heartbeatmonitor.generator;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Sends generated messages to one topic, keyed by customer so a customer's readings stay in order. */
public final class KafkaPublisher implements AutoCloseable {

    /** Called once per message when Kafka has acknowledged it, with where it was stored. */
    @FunctionalInterface
    public interface AckListener {
        void acknowledged(GeneratedMessage message, RecordMetadata metadata);
    }

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final AckListener listener;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> lastError = new AtomicReference<>();

    public KafkaPublisher(String bootstrapServers, String topic, AckListener listener) {
        this.producer = new KafkaProducer<>(producerProperties(bootstrapServers));
        this.topic = topic;
        this.listener = listener;
    }

    /**
     * Durable and ordered: acks from all in-sync replicas, idempotence so retries neither duplicate nor
     * reorder, and compressed batches because readings are small and very alike.
     */
    static Properties producerProperties(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    public void send(GeneratedMessage message) {
        producer.send(new ProducerRecord<>(topic, message.customerId(), message.payload()), (metadata, error) -> {
            if (error != null) {
                failed.incrementAndGet();
                lastError.set(error);
            } else {
                acked.incrementAndGet();
                listener.acknowledged(message, metadata);
            }
        });
    }

    public long acked() {
        return acked.get();
    }

    public long failed() {
        return failed.get();
    }

    public Exception lastError() {
        return lastError.get();
    }

    /** Waits for every message sent so far to be acknowledged or failed. */
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
