package com.heartbeatmonitor.job.sources;

import com.heartbeatmonitor.job.records.SettingsChange;
import com.heartbeatmonitor.job.records.SettingsMessage;
import com.heartbeatmonitor.job.records.SettingsRejection;
import com.heartbeatmonitor.job.validation.PayloadPreview;
import com.heartbeatmonitor.settings.CustomerSettings;
import com.heartbeatmonitor.settings.InvalidSettingsException;
import com.heartbeatmonitor.settings.SettingsBounds;
import com.heartbeatmonitor.settings.SettingsParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns every record of the settings topic into a {@link SettingsMessage} and never throws (a throwing deserializer
 * fails the job on every restart): the key is the customer, a null value a reset to the deployment's defaults, any
 * other value is checked by {@link SettingsParser}, the same code heartbeat-admin checks with before sending.
 */
public final class SettingsDeserializationSchema implements KafkaRecordDeserializationSchema<SettingsMessage> {

    private final SettingsBounds bounds;
    private transient SettingsParser parser;

    public SettingsDeserializationSchema(SettingsBounds bounds) {
        this.bounds = bounds;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        parser = new SettingsParser(bounds);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SettingsMessage> out) {
        out.collect(read(
                record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                record.value(),
                record.partition(),
                record.offset(),
                record.timestamp()));
    }

    /** One record as a message; {@code time} is its Kafka timestamp, the default of {@code effective_at}. */
    public SettingsMessage read(String customer, byte[] value, int partition, long offset, long time) {
        if (value == null && customer != null && !customer.isBlank()) {
            return SettingsMessage.accepted(new SettingsChange(
                    customer, 0, true, null, null, null, null, null, null, null, null, time, time, partition, offset,
                    time));
        }
        String json = value == null ? "" : new String(value, StandardCharsets.UTF_8);
        try {
            CustomerSettings s = parser.parse(customer, json);
            long effectiveAt = s.effectiveAt() == null ? time : s.effectiveAt().toEpochMilli();
            return SettingsMessage.accepted(new SettingsChange(
                    customer,
                    s.version(),
                    false,
                    s.highBpm(),
                    s.lowBpm(),
                    s.profile() == null ? null : s.profile().name(),
                    millis(s.sustain()),
                    millis(s.exertionSustain()),
                    s.pausedUntil() == null ? null : s.pausedUntil().toEpochMilli(),
                    s.timeZone() == null ? null : s.timeZone().getId(),
                    SettingsParser.toJson(s),
                    effectiveAt,
                    effectiveAt,
                    partition,
                    offset,
                    time));
        } catch (InvalidSettingsException e) {
            return SettingsMessage.rejected(new SettingsRejection(
                    customer, null, e.reason(), e.detail(), PayloadPreview.of(value), partition, offset, time));
        }
    }

    private static Long millis(Duration d) {
        return d == null ? null : d.toMillis();
    }

    @Override
    public TypeInformation<SettingsMessage> getProducedType() {
        return TypeInformation.of(SettingsMessage.class);
    }
}
