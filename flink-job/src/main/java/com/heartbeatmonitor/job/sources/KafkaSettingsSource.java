package com.heartbeatmonitor.job.sources;

import com.heartbeatmonitor.job.config.KafkaSettings;
import com.heartbeatmonitor.job.records.SettingsMessage;
import com.heartbeatmonitor.settings.SettingsBounds;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;

/** The Kafka source of the compacted settings topic, as a builder so tests can bound it. */
public final class KafkaSettingsSource {

    private KafkaSettingsSource() {}

    /**
     * Reads the whole topic from its start on a fresh job (compacted: the latest message per customer is the truth;
     * replaying it gives every customer their settings back), and from the checkpoint's offsets on a restore. No
     * consumer group offsets: nothing else reads this topic's progress.
     */
    public static KafkaSourceBuilder<SettingsMessage> builder(
            KafkaSettings kafka, String topic, SettingsBounds bounds) {
        return KafkaSource.<SettingsMessage>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setTopics(topic)
                .setGroupId(kafka.groupId() + "-settings")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new SettingsDeserializationSchema(bounds))
                .setProperties(kafka.securityProperties())
                .setProperty("commit.offsets.on.checkpoint", "false")
                .setProperty("isolation.level", "read_committed");
    }
}
