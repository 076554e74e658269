package com.heartbeatmonitor.job.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.heartbeatmonitor.job.config.RiskBands;
import com.heartbeatmonitor.job.records.ClassifiedReading;
import com.heartbeatmonitor.job.records.HeartbeatReading;
import com.heartbeatmonitor.job.records.RiskLevel;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class ClassifyRiskTest {

    @Test
    void readingBehindTheWatermarkIsFlaggedLateAndCounted() throws Exception {
        ClassifyRisk classify = new ClassifyRisk(RiskBands.DEFAULT);
        try (var harness = harness(classify)) {
            harness.open();
            harness.processWatermark(10_000);
            HeartbeatReading onTime = reading("a", 10_001, 72);
            HeartbeatReading atWatermark = reading("a", 10_000, 72);
            HeartbeatReading behind = reading("b", 4_000, 72);

            harness.processElement(onTime, onTime.timestamp());
            harness.processElement(atWatermark, atWatermark.timestamp());
            harness.processElement(behind, behind.timestamp());

            assertThat(harness.extractOutputValues()).extracting(ClassifiedReading::late).containsExactly(false, true, true);
            assertThat(classify.lateReadingsCount()).isEqualTo(2);
        }
    }

    @Test
    void everyReadingIsEmittedOnceWithItsRiskLevelAndTimestamp() throws Exception {
        try (var harness = harness(new ClassifyRisk(RiskBands.DEFAULT))) {
            harness.open();
            HeartbeatReading normal = reading("a", 1_000, 72);
            HeartbeatReading critical = reading("b", 2_000, 35);
            HeartbeatReading high = reading("a", 3_000, 130);

            harness.processElement(normal, normal.timestamp());
            harness.processElement(critical, critical.timestamp());
            harness.processElement(high, high.timestamp());

            assertThat(harness.extractOutputValues()).containsExactly(
                    new ClassifiedReading(normal, RiskLevel.NORMAL, false),
                    new ClassifiedReading(critical, RiskLevel.CRITICAL, false),
                    new ClassifiedReading(high, RiskLevel.HIGH, false));
            assertThat(harness.extractOutputStreamRecords()).extracting(r -> r.getTimestamp())
                    .isEqualTo(List.of(1_000L, 2_000L, 3_000L));
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, HeartbeatReading, ClassifiedReading> harness(
            ClassifyRisk classify) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(classify), HeartbeatReading::customerId, Types.STRING);
    }

    private static HeartbeatReading reading(String customer, long timestamp, int bpm) {
        return new HeartbeatReading("00000000-0000-4000-8000-00000000000" + bpm % 10, customer, timestamp, bpm, 0, timestamp);
    }
}
