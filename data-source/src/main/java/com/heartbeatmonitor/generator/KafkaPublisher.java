package com.heartbeatmonitor.generator;

import com.heartbeatmonitor.security.KafkaSecurity;
import com.heartbeatmonitor.security.KafkaSecurityOptions;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Sends generated messages to one topic, keyed by customer so a customer's readings stay in order. */
public final class KafkaPublisher implements AutoCloseable {

    /** Called once per message when Kafka has acknowledged it, with where it was stored. */
    @FunctionalInterface
    public interface AckListener {
        void acknowledged(GeneratedMessage message, RecordMetadata metadata);

        /** Called once per message Kafka did not take (after the producer's own retries); counted either way. */
        default void failed(GeneratedMessage message, Exception error) {}
    }

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final AckListener listener;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> lastError = new AtomicReference<>();

    /** Plaintext: the local stack's loopback-only broker. */
    public KafkaPublisher(String bootstrapServers, String topic, AckListener listener) {
        this(bootstrapServers, KafkaSecurity.PLAINTEXT, topic, listener);
    }

    /** Over the given security settings (SASL_SSL, SSL or PLAINTEXT). */
    public KafkaPublisher(String bootstrapServers, KafkaSecurity security, String topic, AckListener listener) {
        this.producer = new KafkaProducer<>(security.applyTo(producerProperties(bootstrapServers)));
        this.topic = topic;
        this.listener = listener;
    }

    /**
     * Durable and ordered: acks from all in-sync replicas, idempotence so retries neither duplicate nor
     * reorder, and compressed batches because readings are small and very alike.
     */
    public static Properties producerProperties(String bootstrapServers) {
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

    /**
     * Fails fast, with what to fix, when the broker refuses this client or the topic is not there: asks for
     * the topic's partitions, which needs a connection, a login and the topic.
     */
    public void checkAccess() {
        try {
            producer.partitionsFor(topic);
        } catch (SaslAuthenticationException e) {
            throw new IllegalStateException(
                    "Kafka refused the login (" + e.getMessage() + "). Fix: check "
                            + KafkaSecurityOptions.CREDENTIALS_HINT + ".",
                    e);
        } catch (SslAuthenticationException e) {
            throw new IllegalStateException(
                    "The TLS handshake with Kafka failed (" + e.getMessage() + "). Fix: check "
                            + KafkaSecurityOptions.TLS_HINT + ".",
                    e);
        } catch (KafkaException e) {
            throw new IllegalStateException(
                    "Cannot use topic " + topic + " on Kafka (" + e.getMessage() + "). Fix: check "
                            + "the bootstrap servers, that the topic exists, and that "
                            + KafkaSecurityOptions.PROTOCOL_HINT + ".",
                    e);
        }
    }

    /** Sends with the producer's clock as the Kafka record time. */
    public void send(GeneratedMessage message) {
        send(message, null);
    }

    /**
     * Sends with {@code recordTime} as the Kafka record time (null: the producer's clock). The job checks the
     * reading's event time against it: a replay stamps each record with the time its reading was taken.
     */
    public void send(GeneratedMessage message, Instant recordTime) {
        Long timestamp = recordTime == null ? null : recordTime.toEpochMilli();
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(topic, null, timestamp, message.customerId(), message.payload());
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                failed.incrementAndGet();
                lastError.set(error);
                listener.failed(message, error);
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
