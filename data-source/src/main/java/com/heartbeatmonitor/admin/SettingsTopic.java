package com.heartbeatmonitor.admin;

import com.heartbeatmonitor.generator.KafkaPublisher;
import com.heartbeatmonitor.security.KafkaSecurity;
import com.heartbeatmonitor.security.KafkaSecurityOptions;
import com.heartbeatmonitor.settings.SettingsBounds;
import com.heartbeatmonitor.settings.SettingsBoundsOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The settings topic as heartbeat-admin reaches it, a picocli mixin: the broker, the same Kafka security flags as
 * the generator and the job, the topic, and the same threshold bounds as the job's (so what is sent is what the job
 * accepts). Reads the compacted topic to its end for the current settings; sends a customer's new settings or a
 * tombstone. The care console sends its settings changes through it too, with the same flags' environment
 * variables, so both reach the topic alike.
 */
public final class SettingsTopic {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Option(
            names = "--bootstrap-servers",
            defaultValue = "${env:HEARTBEAT_KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka bootstrap servers (env HEARTBEAT_KAFKA_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(
            names = "--settings-topic",
            defaultValue = "${env:HEARTBEAT_SETTINGS_TOPIC:-customer-settings}",
            description = "The job's settings topic (env HEARTBEAT_SETTINGS_TOPIC).")
    String topic;

    @Mixin
    KafkaSecurityOptions kafkaSecurity;

    @Mixin
    SettingsBoundsOptions bounds;

    public SettingsBounds bounds() {
        return bounds.resolve();
    }

    /** The current message of every customer (latest per key, tombstones removed), by customer. */
    public Map<String, String> current() {
        Properties props = kafkaSecurity.resolve().applyTo(new Properties());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, String> latest = new TreeMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("the settings topic '" + topic + "' does not exist on "
                        + bootstrapServers + " (create it compacted, or set --settings-topic)");
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading the settings topic '" + topic + "' took longer than "
                            + TIMEOUT.toSeconds() + " s");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() == null) {
                        continue; // the job rejected it
                    }
                    if (record.value() == null) {
                        latest.remove(record.key());
                    } else {
                        latest.put(record.key(), record.value());
                    }
                }
            }
        }
        return latest;
    }

    /** Sends {@code json} as the customer's settings, or a tombstone for null; waits for the broker's ack. */
    public void send(String customer, String json) throws Exception {
        KafkaSecurity security = kafkaSecurity.resolve();
        Properties props = security.applyTo(KafkaPublisher.producerProperties(bootstrapServers));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(
                            topic, customer, json == null ? null : json.getBytes(StandardCharsets.UTF_8)))
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
