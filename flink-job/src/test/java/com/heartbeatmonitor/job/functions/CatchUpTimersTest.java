package com.heartbeatmonitor.job.functions;

import static com.heartbeatmonitor.job.functions.CatchUpTimers.CATCH_UP_GRID_MS;
import static com.heartbeatmonitor.job.functions.CatchUpTimers.CATCH_UP_LAG_MS;
import static com.heartbeatmonitor.job.functions.CatchUpTimers.fireAt;
import static org.assertj.core.api.Assertions.assertThat;

import com.heartbeatmonitor.job.detection.EpisodeDetector;
import org.junit.jupiter.api.Test;

class CatchUpTimersTest {

    private static final long NOW = 1_763_720_000_000L;

    @Test
    void keepingUpATimerFiresAtItsDeadline() {
        long watermark = NOW - CATCH_UP_LAG_MS + 1;
        assertThat(fireAt(watermark + 1_234, watermark, NOW)).isEqualTo(watermark + 1_234);
    }

    @Test
    void catchingUpATimerFiresAtTheLastMillisecondOfItsCell() {
        long watermark = NOW - CATCH_UP_LAG_MS;
        long cell = Math.floorDiv(watermark, CATCH_UP_GRID_MS) * CATCH_UP_GRID_MS + 10 * CATCH_UP_GRID_MS;
        assertThat(fireAt(cell, watermark, NOW)).isEqualTo(cell + CATCH_UP_GRID_MS - 1);
        assertThat(fireAt(cell + 17, watermark, NOW)).isEqualTo(cell + CATCH_UP_GRID_MS - 1);
        assertThat(fireAt(cell + CATCH_UP_GRID_MS - 1, watermark, NOW)).isEqualTo(cell + CATCH_UP_GRID_MS - 1);
        assertThat(fireAt(cell + CATCH_UP_GRID_MS, watermark, NOW)).isEqualTo(cell + 2 * CATCH_UP_GRID_MS - 1);
    }

    @Test
    void beforeTheFirstWatermarkAtTheEndOfInputAndWithoutDeadlineNothingMoves() {
        assertThat(fireAt(5_000, Long.MIN_VALUE, NOW)).isEqualTo(5_000);
        assertThat(fireAt(5_000, Long.MAX_VALUE, NOW)).isEqualTo(5_000);
        assertThat(fireAt(EpisodeDetector.NO_DEADLINE, 0, NOW)).isEqualTo(EpisodeDetector.NO_DEADLINE);
        assertThat(fireAt(Long.MAX_VALUE - 1, 0, NOW)).isEqualTo(Long.MAX_VALUE - 1);
    }
}
