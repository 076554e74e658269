package com.heartbeatmonitor.job.detection;

import java.time.Duration;

/**
 * A customer's habitual silences: when in the day (UTC; the customer's zone is unknown and does not
 * matter, since a habit recurs at the same UTC time) the customer's recent long silences began. Most
 * wearers take the device off at night or charge it at about the same time every day; a silence that
 * begins near such a time is routine, one that begins at another time is not.
 */
final class Routine {

    /** The start times of this many recent silences are remembered (a night and a charge a day for 4 days). */
    static final int REMEMBERED = 8;
    /** A silence at least this long is off-wrist or charging, and teaches the routine. */
    static final long ROUTINE_GAP_MS = Duration.ofMinutes(20).toMillis();
    /** ... but one longer than this is not a daily habit (a device left in a drawer). */
    static final long LONGEST_ROUTINE_GAP_MS = Duration.ofHours(16).toMillis();
    /** A habit's time of day varies by this much either way (bedtimes and charging by ±45 min each). */
    static final long SAME_TIME_MS = Duration.ofMinutes(90).toMillis();
    /** A habit not seen for a week is forgotten. */
    static final long MEMORY_MS = Duration.ofDays(7).toMillis();
    /** Until the customer has been seen this long, every silence counts as routine: nothing is known yet. */
    static final long LEARNING_MS = Duration.ofDays(1).toMillis();

    private static final long MINUTE_MS = Duration.ofMinutes(1).toMillis();
    private static final long DAY_MS = Duration.ofDays(1).toMillis();

    private Routine() {}

    /** Remembers when a silence from {@code lastReading} to {@code nextReading} began, if it was a habit's length. */
    static void learn(DetectorState st, long lastReading, long nextReading) {
        long gap = nextReading - lastReading;
        if (gap < ROUTINE_GAP_MS || gap > LONGEST_ROUTINE_GAP_MS) {
            return;
        }
        if (st.routineStarts == null) {
            st.routineStarts = new int[REMEMBERED];
        }
        int oldest = 0;
        for (int i = 1; i < REMEMBERED; i++) {
            if (st.routineStarts[i] < st.routineStarts[oldest]) {
                oldest = i;
            }
        }
        st.routineStarts[oldest] = (int) (lastReading / MINUTE_MS);
    }

    /** Whether a silence beginning after the reading at {@code lastReading} is part of the routine. */
    static boolean isRoutine(DetectorState st, long lastReading) {
        if (lastReading - st.firstTimestamp < LEARNING_MS) {
            return true;
        }
        if (st.routineStarts == null) {
            return false;
        }
        for (int start : st.routineStarts) {
            long then = start * MINUTE_MS;
            long apart = Math.floorMod(lastReading - then, DAY_MS);
            if (start != 0 && lastReading - then <= MEMORY_MS && Math.min(apart, DAY_MS - apart) <= SAME_TIME_MS) {
                return true;
            }
        }
        return false;
    }
}
