package com.heartbeatmonitor.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.heartbeatmonitor.job.TopicSource.Message;
import com.heartbeatmonitor.job.config.JobOptions;
import com.heartbeatmonitor.job.records.AlertEvent;
import com.heartbeatmonitor.job.records.AlertStatus;
import com.heartbeatmonitor.job.records.AlertType;
import com.heartbeatmonitor.job.records.ClassifiedReading;
import com.heartbeatmonitor.job.records.MinuteRollup;
import com.heartbeatmonitor.job.records.ParsedMessage;
import com.heartbeatmonitor.job.records.RejectReason;
import com.heartbeatmonitor.job.records.RejectedMessage;
import com.heartbeatmonitor.job.records.RiskLevel;
import com.heartbeatmonitor.job.records.SettingsMessage;
import com.heartbeatmonitor.job.records.Severity;
import com.heartbeatmonitor.job.sinks.Batches;
import com.heartbeatmonitor.job.sinks.MinuteBatch;
import com.heartbeatmonitor.job.sinks.ReadingBatch;
import com.heartbeatmonitor.job.sources.HeartbeatDeserializationSchema;
import com.heartbeatmonitor.job.sources.SettingsDeserializationSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.assertj.core.api.AbstractListAssert;
import org.assertj.core.api.ObjectAssert;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job-level tier: the production job graph ({@link HeartbeatMonitorJob#build}, with the options
 * {@code main} would parse) on a MiniCluster at parallelism 2, fed raw JSON by an in-memory topic
 * through the job's own deserializer, and writing into collecting sinks. No Kafka, no PostgreSQL: the
 * fastest way to test a change of the pipeline from end to end. The job runs once, with the clinical
 * detection profile (fast episodes), over 4 minutes of event time from three customers and a handful
 * of broken messages; each test checks one of its outputs.
 */
class HeartbeatMonitorJobTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final String TOPIC = "heartbeats";
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final int SECONDS = 240;
    /** Devices send a reading a moment after taking it. */
    private static final long SEND_DELAY_MS = 200;

    private static final CollectingSink<ReadingBatch> READINGS = new CollectingSink<>();
    /** Small batches, so a run makes many: each one must carry its readings whole. */
    static final Batches BATCHES = new Batches(7, Duration.ofMillis(50));

    private static final CollectingSink<RejectedMessage> REJECTIONS = new CollectingSink<>();
    private static final CollectingSink<AlertEvent> ALERTS = new CollectingSink<>();
    private static final CollectingSink<AlertEvent> NOTIFICATIONS = new CollectingSink<>();
    private static final CollectingSink<MinuteBatch> ROLLUPS = new CollectingSink<>();

    /** What was sent, by partition: messages in offset order. */
    private static final List<List<Message>> TOPIC_CONTENT = List.of(new ArrayList<>(), new ArrayList<>());

    private static final List<Expected> VALID = new ArrayList<>();
    private static final List<ExpectedRejection> INVALID = new ArrayList<>();

    private record Expected(int partition, long offset, String customer, int second, int bpm) {}

    private record ExpectedRejection(int partition, long offset, RejectReason reason, String payload) {}

    @BeforeAll
    static void runTheJob() throws Exception {
        for (int s = 0; s < SECONDS; s++) {
            // customer-a: steady and normal, 60-79 bpm.
            reading(0, "customer-a", s, 60 + s % 20);
            // customer-b: 70 bpm, and 130 bpm from second 60 to 99: a TACHYCARDIA episode of 40 s.
            reading(1, "customer-b", s, s >= 60 && s < 100 ? 130 : 70);
            // customer-c: 55 bpm, one reading of 45 at second 30, one of 165 at second 150: a critical SPIKE.
            reading(0, "customer-c", s, s == 30 ? 45 : s == 150 ? 165 : 55);
            switch (s) {
                case 10 -> invalid(0, s, RejectReason.HEART_RATE_OUT_OF_RANGE, json("customer-a", s, "250"));
                case 20 -> invalid(1, s, RejectReason.MALFORMED_JSON, "{\"event_id\": ");
                case 40 -> invalid(1, s, RejectReason.WRONG_TYPE, json("customer-b", s, "\"72\""));
                case 70 ->
                    invalid(
                            0,
                            s,
                            RejectReason.MISSING_FIELD,
                            "{\"event_id\":\"" + eventId(0, 999) + "\",\"timestamp\":\"" + at(s)
                                    + "\",\"heart_rate\":72}");
                case 130 -> invalid(0, s, RejectReason.TIMESTAMP_IN_FUTURE, json("customer-c", s + 300, "55"));
                case 200 -> invalid(1, s, RejectReason.EMPTY_PAYLOAD, null);
                default -> {}
            }
        }

        JobOptions options = JobOptions.parse(
                        "--parallelism", "2", "--detection-profile", "clinical", "--checkpoint-interval", "200ms")
                .orElseThrow();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        options.configure(env);
        Configuration watermarks = new Configuration();
        watermarks.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(10));
        env.configure(watermarks);
        TopicSource<ParsedMessage> source = new TopicSource<>(
                TOPIC,
                TOPIC_CONTENT,
                new HeartbeatDeserializationSchema(options.validation()),
                Duration.ofMillis(1).toNanos());
        // No customer has settings of their own: the deployment's defaults, as before there were settings.
        TopicSource<SettingsMessage> noSettings = new TopicSource<>(
                options.settingsTopic(),
                List.of(List.of()),
                new SettingsDeserializationSchema(options.settingsBounds()),
                0);
        new HeartbeatMonitorJob(
                        source,
                        noSettings,
                        new JobSinks(
                                BATCHES,
                                READINGS,
                                REJECTIONS,
                                ALERTS,
                                NOTIFICATIONS,
                                ROLLUPS,
                                new CollectingSink<>(),
                                new CollectingSink<>(),
                                new CollectingSink<>()),
                        options.pipeline())
                .build(env);

        long start = System.nanoTime();
        env.execute("heartbeat-monitor-job-test");
        // Printed, not asserted: speed is the benchmark's business.
        System.out.println("HeartbeatMonitorJobTest: the job ran in "
                + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
    }

    @AfterAll
    static void forget() {
        List.of(READINGS, REJECTIONS, ALERTS, NOTIFICATIONS, ROLLUPS).forEach(CollectingSink::discard);
    }

    @Test
    void everyInvalidMessageLeavesThroughTheSideOutputWithItsReasonAndCoordinates() {
        assertThat(REJECTIONS.collected())
                .extracting(
                        RejectedMessage::kafkaTopic,
                        RejectedMessage::kafkaPartition,
                        RejectedMessage::kafkaOffset,
                        RejectedMessage::reason,
                        RejectedMessage::payloadPreview,
                        RejectedMessage::payloadBytes)
                .containsExactlyInAnyOrderElementsOf(INVALID.stream()
                        .map(r -> tuple(
                                TOPIC,
                                r.partition(),
                                r.offset(),
                                r.reason(),
                                r.payload() == null ? "" : r.payload(),
                                r.payload() == null ? 0 : r.payload().length()))
                        .toList());
        assertThat(REJECTIONS.collected())
                .allSatisfy(r -> assertThat(r.detail()).isNotBlank());
    }

    @Test
    void everyValidMessageIsStoredOnceWithTheRiskLevelOfItsHeartRate() {
        List<ClassifiedReading> readings = CollectedReadings.of(READINGS);

        assertThat(readings)
                .extracting(
                        r -> r.reading().kafkaPartition(),
                        r -> r.reading().kafkaOffset(),
                        r -> r.reading().customerId(),
                        r -> r.reading().timestamp(),
                        r -> r.reading().heartRate())
                .containsExactlyInAnyOrderElementsOf(VALID.stream()
                        .map(v -> tuple(
                                v.partition(),
                                v.offset(),
                                v.customer(),
                                at(v.second()).toEpochMilli(),
                                v.bpm()))
                        .toList());
        assertThat(readings).noneMatch(ClassifiedReading::late);
        Map<Integer, RiskLevel> levelByBpm = readings.stream()
                .collect(Collectors.toMap(r -> r.reading().heartRate(), ClassifiedReading::riskLevel, (a, b) -> a));
        assertThat(levelByBpm)
                .containsEntry(45, RiskLevel.HIGH)
                .containsEntry(55, RiskLevel.ELEVATED)
                .containsEntry(60, RiskLevel.NORMAL)
                .containsEntry(70, RiskLevel.NORMAL)
                .containsEntry(79, RiskLevel.NORMAL)
                .containsEntry(130, RiskLevel.HIGH)
                .containsEntry(165, RiskLevel.CRITICAL);
        assertThat(readings.stream()
                        .collect(Collectors.groupingBy(ClassifiedReading::riskLevel, Collectors.counting())))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        RiskLevel.NORMAL,
                        (long) SECONDS + SECONDS - 40,
                        RiskLevel.ELEVATED,
                        (long) SECONDS - 2,
                        RiskLevel.HIGH,
                        40L + 1,
                        RiskLevel.CRITICAL,
                        1L));
    }

    @Test
    void tachycardiaOpensAfterThirtySecondsAboveTheThresholdAndClosesTenSecondsAfterIt() {
        List<AlertEvent> tachycardia = alerts(AlertType.TACHYCARDIA);

        assertThatChanges(tachycardia)
                .containsExactly(
                        tuple("customer-b", AlertStatus.OPEN, Severity.HIGH, ms(60), ms(90), null, 130, 31, 1),
                        tuple("customer-b", AlertStatus.CLOSED, Severity.HIGH, ms(60), ms(90), ms(99), 130, 40, 2));
        assertThat(tachycardia.get(1).alertId()).isEqualTo(tachycardia.get(0).alertId());
        assertThat(UUID.fromString(tachycardia.get(0).alertId())).isNotNull();
    }

    @Test
    void everyJumpOfFortyBpmBetweenReadingsIsASpikeCriticalWhenItReachesTheCriticalBand() {
        assertThatChanges(alerts(AlertType.SPIKE))
                .containsExactly(
                        // customer-b's rise to 130 and its fall back to 70 are 60 bpm jumps in 1 s.
                        tuple("customer-b", AlertStatus.OPEN, Severity.HIGH, ms(60), ms(60), null, 130, 1, 1),
                        tuple("customer-b", AlertStatus.CLOSED, Severity.HIGH, ms(60), ms(60), ms(60), 130, 1, 2),
                        tuple("customer-b", AlertStatus.OPEN, Severity.HIGH, ms(100), ms(100), null, 130, 1, 1),
                        tuple("customer-b", AlertStatus.CLOSED, Severity.HIGH, ms(100), ms(100), ms(100), 130, 1, 2),
                        // customer-c: 55 -> 165 -> 55, one episode of two jumps with a critical peak.
                        tuple("customer-c", AlertStatus.OPEN, Severity.CRITICAL, ms(150), ms(150), null, 165, 1, 1),
                        tuple(
                                "customer-c",
                                AlertStatus.CLOSED,
                                Severity.CRITICAL,
                                ms(150),
                                ms(150),
                                ms(151),
                                165,
                                2,
                                2));
    }

    @Test
    void nothingElseIsAnAlertAndTheTopicGetsEveryAlertChange() {
        assertThat(ALERTS.collected())
                .extracting(AlertEvent::type)
                .containsOnly(AlertType.TACHYCARDIA, AlertType.SPIKE);
        assertThat(NOTIFICATIONS.collected()).containsExactlyInAnyOrderElementsOf(ALERTS.collected());
    }

    @Test
    void everyCustomerMinuteIsRolledUpOnceWithCountMinMaxAndAverage() {
        List<MinuteRollup> expected = new ArrayList<>();
        for (int minute = 0; minute < SECONDS / 60; minute++) {
            long start = ms(minute * 60);
            expected.add(new MinuteRollup("customer-a", start, 60, 60, 79, 69.5));
            expected.add(
                    minute == 1
                            ? new MinuteRollup("customer-b", start, 60, 70, 130, (40 * 130 + 20 * 70) / 60.0)
                            : new MinuteRollup("customer-b", start, 60, 70, 70, 70.0));
            expected.add(
                    switch (minute) {
                        case 0 -> new MinuteRollup("customer-c", start, 60, 45, 55, (59 * 55 + 45) / 60.0);
                        case 2 -> new MinuteRollup("customer-c", start, 60, 55, 165, (59 * 55 + 165) / 60.0);
                        default -> new MinuteRollup("customer-c", start, 60, 55, 55, 55.0);
                    });
        }
        assertThat(CollectedMinutes.of(ROLLUPS)).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** Customer, status, severity, start, detection, end, peak, readings and revision of each alert change. */
    private static AbstractListAssert<?, List<? extends Tuple>, Tuple, ObjectAssert<Tuple>> assertThatChanges(
            List<AlertEvent> changes) {
        return assertThat(changes)
                .extracting(
                        AlertEvent::customerId,
                        AlertEvent::status,
                        AlertEvent::severity,
                        AlertEvent::startedAt,
                        AlertEvent::detectedAt,
                        AlertEvent::endedAt,
                        AlertEvent::peakBpm,
                        AlertEvent::readings,
                        AlertEvent::revision);
    }

    private List<AlertEvent> alerts(AlertType type) {
        return ALERTS.collected().stream()
                .filter(a -> a.type() == type)
                .sorted(Comparator.comparing(AlertEvent::customerId)
                        .thenComparingLong(AlertEvent::startedAt)
                        .thenComparingInt(AlertEvent::revision))
                .toList();
    }

    private static void reading(int partition, String customer, int second, int bpm) {
        long offset = TOPIC_CONTENT.get(partition).size();
        String payload = "{\"event_id\":\"" + eventId(partition, offset) + "\",\"customer_id\":\"" + customer
                + "\",\"timestamp\":\"" + at(second) + "\",\"heart_rate\":" + bpm + "}";
        TOPIC_CONTENT.get(partition).add(Message.of(partition, offset, ms(second) + SEND_DELAY_MS, payload));
        VALID.add(new Expected(partition, offset, customer, second, bpm));
    }

    private static void invalid(int partition, int second, RejectReason reason, String payload) {
        long offset = TOPIC_CONTENT.get(partition).size();
        TOPIC_CONTENT.get(partition).add(Message.of(partition, offset, ms(second) + SEND_DELAY_MS, payload));
        INVALID.add(new ExpectedRejection(partition, offset, reason, payload));
    }

    private static String json(String customer, int second, String heartRate) {
        return "{\"event_id\":\"" + eventId(9, second) + "\",\"customer_id\":\"" + customer + "\",\"timestamp\":\""
                + at(second) + "\",\"heart_rate\":" + heartRate + "}";
    }

    private static String eventId(int partition, long offset) {
        return new UUID(0x4000L | partition, 0x8000_0000_0000_0000L | offset).toString();
    }

    private static Instant at(int second) {
        return T0.plusSeconds(second);
    }

    private static long ms(int second) {
        return at(second).toEpochMilli();
    }
}
