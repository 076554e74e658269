package com.heartbeatmonitor.local;

import com.heartbeatmonitor.generator.GeneratedMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Sends hand-made messages to chosen partitions of one topic, when a test needs exact control over both. */
final class RawProducer implements AutoCloseable {

    /** A message and the partition it must go to. */
    record Addressed(int partition, GeneratedMessage message) {}

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;

    RawProducer(String bootstrapServers, String topic) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    /** Sends in order and waits for every acknowledgement; returns the messages by where Kafka stored them. */
    Map<TestStack.Coordinates, GeneratedMessage> send(List<Addressed> messages) throws Exception {
        return send(messages, false);
    }

    /**
     * The same, each record stamped with its reading's event time, as if sent by the device when it was measured:
     * readings of a fixed past (a savepoint fixture's) then pass the job's event-age check whenever the test runs.
     */
    Map<TestStack.Coordinates, GeneratedMessage> sendAtEventTime(List<Addressed> messages) throws Exception {
        return send(messages, true);
    }

    private Map<TestStack.Coordinates, GeneratedMessage> send(List<Addressed> messages, boolean atEventTime)
            throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>(messages.size());
        for (Addressed m : messages) {
            Long timestamp = atEventTime ? m.message().timestamp().toEpochMilli() : null;
            acks.add(producer.send(new ProducerRecord<>(
                    topic, m.partition(), timestamp, null, m.message().payload())));
        }
        Map<TestStack.Coordinates, GeneratedMessage> byCoordinates = new LinkedHashMap<>();
        for (int i = 0; i < acks.size(); i++) {
            RecordMetadata at = acks.get(i).get();
            byCoordinates.put(
                    new TestStack.Coordinates(at.partition(), at.offset()),
                    messages.get(i).message());
        }
        return byCoordinates;
    }

    @Override
    public void close() {
        producer.close();
    }
}
