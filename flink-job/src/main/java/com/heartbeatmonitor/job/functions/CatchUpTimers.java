package com.heartbeatmonitor.job.functions;

import com.heartbeatmonitor.job.detection.EpisodeDetector;

/**
 * When a customer's timer fires. While the job keeps up, at the deadline itself, so an alert leaves as soon as the
 * watermark passes the reading that completes it. While it catches up (after an outage, a restore, a slow stretch:
 * it reads messages produced {@value #CATCH_UP_BACKLOG_MS} ms or more ago) nearly every reading would fire a timer of
 * its own, the largest share of the TaskManager's CPU in the wide catch-up: then the timer fires at the end of the
 * deadline's cell of event time, once for all of the customer's readings in it. The cell is at most half the
 * backlog and at most {@value #MAX_CELL_MS} ms, so an alert that is already late by the backlog leaves at most half
 * as late again (less on the wall clock: catching up, event time runs faster than it).
 *
 * <p>Only when things happen moves, never what: the keyed function judges the waiting readings in event-time order
 * and the detector applies every deadline before the reading after it ({@link EpisodeDetector#onReading}), so the
 * alerts, rollups and their times are the same whenever the timer fires after the deadline. The backlog is read from
 * the Kafka record time, not from event time: readings with old timestamps sent now (a device syncing its memory, a
 * replay) are no backlog, and their alerts leave as soon as the watermark allows.
 */
final class CatchUpTimers {

    /** Reading messages produced this long ago or longer: the job is catching up. */
    static final long CATCH_UP_BACKLOG_MS = 10_000;
    /** The largest cell of event time, for a backlog of twice that or more. */
    static final long MAX_CELL_MS = 60_000;
    /** Cells by backlog, each at most half of the backlog that chooses it: {backlog from, cell}, largest first. */
    private static final long[][] CELLS = {
        {2 * MAX_CELL_MS, MAX_CELL_MS}, {60_000, 30_000}, {30_000, 15_000}, {CATCH_UP_BACKLOG_MS, 5_000}
    };

    private CatchUpTimers() {}

    /** The cell timers are rounded up to when the job reads messages {@code backlogMs} old; 0 keeping up. */
    static long cellFor(long backlogMs) {
        for (long[] cell : CELLS) {
            if (backlogMs >= cell[0]) {
                return cell[1];
            }
        }
        return 0;
    }

    /**
     * The time to register a timer for {@code deadline} at: the deadline itself, or the last millisecond of its cell
     * of {@code cellMs} (from {@link #cellFor}). Never earlier than the deadline.
     */
    static long fireAt(long deadline, long cellMs) {
        if (cellMs == 0 || deadline == EpisodeDetector.NO_DEADLINE) {
            return deadline;
        }
        long cellEnd = Math.floorDiv(deadline, cellMs) * cellMs + (cellMs - 1);
        return cellEnd < deadline ? deadline : cellEnd; // the cell of a deadline near Long.MAX_VALUE overflows
    }
}
