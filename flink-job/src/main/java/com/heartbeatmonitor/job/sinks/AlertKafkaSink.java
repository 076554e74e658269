package com.heartbeatmonitor.job.sinks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.heartbeatmonitor.job.config.KafkaSettings;
import com.heartbeatmonitor.job.records.AlertEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Alert events as JSON on the alerts topic, keyed by customer, for downstream notification.
 * At-least-once: a notifier de-duplicates on {@code (alert_id, revision)}; exactly-once would hold
 * every alert back until the next checkpoint completes.
 */
public final class AlertKafkaSink {

    private AlertKafkaSink() {}

    public static KafkaSink<AlertEvent> create(KafkaSettings kafka) {
        KafkaSinkBuilder<AlertEvent> builder = KafkaSink.<AlertEvent>builder();
        kafka.security().properties().forEach(builder::setProperty);
        return builder.setBootstrapServers(kafka.bootstrapServers())
                .setRecordSerializer(new AlertJson(kafka.alertsTopic()))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setProperty("enable.idempotence", "true")
                .setProperty("acks", "all")
                .build();
    }

    /** {@code {"alert_id":..,"customer_id":..,"type":..,"severity":..,"status":..,"started_at":"..Z",...}}. */
    static final class AlertJson implements KafkaRecordSerializationSchema<AlertEvent> {

        private static final ObjectMapper JSON = new ObjectMapper();
        private final String topic;

        AlertJson(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(AlertEvent alert, KafkaSinkContext context, Long timestamp) {
            return new ProducerRecord<>(topic, alert.customerId().getBytes(StandardCharsets.UTF_8), toJson(alert));
        }

        static byte[] toJson(AlertEvent alert) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("alert_id", alert.alertId());
            json.put("customer_id", alert.customerId());
            json.put("type", alert.type().name());
            json.put("severity", alert.severity().name());
            json.put("status", alert.status().name());
            json.put("started_at", Instant.ofEpochMilli(alert.startedAt()).toString());
            json.put("detected_at", Instant.ofEpochMilli(alert.detectedAt()).toString());
            json.put(
                    "ended_at",
                    alert.endedAt() == null
                            ? null
                            : Instant.ofEpochMilli(alert.endedAt()).toString());
            json.put("peak_bpm", alert.peakBpm());
            json.put("readings", alert.readings());
            json.put("revision", alert.revision());
            json.put("high_bpm", alert.highBpm());
            json.put("low_bpm", alert.lowBpm());
            json.put("settings_version", alert.settingsVersion());
            try {
                return JSON.writeValueAsBytes(json);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot serialise a map of strings and numbers", e);
            }
        }
    }
}
