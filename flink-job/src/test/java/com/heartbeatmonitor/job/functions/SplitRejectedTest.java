package com.heartbeatmonitor.job.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.heartbeatmonitor.job.records.HeartbeatReading;
import com.heartbeatmonitor.job.records.ParsedMessage;
import com.heartbeatmonitor.job.records.RejectReason;
import com.heartbeatmonitor.job.records.RejectedMessage;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Readings go on, rejections to the side output, and only rejections are counted for the health dashboard. */
class SplitRejectedTest {

    @Test
    void rejectionsLeaveThroughTheSideOutputAndAreCounted() throws Exception {
        SplitRejected split = new SplitRejected();
        try (OneInputStreamOperatorTestHarness<ParsedMessage, HeartbeatReading> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(split)) {
            HeartbeatReading reading = new HeartbeatReading("id-1", "customer-1", 1_000L, 72, 0, 1L);
            harness.processElement(ParsedMessage.valid(reading), 1_000L);
            for (long offset = 2; offset <= 4; offset++) {
                harness.processElement(
                        ParsedMessage.rejected(new RejectedMessage(
                                "heartbeats", 0, offset, RejectReason.MALFORMED_JSON, "x", "{", 1, 0L, 0L)),
                        1_000L);
            }

            assertThat(harness.extractOutputValues()).containsExactly(reading);
            assertThat(harness.getSideOutput(SplitRejected.REJECTED)).hasSize(3);
            assertThat(split.rejectedCount()).isEqualTo(3);
        }
    }
}
