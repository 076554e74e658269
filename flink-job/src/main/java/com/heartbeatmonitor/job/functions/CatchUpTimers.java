package com.heartbeatmonitor.job.functions;

import com.heartbeatmonitor.job.detection.EpisodeDetector;

/**
 * When a customer's timer fires. While the job keeps up, at the deadline itself, so an alert leaves as soon as the
 * watermark passes the reading that completes it. While it catches up (after an outage, a restore, a replay) the
 * watermark trails the wall clock by minutes and nearly every reading would fire a timer of its own, the largest
 * share of the TaskManager's CPU in the wide catch-up: then the timer fires at the end of the deadline's
 * {@value #CATCH_UP_GRID_MS} ms cell of event time, once for all of the customer's readings in it.
 *
 * <p>Only when things happen moves, never what: the keyed function judges the waiting readings in event-time order
 * and the detector applies every deadline before the reading after it ({@link EpisodeDetector#onReading}), so the
 * alerts, rollups and their times are the same whenever the timer fires after the deadline. An alert already at
 * least {@value #CATCH_UP_LAG_MS} ms late leaves at most one cell of event time later, which a catch-up covers in
 * a fraction of that on the wall clock.
 */
final class CatchUpTimers {

    /** The watermark at least this far behind the wall clock: the job is catching up. */
    static final long CATCH_UP_LAG_MS = 60_000;
    /** The cells of event time timers are rounded up to while catching up: half the lag that starts it. */
    static final long CATCH_UP_GRID_MS = 30_000;

    private CatchUpTimers() {}

    /**
     * The time to register a timer for {@code deadline} at, given the current watermark and wall-clock time: the
     * deadline itself, or the last millisecond of its cell while catching up. Never earlier than the deadline.
     */
    static long fireAt(long deadline, long watermark, long now) {
        if (deadline == EpisodeDetector.NO_DEADLINE
                || watermark == Long.MIN_VALUE
                || now - watermark < CATCH_UP_LAG_MS) {
            return deadline;
        }
        long cellEnd = Math.floorDiv(deadline, CATCH_UP_GRID_MS) * CATCH_UP_GRID_MS + (CATCH_UP_GRID_MS - 1);
        return cellEnd < deadline ? deadline : cellEnd; // the cell of a deadline near Long.MAX_VALUE overflows
    }
}
