package com.heartbeatmonitor.job.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.heartbeatmonitor.job.config.DetectionProfile;
import com.heartbeatmonitor.job.config.PipelineSettings;
import com.heartbeatmonitor.job.config.RiskBands;
import com.heartbeatmonitor.job.config.StreamSettings;
import com.heartbeatmonitor.job.records.ClassifiedReading;
import com.heartbeatmonitor.job.records.HeartbeatReading;
import com.heartbeatmonitor.job.records.MinuteRollup;
import com.heartbeatmonitor.job.records.RejectReason;
import com.heartbeatmonitor.job.records.RiskLevel;
import com.heartbeatmonitor.job.records.SettingsMessage;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Classification and minute rollups of {@link MonitorCustomer}; detection is in MonitorCustomerDetectionTest. */
class MonitorCustomerTest {

    private static final long MINUTE = 60_000L;
    private static final PipelineSettings SETTINGS = new PipelineSettings(
            new StreamSettings(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2)),
            RiskBands.DEFAULT,
            DetectionProfile.WEARABLE.settings(),
            "heartbeats");

    @Test
    void readingBehindTheWatermarkIsFlaggedLateAndCounted() throws Exception {
        MonitorCustomer monitor = new MonitorCustomer(SETTINGS);
        try (var harness = harness(monitor)) {
            harness.processBothWatermarks(new Watermark(10_000));
            send(harness, reading("a", 10_001, 72));
            send(harness, reading("a", 10_000, 72));
            send(harness, reading("b", 4_000, 72));

            assertThat(harness.extractOutputValues())
                    .extracting(ClassifiedReading::late)
                    .containsExactly(false, true, true);
            assertThat(monitor.lateReadingsCount()).isEqualTo(2);
        }
    }

    @Test
    void everyReadingIsEmittedOnceWithItsRiskLevelAndTimestamp() throws Exception {
        try (var harness = harness(new MonitorCustomer(SETTINGS))) {
            HeartbeatReading normal = reading("a", 1_000, 72);
            HeartbeatReading critical = reading("b", 2_000, 35);
            HeartbeatReading high = reading("a", 3_000, 130);
            send(harness, normal);
            send(harness, critical);
            send(harness, high);

            assertThat(harness.extractOutputValues())
                    .containsExactly(
                            new ClassifiedReading(normal, RiskLevel.NORMAL, false),
                            new ClassifiedReading(critical, RiskLevel.CRITICAL, false),
                            new ClassifiedReading(high, RiskLevel.HIGH, false));
            assertThat(harness.extractOutputStreamRecords())
                    .extracting(r -> r.getTimestamp())
                    .isEqualTo(List.of(1_000L, 2_000L, 3_000L));
        }
    }

    @Test
    void minutesAreRolledUpOncePassedRewrittenForLateReadingsAndLeftAloneBeyondTheLateness() throws Exception {
        MonitorCustomer monitor = new MonitorCustomer(SETTINGS);
        try (var harness = harness(monitor)) {
            send(harness, reading("a", 10 * MINUTE + 1_000, 70));
            send(harness, reading("a", 10 * MINUTE + 59_999, 90));
            send(harness, reading("b", 10 * MINUTE + 5_000, 60));
            send(harness, reading("a", 11 * MINUTE, 100));
            harness.processBothWatermarks(new Watermark(11 * MINUTE - 1));
            assertThat(minutes(harness))
                    .containsExactlyInAnyOrder(
                            new MinuteRollup("a", 10 * MINUTE, 2, 70, 90, 80.0),
                            new MinuteRollup("b", 10 * MINUTE, 1, 60, 60, 60.0));

            send(harness, reading("a", 10 * MINUTE + 30_000, 110)); // late, within the 2 min allowed
            assertThat(minutes(harness)).last().isEqualTo(new MinuteRollup("a", 10 * MINUTE, 3, 70, 110, 90.0));

            harness.processBothWatermarks(new Watermark(13 * MINUTE - 1)); // the 2 min after minute 10 are over
            send(harness, reading("a", 10 * MINUTE + 40_000, 50));
            assertThat(minutes(harness))
                    .hasSize(4)
                    .last()
                    .isEqualTo(new MinuteRollup("a", 11 * MINUTE, 1, 100, 100, 100.0));
            assertThat(monitor.beyondRollupLatenessCount()).isEqualTo(1);
        }
    }

    @Test
    void aReadingTooLateForEverythingLeavesNoStateBehind() throws Exception {
        try (var harness = harness(new MonitorCustomer(SETTINGS))) {
            harness.processBothWatermarks(new Watermark(20 * MINUTE));
            send(harness, reading("unknown", 10 * MINUTE, 70)); // behind the watermark and the rollup lateness

            assertThat(harness.extractOutputValues())
                    .singleElement()
                    .extracting(ClassifiedReading::late)
                    .isEqualTo(true);
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void anEventIdReusedAtAnotherTimeIsRejectedNamingTheFirstMessageAndChangesNothing() throws Exception {
        String id = "5d0c7a8e-1b2c-4d3e-8f40-5a6b7c8d9e0f";
        MonitorCustomer monitor = new MonitorCustomer(SETTINGS);
        try (var harness = harness(monitor)) {
            HeartbeatReading first = reading(id, "a", 1_000, 72, 5);
            send(harness, first);
            send(harness, reading(id, "a", 6_000, 150, 9)); // another reading, the same id
            send(harness, reading(id, "a", 1_000, 72, 11)); // the same key: the database's to judge
            harness.processBothWatermarks(new Watermark(Long.MAX_VALUE));

            assertThat(harness.extractOutputValues())
                    .extracting(c -> c.reading().kafkaOffset())
                    .containsExactly(5L, 11L);
            assertThat(harness.getSideOutput(MonitorCustomer.REJECTED))
                    .extracting(StreamRecord::getValue)
                    .singleElement()
                    .satisfies(r -> {
                        assertThat(r.reason()).isEqualTo(RejectReason.CONFLICTING_EVENT_ID);
                        assertThat(r.kafkaTopic()).isEqualTo("heartbeats");
                        assertThat(r.kafkaOffset()).isEqualTo(9L);
                        assertThat(r.messageTime()).isEqualTo(6_000L);
                        assertThat(r.detail())
                                .isEqualTo("event_id " + id + " is already stored from heartbeats partition 0 offset 5"
                                        + " as customer_id a, timestamp 1970-01-01T00:00:01Z");
                        assertThat(r.payloadPreview()).contains("\"timestamp\":\"1970-01-01T00:00:06Z\"", "150");
                    });
            // The rejected reading reached neither the rollups nor detection: one minute of two readings.
            assertThat(minutes(harness)).extracting(MinuteRollup::readings).containsExactly(2);
        }
    }

    @Test
    void anEventIdIsRememberedForTheCustomersLastFourReadingsAndMayComeAgainAfter() throws Exception {
        String id = "6e1d8b9f-2c3d-4e4f-9a51-6b7c8d9e0f1a";
        try (var harness = harness(new MonitorCustomer(SETTINGS))) {
            send(harness, reading(id, "a", 1_000, 72, 1));
            for (int i = 2; i <= 4; i++) { // three readings more: the id is still among the last four
                send(harness, reading("a", i * 1_000L, 72));
            }
            send(harness, reading(id, "a", 10_000, 80, 10));
            assertThat(harness.getSideOutput(MonitorCustomer.REJECTED)).hasSize(1);

            send(harness, reading("a", 5_000, 72)); // a fourth: the first reading is forgotten
            send(harness, reading(id, "a", 11_000, 81, 11));

            assertThat(harness.extractOutputValues())
                    .extracting(c -> c.reading().kafkaOffset())
                    .containsExactly(1L, 2_000L, 3_000L, 4_000L, 5_000L, 11L);
            assertThat(harness.getSideOutput(MonitorCustomer.REJECTED))
                    .extracting(r -> r.getValue().kafkaOffset())
                    .containsExactly(10L);
        }
    }

    private static List<MinuteRollup> minutes(
            KeyedTwoInputStreamOperatorTestHarness<String, HeartbeatReading, SettingsMessage, ClassifiedReading> h) {
        var out = h.getSideOutput(MonitorCustomer.MINUTES);
        return out == null
                ? List.of()
                : out.stream().map(StreamRecord::getValue).toList();
    }

    private static void send(
            KeyedTwoInputStreamOperatorTestHarness<String, HeartbeatReading, SettingsMessage, ClassifiedReading> h,
            HeartbeatReading reading)
            throws Exception {
        h.processElement1(reading, reading.timestamp());
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, HeartbeatReading, SettingsMessage, ClassifiedReading>
            harness(MonitorCustomer monitor) throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(monitor),
                HeartbeatReading::customerId,
                SettingsMessage::customerId,
                Types.STRING);
        h.open();
        return h;
    }

    /** A reading with an event_id of its own: the customer's and the time's. */
    private static HeartbeatReading reading(String customer, long timestamp, int bpm) {
        return reading(new UUID(customer.hashCode(), timestamp).toString(), customer, timestamp, bpm, timestamp);
    }

    private static HeartbeatReading reading(String eventId, String customer, long timestamp, int bpm, long offset) {
        return new HeartbeatReading(eventId, customer, timestamp, bpm, 0, offset);
    }
}
