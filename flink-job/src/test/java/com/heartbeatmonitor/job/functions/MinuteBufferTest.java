package com.heartbeatmonitor.job.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.heartbeatmonitor.job.records.MinuteRollup;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Minute rollups with the semantics of a tumbling event-time window with allowed lateness. */
class MinuteBufferTest {

    private static final long M = MinuteBuffer.MINUTE_MS;
    private static final long LATENESS = 2 * M;

    private final MinuteBuffer minutes = new MinuteBuffer();
    private final List<MinuteRollup> out = new ArrayList<>();

    @Test
    void aMinuteIsEmittedOnceWhenTheWatermarkPassesItsLastMillisecond() {
        add(10 * M + 1_000, 70, 0);
        add(10 * M + 2_000, 80, 0);
        add(11 * M, 90, 0);
        advance(11 * M - 2);
        assertThat(out).isEmpty();

        advance(11 * M - 1);
        assertThat(out).containsExactly(new MinuteRollup("c", 10 * M, 2, 70, 80, 75.0));
        advance(11 * M + 5_000);
        assertThat(out).hasSize(1);
    }

    @Test
    void aLateReadingWithinTheLatenessRewritesItsMinuteAtOnce() {
        add(10 * M, 70, 0);
        advance(11 * M);
        assertThat(add(10 * M + 30_000, 90, 11 * M)).isTrue();

        assertThat(out)
                .containsExactly(
                        new MinuteRollup("c", 10 * M, 1, 70, 70, 70.0), new MinuteRollup("c", 10 * M, 2, 70, 90, 80.0));
    }

    @Test
    void aReadingBeyondTheLatenessIsLeftOutAndItsMinuteForgotten() {
        add(10 * M, 70, 0);
        advance(11 * M - 1 + LATENESS);

        assertThat(minutes.isEmpty()).isTrue();
        assertThat(add(10 * M + 30_000, 90, 11 * M - 1 + LATENESS)).isFalse();
        assertThat(out).hasSize(1);
    }

    @Test
    void deadlinesAreTheFiringThenTheCleanupOfTheEarliestMinute() {
        add(12 * M + 5, 70, 0);
        add(10 * M + 5, 70, 0);
        assertThat(minutes.nextDeadline(LATENESS)).isEqualTo(11 * M - 1);
        advance(11 * M - 1);
        assertThat(minutes.nextDeadline(LATENESS)).isEqualTo(11 * M - 1 + LATENESS);
        assertThat(out).extracting(MinuteRollup::minute).containsExactly(10 * M);
    }

    private boolean add(long time, int bpm, long watermark) {
        return minutes.add("c", time, bpm, watermark, LATENESS, out::add);
    }

    private void advance(long watermark) {
        minutes.advance("c", watermark, LATENESS, out::add);
    }
}
