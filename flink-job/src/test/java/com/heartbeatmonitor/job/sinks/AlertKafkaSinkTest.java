package com.heartbeatmonitor.job.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import com.heartbeatmonitor.job.records.AlertEvent;
import com.heartbeatmonitor.job.records.AlertStatus;
import com.heartbeatmonitor.job.records.AlertType;
import com.heartbeatmonitor.job.records.Severity;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The alert notification as a notifier reads it from the topic: exact JSON, keyed by customer. */
class AlertKafkaSinkTest {

    private static final long STARTED = Instant.parse("2026-11-21T10:15:30Z").toEpochMilli();

    @Test
    void anOpenAlertIsJsonWithNullEndAndIsoTimesKeyedByCustomer() {
        AlertEvent open = new AlertEvent(
                        "4a1f6a0e-2b7c-5d3e-9f10-1a2b3c4d5e6f",
                        "customer-00042",
                        AlertType.TACHYCARDIA,
                        Severity.HIGH,
                        AlertStatus.OPEN,
                        STARTED,
                        STARTED + 30_000,
                        null,
                        131,
                        31,
                        1)
                .judgedBy(130, 45, 3L); // the customer's own thresholds, settings version 3

        ProducerRecord<byte[], byte[]> record =
                new AlertKafkaSink.AlertJson("heartbeat-alerts").serialize(open, null, null);

        assertThat(record.topic()).isEqualTo("heartbeat-alerts");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("customer-00042");
        assertThat(new String(record.value(), StandardCharsets.UTF_8))
                .isEqualTo("{\"alert_id\":\"4a1f6a0e-2b7c-5d3e-9f10-1a2b3c4d5e6f\",\"customer_id\":\"customer-00042\","
                        + "\"type\":\"TACHYCARDIA\",\"severity\":\"HIGH\",\"status\":\"OPEN\","
                        + "\"started_at\":\"2026-11-21T10:15:30Z\",\"detected_at\":\"2026-11-21T10:16:00Z\","
                        + "\"ended_at\":null,\"peak_bpm\":131,\"readings\":31,\"revision\":1,"
                        + "\"high_bpm\":130,\"low_bpm\":45,\"settings_version\":3}");
    }

    @Test
    void aClosedLostSignalHasItsEndAndNoPeakMillisecondsKept() {
        AlertEvent closed = new AlertEvent(
                "00000000-0000-5000-8000-000000000001",
                "c1",
                AlertType.SIGNAL_LOST,
                Severity.WARNING,
                AlertStatus.CLOSED,
                STARTED + 123,
                STARTED + 30_123,
                STARTED + 75_450,
                null,
                0,
                2);

        assertThat(new String(AlertKafkaSink.AlertJson.toJson(closed), StandardCharsets.UTF_8))
                .isEqualTo("{\"alert_id\":\"00000000-0000-5000-8000-000000000001\",\"customer_id\":\"c1\","
                        + "\"type\":\"SIGNAL_LOST\",\"severity\":\"WARNING\",\"status\":\"CLOSED\","
                        + "\"started_at\":\"2026-11-21T10:15:30.123Z\",\"detected_at\":\"2026-11-21T10:16:00.123Z\","
                        + "\"ended_at\":\"2026-11-21T10:16:45.450Z\",\"peak_bpm\":null,\"readings\":0,\"revision\":2,"
                        + "\"high_bpm\":null,\"low_bpm\":null,\"settings_version\":null}");
    }
}
