package com.heartbeatmonitor.job.sources;

import com.heartbeatmonitor.job.config.KafkaSettings;
import com.heartbeatmonitor.job.records.ParsedMessage;
import com.heartbeatmonitor.job.validation.ValidationRules;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The Kafka source of heart-rate messages, as a builder so tests can bound it. */
public final class KafkaHeartbeatSource {

    private KafkaHeartbeatSource() {}

    /**
     * Resumes from the group's committed offsets (the earliest ones for a new group). Offsets are
     * committed when a checkpoint completes; they are for monitoring and for a fresh start, while a
     * restore takes its offsets from the checkpoint itself.
     */
    @SuppressWarnings("deprecation") // OffsetResetStrategy is what this connector version takes
    public static KafkaSourceBuilder<ParsedMessage> builder(KafkaSettings kafka, ValidationRules rules) {
        return KafkaSource.<ParsedMessage>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setTopics(kafka.topic())
                .setGroupId(kafka.groupId())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new HeartbeatDeserializationSchema(rules))
                .setProperties(kafka.securityProperties())
                .setProperty("commit.offsets.on.checkpoint", "true")
                // Only read what producers committed, should a transactional producer ever write here.
                .setProperty("isolation.level", "read_committed");
    }
}
