package com.heartbeatmonitor.job.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.heartbeatmonitor.job.config.DetectionProfile;
import com.heartbeatmonitor.job.config.DetectionSettings;
import com.heartbeatmonitor.job.config.PipelineSettings;
import com.heartbeatmonitor.job.config.RiskBands;
import com.heartbeatmonitor.job.config.StreamSettings;
import com.heartbeatmonitor.job.records.AlertEvent;
import com.heartbeatmonitor.job.records.AlertStatus;
import com.heartbeatmonitor.job.records.AlertType;
import com.heartbeatmonitor.job.records.ClassifiedReading;
import com.heartbeatmonitor.job.records.HeartbeatReading;
import com.heartbeatmonitor.job.records.MinuteRollup;
import com.heartbeatmonitor.job.records.SettingsMessage;
import com.heartbeatmonitor.job.records.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Episode detection of {@link MonitorCustomer} (clinical profile) in Flink's keyed operator harness, with watermarks
 * and timers driven by hand.
 */
class MonitorCustomerDetectionTest {

    private static final long T0 = 1_763_720_000_000L;
    private static final String CUSTOMER = "customer-1";
    /** These tests pin the fast rules of the clinical profile; WearableDetectionTest covers the default. */
    private static final DetectionSettings CLINICAL = DetectionProfile.CLINICAL.settings();

    private static final StreamSettings STREAM =
            new StreamSettings(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2));

    private KeyedTwoInputStreamOperatorTestHarness<String, HeartbeatReading, SettingsMessage, ClassifiedReading>
            harness;

    @BeforeEach
    void open() throws Exception {
        harness = newHarness();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void tachycardiaOpensExactlyWhenEveryReadingHasBeenAboveTheThresholdForThirtySeconds() throws Exception {
        readings(0, 29, 120);
        watermark(29);
        assertThat(alerts()).isEmpty();

        reading(30, 120);
        watermark(30);

        assertThat(alerts()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(AlertType.TACHYCARDIA);
            assertThat(a.status()).isEqualTo(AlertStatus.OPEN);
            assertThat(a.startedAt()).isEqualTo(at(0));
            assertThat(a.detectedAt()).isEqualTo(at(30));
            assertThat(a.endedAt()).isNull();
            assertThat(a.readings()).isEqualTo(31);
            assertThat(a.peakBpm()).isEqualTo(120);
            assertThat(a.severity()).isEqualTo(Severity.HIGH);
            assertThat(a.revision()).isEqualTo(1);
        });
    }

    @Test
    void oneNormalReadingInsideAnEpisodeDoesNotSplitIt() throws Exception {
        readings(0, 40, 45);
        reading(41, 70);
        readings(42, 60, 44);
        readings(61, 90, 70);
        watermark(90);

        List<AlertEvent> alerts = alerts();
        assertThat(alerts)
                .extracting(AlertEvent::type, AlertEvent::status)
                .containsExactly(
                        tuple(AlertType.BRADYCARDIA, AlertStatus.OPEN),
                        tuple(AlertType.BRADYCARDIA, AlertStatus.CLOSED));
        AlertEvent closed = alerts.get(1);
        assertThat(closed.alertId()).isEqualTo(alerts.get(0).alertId());
        assertThat(closed.startedAt()).isEqualTo(at(0));
        assertThat(closed.endedAt()).isEqualTo(at(60));
        assertThat(closed.readings()).isEqualTo(41 + 19);
        assertThat(closed.peakBpm()).isEqualTo(44);
        assertThat(closed.revision()).isEqualTo(2);
    }

    @Test
    void oneNormalReadingBeforeOnsetRestartsTheThirtySeconds() throws Exception {
        readings(0, 20, 120);
        reading(21, 90);
        readings(22, 51, 120);
        watermark(51);
        assertThat(alerts()).isEmpty();

        reading(52, 120);
        watermark(52);

        assertThat(alerts()).singleElement().satisfies(a -> {
            assertThat(a.startedAt()).isEqualTo(at(22));
            assertThat(a.detectedAt()).isEqualTo(at(52));
        });
    }

    @Test
    void episodeClosesAfterTenSecondsWithoutTheConditionAndEndsAtItsLastReading() throws Exception {
        readings(0, 35, 115);
        readings(36, 60, 90); // a 25 bpm fall: not a spike
        watermark(44);
        assertThat(alerts()).extracting(AlertEvent::status).containsExactly(AlertStatus.OPEN);

        watermark(45); // 10 s after the last reading above 100

        assertThat(alerts()).extracting(AlertEvent::status).containsExactly(AlertStatus.OPEN, AlertStatus.CLOSED);
        assertThat(alerts().get(1).endedAt()).isEqualTo(at(35));
    }

    @Test
    void outOfOrderArrivalWithinTheBoundGivesTheSameAlertsAsInOrder() throws Exception {
        List<long[]> inOrder = new ArrayList<>();
        for (int s = 0; s <= 120; s++) {
            int bpm = s < 10 ? 70 : s < 50 ? 125 : s == 80 ? 130 : 72; // tachycardia, then a spike
            inOrder.add(new long[] {s, bpm});
        }
        List<long[]> shuffled = shuffleWithinBlocks(inOrder, 4, new Random(3));

        List<AlertEvent> expected = replay(inOrder, 0, 0).alerts();
        List<AlertEvent> actual = replay(shuffled, 0, 0).alerts();

        assertThat(expected).extracting(AlertEvent::type).contains(AlertType.TACHYCARDIA, AlertType.SPIKE);
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void lateReadingIsIgnoredByDetection() throws Exception {
        readings(0, 10, 70);
        watermark(20);
        late(11, 150); // would be a 80 bpm jump one second after the last reading

        readings(21, 40, 70);
        watermark(40);

        assertThat(alerts()).isEmpty();
    }

    @Test
    void signalLostOpensWhenTheWatermarkMovesOnAndClosesWhenReadingsResume() throws Exception {
        readings(0, 10, 70);
        watermark(39); // other customers keep the watermark moving
        assertThat(alerts()).isEmpty();

        watermark(40);
        assertThat(alerts()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(AlertType.SIGNAL_LOST);
            assertThat(a.status()).isEqualTo(AlertStatus.OPEN);
            assertThat(a.startedAt()).isEqualTo(at(10));
            assertThat(a.detectedAt()).isEqualTo(at(40));
            assertThat(a.severity()).isEqualTo(Severity.WARNING);
            assertThat(a.peakBpm()).isNull();
        });

        reading(75, 72);
        watermark(75);

        assertThat(alerts()).hasSize(2);
        assertThat(alerts().get(1).status()).isEqualTo(AlertStatus.CLOSED);
        assertThat(alerts().get(1).endedAt()).isEqualTo(at(75));
        assertThat(alerts().get(1).alertId()).isEqualTo(alerts().get(0).alertId());
    }

    @Test
    void endOfInputIsNotALostSignal() throws Exception {
        readings(0, 10, 70);
        harness.processBothWatermarks(new Watermark(Long.MAX_VALUE));

        assertThat(alerts()).isEmpty();
    }

    @Test
    void customerSilentBeyondTheRetentionIsForgottenWithItsTimers() throws Exception {
        readings(0, 10, 70);
        watermark(10 + CLINICAL.customerRetention().toSeconds() - 1);
        assertThat(harness.numKeyedStateEntries()).isPositive();

        watermark(10 + CLINICAL.customerRetention().toSeconds());

        assertThat(alerts()).extracting(AlertEvent::status).containsExactly(AlertStatus.OPEN, AlertStatus.EXPIRED);
        assertThat(alerts().get(1).endedAt())
                .isEqualTo(at(10) + CLINICAL.customerRetention().toMillis());
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void stateAndTimersStayBoundedOverALongNormalStream() throws Exception {
        for (int s = 0; s < 3_600; s++) {
            reading(s, 70 + s % 5);
            watermark(s - 5); // bounded out-of-orderness of 5 s
        }
        // one timer for the customer (plus a stale one at most); one state entry
        assertThat(harness.numEventTimeTimers()).isLessThanOrEqualTo(2);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        assertThat(alerts()).isEmpty();
    }

    @Test
    void spikeIsAFortyBpmJumpWithinFiveSeconds() throws Exception {
        reading(0, 70);
        reading(1, 115); // +45 in 1 s
        reading(2, 72); // and back
        reading(10, 70);
        reading(16, 120); // +50, but 6 s apart: no spike
        reading(17, 118);
        watermark(40);

        List<AlertEvent> spikes =
                alerts().stream().filter(a -> a.type() == AlertType.SPIKE).toList();
        assertThat(spikes).extracting(AlertEvent::status).containsExactly(AlertStatus.OPEN, AlertStatus.CLOSED);
        assertThat(spikes.get(1).startedAt()).isEqualTo(at(1));
        assertThat(spikes.get(1).endedAt()).isEqualTo(at(2));
        assertThat(spikes.get(1).readings()).isEqualTo(2);
        assertThat(spikes.get(1).peakBpm()).isEqualTo(115);
    }

    @Test
    void severityEscalatesWhenThePeakBecomesCritical() throws Exception {
        readings(0, 30, 120);
        reading(31, 155); // critical, but a 35 bpm rise: not a spike
        watermark(31);

        assertThat(alerts())
                .extracting(AlertEvent::severity, AlertEvent::revision, AlertEvent::peakBpm)
                .containsExactly(tuple(Severity.HIGH, 1, 120), tuple(Severity.CRITICAL, 2, 155));
    }

    @Test
    void catchingUpFiresTimersOnCoarserCellsAndGivesTheSameAlertsAndRollups() throws Exception {
        List<long[]> readings = new ArrayList<>();
        for (int s = 0; s <= 400; s++) {
            int bpm = s < 20 ? 70 : s < 60 ? 125 : s == 80 ? 130 : 72; // tachycardia, then a spike
            if (s < 150 || s > 300) { // and a silence long enough to lose the signal
                readings.add(new long[] {s, bpm});
            }
        }
        Replayed keepingUp = replay(readings, 0, 0);
        // Each message read a minute after it was produced: a backlog.
        Replayed catchingUp = replay(readings, 60_000, 60_000);
        // Readings of ten minutes ago sent now (a device syncing its memory): old timestamps, no backlog.
        Replayed synced = replay(readings, 600_000, 0);

        assertThat(keepingUp.alerts())
                .extracting(AlertEvent::type)
                .contains(AlertType.TACHYCARDIA, AlertType.SPIKE, AlertType.SIGNAL_LOST);
        assertThat(catchingUp.alerts()).isEqualTo(keepingUp.alerts());
        assertThat(catchingUp.minutes()).isEqualTo(keepingUp.minutes());
        assertThat(synced).isEqualTo(keepingUp);
        // The reading that completes the tachycardia (second 50) is judged once the watermark passes the end of
        // its 30 s cell, not at once.
        assertThat(keepingUp.tachycardiaAtWatermark()).isEqualTo(50);
        assertThat(catchingUp.tachycardiaAtWatermark()).isBetween(51L, 50L + CatchUpTimers.cellFor(60_000) / 1000);
    }

    @Test
    void customersAreIndependent() throws Exception {
        for (int s = 0; s <= 30; s++) {
            send("a", s, 120, false);
            send("b", s, 70, false);
        }
        watermark(30);

        assertThat(alerts()).singleElement().extracting(AlertEvent::customerId).isEqualTo("a");
    }

    /** What one replay gave: the alerts, each minute's last rollup, and the watermark of the tachycardia's alert. */
    private record Replayed(List<AlertEvent> alerts, Map<Long, MinuteRollup> minutes, long tachycardiaAtWatermark) {}

    /**
     * Replays readings with the watermark 5 s behind the newest, each read {@code readAfterMs} after its event time,
     * {@code backlogMs} after it was produced: a backlog under {@link CatchUpTimers#CATCH_UP_BACKLOG_MS} keeps up.
     */
    private Replayed replay(List<long[]> readings, long readAfterMs, long backlogMs) throws Exception {
        try (var h = newHarness()) {
            var previous = harness;
            harness = h;
            long maxSeen = Long.MIN_VALUE;
            long tachycardiaAt = Long.MIN_VALUE;
            for (long[] r : readings) {
                long readAt = at(r[0]) + readAfterMs;
                h.setProcessingTime(readAt);
                h.processElement1(
                        new HeartbeatReading(
                                UUID.randomUUID().toString(),
                                CUSTOMER,
                                at(r[0]),
                                (int) r[1],
                                0,
                                0,
                                null,
                                readAt - backlogMs),
                        at(r[0]));
                maxSeen = Math.max(maxSeen, r[0]);
                watermark(maxSeen - 5);
                if (tachycardiaAt == Long.MIN_VALUE
                        && alerts().stream().anyMatch(a -> a.type() == AlertType.TACHYCARDIA)) {
                    tachycardiaAt = maxSeen - 5;
                }
            }
            watermark(maxSeen + 600);
            Map<Long, MinuteRollup> minutes = new TreeMap<>();
            h.getSideOutput(MonitorCustomer.MINUTES)
                    .forEach(m -> minutes.put(m.getValue().minute(), m.getValue()));
            Replayed out = new Replayed(alerts(), minutes, tachycardiaAt);
            harness = previous;
            return out;
        }
    }

    private static List<long[]> shuffleWithinBlocks(List<long[]> items, int block, Random random) {
        List<long[]> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i += block) {
            List<long[]> part = new ArrayList<>(items.subList(i, Math.min(items.size(), i + block)));
            Collections.shuffle(part, random);
            out.addAll(part);
        }
        return out;
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, HeartbeatReading, SettingsMessage, ClassifiedReading>
            newHarness() throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(
                        new MonitorCustomer(new PipelineSettings(STREAM, RiskBands.DEFAULT, CLINICAL, "heartbeats"))),
                HeartbeatReading::customerId,
                SettingsMessage::customerId,
                Types.STRING);
        h.open();
        return h;
    }

    private static long at(long seconds) {
        return T0 + seconds * 1000;
    }

    private void readings(int fromSecond, int toSecond, int bpm) throws Exception {
        for (int s = fromSecond; s <= toSecond; s++) {
            reading(s, bpm);
        }
    }

    private void reading(long second, int bpm) throws Exception {
        send(CUSTOMER, second, bpm, false);
    }

    private void late(long second, int bpm) throws Exception {
        send(CUSTOMER, second, bpm, true);
    }

    /** {@code late}: the test means the reading to arrive behind the watermark, which decides it. */
    private void send(String customer, long second, int bpm, boolean late) throws Exception {
        HeartbeatReading reading = new HeartbeatReading(UUID.randomUUID().toString(), customer, at(second), bpm, 0, 0);
        harness.processElement1(reading, at(second));
        assertThat(harness.extractOutputValues()
                        .get(harness.extractOutputValues().size() - 1)
                        .late())
                .isEqualTo(late);
    }

    private void watermark(long second) throws Exception {
        harness.processBothWatermarks(new Watermark(at(second)));
    }

    private List<AlertEvent> alerts() {
        var alerts = harness.getSideOutput(MonitorCustomer.ALERTS);
        return alerts == null
                ? List.of()
                : alerts.stream().map(StreamRecord::getValue).toList();
    }
}
