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
import com.heartbeatmonitor.job.records.RejectedMessage;
import com.heartbeatmonitor.job.records.SettingsChange;
import com.heartbeatmonitor.job.records.SettingsMessage;
import com.heartbeatmonitor.job.records.SettingsRejection;
import com.heartbeatmonitor.job.sinks.MinuteBatch;
import com.heartbeatmonitor.job.sinks.ReadingBatch;
import com.heartbeatmonitor.job.sources.HeartbeatDeserializationSchema;
import com.heartbeatmonitor.job.sources.SettingsDeserializationSchema;
import com.heartbeatmonitor.settings.SettingsRejectReason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Per-customer settings in the job-level tier: the production job graph on a MiniCluster at parallelism 2, its
 * readings and its settings topic in memory, read through the job's own deserializers. Clinical profile (threshold
 * above 100 and below 50 bpm held 30 s, an episode closes after 10 s without its condition). Five customers, four
 * minutes of event time, one reading per second:
 *
 * <ul>
 *   <li>{@code none}: 130 bpm, no settings: the deployment's thresholds;
 *   <li>{@code change}: 110 bpm, then 130 from second 150; its high threshold becomes 120 at second 90;
 *   <li>{@code pause}: 130 bpm; paused from second 60 until second 200;
 *   <li>{@code bad}: 130 bpm; high threshold 140 from the start, then three bad settings;
 *   <li>{@code reset}: 130 bpm; high threshold 140 from the start, a tombstone at second 120.
 * </ul>
 *
 * The job runs three times: plainly; failing once after a checkpoint taken before the changes, to restore from it;
 * and on live (never-ending) topics, to show that a silent settings topic does not hold event time back.
 */
class CustomerSettingsJobTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
    private static final int SECONDS = 240;
    private static final long SEND_DELAY_MS = 200;
    private static final String SETTINGS_TOPIC = "customer-settings";

    private static final List<List<Message>> READINGS_TOPIC = List.of(new ArrayList<>(), new ArrayList<>());
    private static final List<List<Message>> SETTINGS = List.of(new ArrayList<>(), new ArrayList<>());

    private static Run plain;
    private static Run restored;

    /** The outputs of one run of the job. */
    private record Run(
            CollectingSink<ReadingBatch> readings,
            CollectingSink<AlertEvent> alerts,
            CollectingSink<MinuteBatch> rollups,
            CollectingSink<SettingsChange> changes,
            CollectingSink<SettingsRejection> rejections) {

        static Run collecting() {
            return new Run(
                    new CollectingSink<>(),
                    new CollectingSink<>(),
                    new CollectingSink<>(),
                    new CollectingSink<>(),
                    new CollectingSink<>());
        }

        JobSinks sinks() {
            CollectingSink<RejectedMessage> rejectedReadings = new CollectingSink<>();
            return new JobSinks(
                    HeartbeatMonitorJobTest.BATCHES,
                    readings,
                    rejectedReadings,
                    alerts,
                    new CollectingSink<>(),
                    rollups,
                    changes,
                    new CollectingSink<>(),
                    rejections);
        }

        /** Alert changes of one customer, each once (a restore repeats those after its checkpoint), in order. */
        List<AlertEvent> alerts(String customer) {
            Set<AlertEvent> distinct = new LinkedHashSet<>(alerts.collected());
            return distinct.stream()
                    .filter(a -> a.customerId().equals(customer))
                    .sorted(java.util.Comparator.comparing(AlertEvent::startedAt)
                            .thenComparing(AlertEvent::revision))
                    .toList();
        }
    }

    @BeforeAll
    static void runTheJob() throws Exception {
        for (int s = 0; s < SECONDS; s++) {
            reading(0, "none", s, 130);
            reading(0, "change", s, s < 150 ? 110 : 130);
            reading(1, "pause", s, 130);
            reading(0, "bad", s, 130);
            reading(1, "reset", s, 130);
        }
        long before = T0.minus(Duration.ofHours(1)).toEpochMilli();
        setting(0, "change", before, "{\"version\":1,\"high_bpm\":120,\"effective_at\":\"" + at(90) + "\"}");
        setting(
                1,
                "pause",
                before,
                "{\"version\":1,\"paused_until\":\"" + at(200) + "\",\"effective_at\":\"" + at(60) + "\"}");
        setting(0, "bad", before, "{\"version\":1,\"high_bpm\":140}");
        setting(0, "bad", before, "{\"version\":2,\"high_bpm\":160}");
        setting(0, "bad", before, "{\"version\":3,\"hig_bpm\":135}");
        setting(0, "bad", before, "{\"version\":1,\"high_bpm\":145}");
        setting(0, null, before, "{\"version\":1,\"high_bpm\":125}");
        setting(1, "reset", before, "{\"version\":4,\"high_bpm\":140}");
        setting(1, "reset", at(120).toEpochMilli(), null);

        plain = run(false);
        restored = run(true);
    }

    private static Run run(boolean failOnce) throws Exception {
        JobOptions options = options();
        StreamExecutionEnvironment env = environment(options);
        if (failOnce) {
            Configuration restart = new Configuration();
            restart.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
            restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
            restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
            env.configure(restart);
        }
        TopicSource<ParsedMessage> readings = readings(options);
        // Reader 0 reaches its 100th message at second 33, reader 1 at second 50: before any change applies.
        Run run = Run.collecting();
        String failure = UUID.randomUUID().toString();
        new HeartbeatMonitorJob(
                        failOnce ? readings.failingOnceBefore(100, failure) : readings,
                        settings(options),
                        run.sinks(),
                        options.pipeline())
                .build(env);
        env.execute("customer-settings-job-test");
        assertThat(TopicSource.failed(failure))
                .as("the planned failure happened")
                .isEqualTo(failOnce);
        return run;
    }

    @Test
    void withoutSettingsTheDeploymentsThresholdsJudgeAndTheAlertSaysSo() {
        assertThat(plain.alerts("none"))
                .extracting(
                        AlertEvent::status,
                        a -> sec(a.startedAt()),
                        AlertEvent::highBpm,
                        AlertEvent::lowBpm,
                        AlertEvent::settingsVersion)
                .containsExactly(tuple(AlertStatus.OPEN, 0, 100, 50, null));
    }

    @Test
    void newThresholdsJudgeFromTheReadingTheirEffectiveTimePrecedes() {
        assertThat(plain.alerts("change"))
                .extracting(
                        AlertEvent::type,
                        AlertEvent::status,
                        a -> sec(a.startedAt()),
                        a -> sec(a.detectedAt()),
                        a -> a.endedAt() == null ? null : sec(a.endedAt()),
                        AlertEvent::highBpm,
                        AlertEvent::settingsVersion)
                .containsExactly(
                        // 110 bpm is above the default 100 for 30 s
                        tuple(AlertType.TACHYCARDIA, AlertStatus.OPEN, 0, 30, null, 100, null),
                        // from second 90 it is below 120: the episode closes at its last reading above
                        tuple(AlertType.TACHYCARDIA, AlertStatus.CLOSED, 0, 30, 89, 120, 1L),
                        // 130 from second 150 is above 120 for 30 s
                        tuple(AlertType.TACHYCARDIA, AlertStatus.OPEN, 150, 180, null, 120, 1L));
        assertThat(plain.changes().collected())
                .filteredOn(c -> c.customerId().equals("change"))
                .extracting(SettingsChange::version, c -> sec(c.effectiveAt()), c -> sec(c.appliedFrom()))
                .containsExactly(tuple(1L, 90, 90));
    }

    @Test
    void aPauseEndsTheOpenEpisodeAndSilencesAlertsButReadingsAreStoredAndRolledUp() {
        assertThat(plain.alerts("pause"))
                .extracting(
                        AlertEvent::status,
                        a -> sec(a.startedAt()),
                        a -> sec(a.detectedAt()),
                        a -> a.endedAt() == null ? null : sec(a.endedAt()),
                        AlertEvent::settingsVersion)
                .containsExactly(
                        tuple(AlertStatus.OPEN, 0, 30, null, null),
                        tuple(AlertStatus.EXPIRED, 0, 30, 60, 1L),
                        // detection starts afresh when the pause ends
                        tuple(AlertStatus.OPEN, 200, 230, null, 1L));
        assertThat(CollectedReadings.of(plain.readings()))
                .filteredOn(r -> r.reading().customerId().equals("pause"))
                .hasSize(SECONDS);
        assertThat(CollectedMinutes.of(plain.rollups()))
                .filteredOn(m -> m.customerId().equals("pause"))
                .extracting(MinuteRollup::readings)
                .contains(60);
    }

    @Test
    void aBadSettingIsRejectedWithItsReasonAndThePreviousSettingsStay() {
        assertThat(plain.alerts("bad"))
                .as("130 bpm stays below the customer's 140")
                .isEmpty();
        assertThat(plain.changes().collected())
                .filteredOn(c -> c.customerId().equals("bad"))
                .extracting(SettingsChange::version, SettingsChange::highBpm)
                .containsExactly(tuple(1L, 140));
        assertThat(plain.rejections().collected())
                .extracting(SettingsRejection::customerId, SettingsRejection::reason, SettingsRejection::kafkaOffset)
                .containsExactlyInAnyOrder(
                        tuple("bad", SettingsRejectReason.OUT_OF_BOUNDS, 2L),
                        tuple("bad", SettingsRejectReason.UNKNOWN_FIELD, 3L),
                        tuple("bad", SettingsRejectReason.STALE_VERSION, 4L),
                        tuple(null, SettingsRejectReason.MISSING_KEY, 5L));
        assertThat(plain.rejections().collected())
                .allSatisfy(r -> assertThat(r.detail()).isNotBlank());
    }

    @Test
    void aTombstoneBringsBackTheDefaultsFromItsTime() {
        assertThat(plain.alerts("reset"))
                .extracting(
                        AlertEvent::status,
                        a -> sec(a.startedAt()),
                        a -> sec(a.detectedAt()),
                        AlertEvent::highBpm,
                        AlertEvent::settingsVersion)
                .containsExactly(tuple(AlertStatus.OPEN, 120, 150, 100, null));
        assertThat(plain.changes().collected())
                .filteredOn(c -> c.customerId().equals("reset"))
                .extracting(SettingsChange::reset, c -> sec(c.appliedFrom()))
                .endsWith(tuple(true, 120));
    }

    @Test
    void aRestoreFromACheckpointTakenBeforeTheChangesGivesTheSameAlerts() {
        assertThat(new LinkedHashSet<>(restored.alerts().collected()))
                .as("alerts after failing and restoring")
                .containsExactlyInAnyOrderElementsOf(
                        new LinkedHashSet<>(plain.alerts().collected()));
        // Changes that arrived before the watermark reached their effective time apply at it, in every run; the
        // settings "from the start" race the readings at a job's first start and apply where they arrive (recorded).
        assertThat(Set.copyOf(restored.changes().collected()))
                .filteredOn(c -> c.appliedFrom() == c.effectiveAt() && c.effectiveAt() > T0.toEpochMilli())
                .extracting(SettingsChange::customerId, SettingsChange::version, c -> sec(c.appliedFrom()))
                .containsExactlyInAnyOrder(tuple("change", 1L, 90), tuple("pause", 1L, 60), tuple("reset", 0L, 120));
    }

    @Test
    void aSilentSettingsTopicDoesNotHoldEventTimeBack() throws Exception {
        JobOptions options = options();
        StreamExecutionEnvironment env = environment(options);
        Run live = Run.collecting();
        // Live topics: no reader ever ends, so no end-of-input watermark can help. One settings partition for two
        // readers: one reader has none at all, the other a partition without a message.
        TopicSource<SettingsMessage> silent = new TopicSource<>(
                        SETTINGS_TOPIC,
                        List.of(List.of()),
                        new SettingsDeserializationSchema(options.settingsBounds()),
                        0)
                .endless();
        new HeartbeatMonitorJob(readings(options).endless(), silent, live.sinks(), options.pipeline()).build(env);
        JobClient job = env.executeAsync("customer-settings-silent-topic");
        try {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (live.alerts("none").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            // The alert needs the keyed function's watermark (the minimum of both inputs) past second 30.
            assertThat(live.alerts("none"))
                    .extracting(AlertEvent::status, a -> sec(a.detectedAt()))
                    .containsExactly(tuple(AlertStatus.OPEN, 30));
        } finally {
            job.cancel().get();
        }
    }

    @Test
    void idleReadingsDoNotMoveEventTimeOn() throws Exception {
        JobOptions options = JobOptions.parse(
                        "--parallelism", "2", "--detection-profile", "clinical", "--idleness", "200ms")
                .orElseThrow();
        StreamExecutionEnvironment env = environment(options);
        Run live = Run.collecting();
        // Twenty seconds of one wearer at rest, then the readings stop but the topics stay live. Both inputs go
        // idle within 200 ms; the clinical SIGNAL_LOST (30 s of event time without a reading) must not fire, as
        // event time has not moved. Before, the settings input claimed the latest time and, with the readings
        // idle, it alone decided the keyed function's watermark: every timer fired.
        List<List<Message>> quiet = List.of(new ArrayList<>(), new ArrayList<>());
        for (int s = 0; s < 20; s++) {
            quiet.get(0)
                    .add(Message.of(
                            0,
                            s,
                            at(s).toEpochMilli(),
                            "{\"event_id\":\"" + new UUID(0x4000L, 0x8000_0000_0000_0000L | s)
                                    + "\",\"customer_id\":\"quiet\",\"timestamp\":\"" + at(s)
                                    + "\",\"heart_rate\":70}"));
        }
        TopicSource<ParsedMessage> readings = new TopicSource<>(
                        "heartbeats", quiet, new HeartbeatDeserializationSchema(options.validation()), 0)
                .endless();
        new HeartbeatMonitorJob(readings, settings(options).endless(), live.sinks(), options.pipeline()).build(env);
        JobClient job = env.executeAsync("customer-settings-idle-readings");
        try {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (CollectedReadings.of(live.readings()).size() < 20 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(Duration.ofSeconds(3).toMillis()); // fifteen idle timeouts
            assertThat(CollectedReadings.of(live.readings())).hasSize(20).noneMatch(ClassifiedReading::late);
            assertThat(live.alerts("quiet"))
                    .as("alerts while the readings are idle")
                    .isEmpty();
        } finally {
            job.cancel().get();
        }
    }

    private static JobOptions options() {
        return JobOptions.parse(
                        "--parallelism", "2", "--detection-profile", "clinical", "--checkpoint-interval", "200ms")
                .orElseThrow();
    }

    private static StreamExecutionEnvironment environment(JobOptions options) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        options.configure(env);
        Configuration watermarks = new Configuration();
        watermarks.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(10));
        env.configure(watermarks);
        return env;
    }

    private static TopicSource<ParsedMessage> readings(JobOptions options) {
        return new TopicSource<>(
                "heartbeats",
                READINGS_TOPIC,
                new HeartbeatDeserializationSchema(options.validation()),
                Duration.ofMillis(2).toNanos());
    }

    private static TopicSource<SettingsMessage> settings(JobOptions options) {
        return new TopicSource<>(
                SETTINGS_TOPIC, SETTINGS, new SettingsDeserializationSchema(options.settingsBounds()), 0);
    }

    private static void reading(int partition, String customer, int second, int bpm) {
        List<Message> messages = READINGS_TOPIC.get(partition);
        long offset = messages.size();
        String payload = "{\"event_id\":\"" + new UUID(0x4000L | partition, 0x8000_0000_0000_0000L | offset)
                + "\",\"customer_id\":\"" + customer + "\",\"timestamp\":\"" + at(second) + "\",\"heart_rate\":" + bpm
                + "}";
        messages.add(Message.of(partition, offset, at(second).toEpochMilli() + SEND_DELAY_MS, payload));
    }

    private static void setting(int partition, String customer, long recordTime, String json) {
        List<Message> messages = SETTINGS.get(partition);
        messages.add(Message.keyed(partition, messages.size(), recordTime, customer, json));
    }

    private static Instant at(int second) {
        return T0.plusSeconds(second);
    }

    private static Integer sec(long epochMillis) {
        return (int) ((epochMillis - T0.toEpochMilli()) / 1000);
    }
}
