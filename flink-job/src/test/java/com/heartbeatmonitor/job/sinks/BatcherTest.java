package com.heartbeatmonitor.job.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import com.heartbeatmonitor.job.records.Activity;
import com.heartbeatmonitor.job.records.ClassifiedReading;
import com.heartbeatmonitor.job.records.HeartbeatReading;
import com.heartbeatmonitor.job.records.MinuteRollup;
import com.heartbeatmonitor.job.records.RiskLevel;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * When {@link Batcher} lets a batch go (full, after the interval, before a checkpoint barrier, at the end), and that
 * each kind of batch carries every column of its records.
 */
class BatcherTest {

    private static final Duration INTERVAL = Duration.ofMillis(200);

    @Test
    void aFullBatchGoesAtOnceWithEveryColumnOfItsReadings() throws Exception {
        try (var harness = harness(3)) {
            for (long offset = 1; offset <= 4; offset++) {
                harness.processElement(reading(offset));
            }
            List<ReadingBatch> batches = harness.extractOutputValues();
            assertThat(batches).hasSize(1);
            ReadingBatch batch = batches.get(0);
            assertThat(batch.offsets()).containsExactly(1, 2, 3);
            assertThat(batch.eventIds()).containsExactly(id(1), id(2), id(3));
            assertThat(batch.customerIds()).containsOnly("customer-7");
            assertThat(batch.times()).containsExactly(1_001, 1_002, 1_003);
            assertThat(batch.heartRates()).containsExactly((short) 131, (short) 132, (short) 133);
            assertThat(batch.riskLevels()).containsOnly("HIGH");
            assertThat(batch.lates()).containsExactly(false, true, false);
            assertThat(batch.partitions()).containsOnly(2);
            assertThat(batch.activities()).containsExactly("sleep", null, "sleep");
        }
    }

    @Test
    void aPartialBatchGoesWhenItsFirstReadingHasWaitedTheInterval() throws Exception {
        try (var harness = harness(100)) {
            harness.setProcessingTime(1_000);
            harness.processElement(reading(1));
            harness.setProcessingTime(1_100);
            harness.processElement(reading(2));
            harness.setProcessingTime(1_199);
            assertThat(harness.extractOutputValues()).isEmpty();

            harness.setProcessingTime(1_200);
            harness.processElement(reading(3));
            harness.setProcessingTime(1_400);

            assertThat(harness.extractOutputValues())
                    .extracting(b -> Arrays.stream(b.offsets()).boxed().toList())
                    .containsExactly(List.of(1L, 2L), List.of(3L));
        }
    }

    @Test
    void nothingIsHeldAcrossACheckpointBarrierNorPastTheEndOfInput() throws Exception {
        try (var harness = harness(100)) {
            harness.processElement(reading(1));
            harness.prepareSnapshotPreBarrier(1);
            harness.processElement(reading(2));
            harness.endInput();

            assertThat(harness.extractOutputValues())
                    .extracting(ReadingBatch::size)
                    .containsExactly(1, 1);
        }
    }

    @Test
    void aBatchOfMinutesCarriesEveryColumnOfItsRollupsInOrder() throws Exception {
        try (var harness = new OneInputStreamOperatorTestHarness<>(new Batches(2, INTERVAL).minutes())) {
            harness.open();
            harness.processElement(new StreamRecord<>(new MinuteRollup("customer-7", 60_000, 12, 58, 91, 70.25)));
            harness.processElement(new StreamRecord<>(new MinuteRollup("customer-8", 120_000, 3, 130, 140, 135.0)));
            harness.processElement(new StreamRecord<>(new MinuteRollup("customer-7", 60_000, 13, 58, 95, 71.0)));
            harness.endInput();

            List<MinuteBatch> batches = harness.extractOutputValues();
            assertThat(batches).extracting(MinuteBatch::size).containsExactly(2, 1);
            MinuteBatch first = batches.get(0);
            assertThat(first.customerIds()).containsExactly("customer-7", "customer-8");
            assertThat(first.minutes()).containsExactly(60_000, 120_000);
            assertThat(first.readings()).containsExactly(12, 3);
            assertThat(first.minBpms()).containsExactly((short) 58, (short) 130);
            assertThat(first.maxBpms()).containsExactly((short) 91, (short) 140);
            assertThat(first.avgBpms()).containsExactly(70.25, 135.0);
            assertThat(batches.get(1).readings()).containsExactly(13);
        }
    }

    private static OneInputStreamOperatorTestHarness<ClassifiedReading, ReadingBatch> harness(int capacity)
            throws Exception {
        var harness = new OneInputStreamOperatorTestHarness<>(new Batches(capacity, INTERVAL).readings());
        harness.open();
        return harness;
    }

    private static StreamRecord<ClassifiedReading> reading(long offset) {
        HeartbeatReading reading = new HeartbeatReading(
                id(offset),
                "customer-7",
                1_000 + offset,
                130 + (int) offset,
                2,
                offset,
                offset % 2 == 1 ? Activity.SLEEP : null);
        return new StreamRecord<>(new ClassifiedReading(reading, RiskLevel.HIGH, offset % 2 == 0));
    }

    private static String id(long offset) {
        return "00000000-0000-4000-8000-00000000000" + offset;
    }
}
