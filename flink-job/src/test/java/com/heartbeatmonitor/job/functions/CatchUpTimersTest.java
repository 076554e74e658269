package com.heartbeatmonitor.job.functions;

import static com.heartbeatmonitor.job.functions.CatchUpTimers.CATCH_UP_BACKLOG_MS;
import static com.heartbeatmonitor.job.functions.CatchUpTimers.MAX_CELL_MS;
import static com.heartbeatmonitor.job.functions.CatchUpTimers.cellFor;
import static com.heartbeatmonitor.job.functions.CatchUpTimers.fireAt;
import static org.assertj.core.api.Assertions.assertThat;

import com.heartbeatmonitor.job.detection.EpisodeDetector;
import org.junit.jupiter.api.Test;

class CatchUpTimersTest {

    @Test
    void keepingUpThereIsNoCellAndATimerFiresAtItsDeadline() {
        assertThat(cellFor(0)).isZero();
        assertThat(cellFor(CATCH_UP_BACKLOG_MS - 1)).isZero();
        assertThat(cellFor(-5_000)).as("a record time ahead of the clock").isZero();
        assertThat(fireAt(1_763_720_001_234L, 0)).isEqualTo(1_763_720_001_234L);
    }

    @Test
    void theCellIsAtMostHalfTheBacklogAndAtMostAMinute() {
        for (long backlog = CATCH_UP_BACKLOG_MS; backlog < 10 * MAX_CELL_MS; backlog += 1_000) {
            long cell = cellFor(backlog);
            assertThat(cell).as("backlog %d", backlog).isPositive().isLessThanOrEqualTo(backlog / 2);
        }
        assertThat(cellFor(60_000)).isEqualTo(30_000);
        assertThat(cellFor(Long.MAX_VALUE)).isEqualTo(MAX_CELL_MS);
    }

    @Test
    void catchingUpATimerFiresAtTheLastMillisecondOfItsCell() {
        long cell = 30_000;
        long start = 58_790_667 * cell;
        assertThat(fireAt(start, cell)).isEqualTo(start + cell - 1);
        assertThat(fireAt(start + 17, cell)).isEqualTo(start + cell - 1);
        assertThat(fireAt(start + cell - 1, cell)).isEqualTo(start + cell - 1);
        assertThat(fireAt(start + cell, cell)).isEqualTo(start + 2 * cell - 1);
    }

    @Test
    void noDeadlineStaysNoneAndADeadlineNearTheEndOfTimeIsKept() {
        assertThat(fireAt(EpisodeDetector.NO_DEADLINE, MAX_CELL_MS)).isEqualTo(EpisodeDetector.NO_DEADLINE);
        assertThat(fireAt(Long.MAX_VALUE - 1, MAX_CELL_MS)).isEqualTo(Long.MAX_VALUE - 1);
    }
}
