package com.heartbeatmonitor.job.detection;

import java.time.Duration;

/**
 * A customer's habitual silences: when in the day (UTC; the customer's zone is unknown and does not
 * matter, since a habit recurs at the same UTC time) the customer's recent long silences began. Most
 * wearers take the device off at night or charge it at about the same time every day; a silence that
 * begins near such a time is routine, one that begins at another time is not. A silence that raised
 * SIGNAL_LOST teaches the routine only once it recurs at about the same time of day.
 */
final class Routine {

    /** The start times of this many recent silences are remembered (a night and a charge a day for 4 days). */
    static final int REMEMBERED = 8;
    /** ... and of this many recent silences that raised SIGNAL_LOST (two a week, for a week and more). */
    static final int ALERTED_REMEMBERED = 4;
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

    /**
     * Remembers when a silence from {@code lastReading} to {@code nextReading} began, if it was a habit's
     * length. A silence that raised SIGNAL_LOST ({@code alerted}) may have been a fault, so it is kept
     * apart; once a second one begins at about the same time of day within {@link #MEMORY_MS}, it has
     * recurred, and it is routine from then on.
     */
    static void learn(DetectorState st, long lastReading, long nextReading, boolean alerted) {
        long gap = nextReading - lastReading;
        if (gap < ROUTINE_GAP_MS || gap > LONGEST_ROUTINE_GAP_MS) {
            return;
        }
        if (alerted) {
            boolean recurred = sameTimeOfDay(st.alertedStarts, lastReading);
            st.alertedStarts = remember(st.alertedStarts, ALERTED_REMEMBERED, lastReading);
            if (!recurred) {
                return;
            }
        }
        st.routineStarts = remember(st.routineStarts, REMEMBERED, lastReading);
    }

    /** {@code starts} with {@code at} (epoch minutes) in place of the oldest; created when null. */
    private static int[] remember(int[] starts, int size, long at) {
        int[] kept = starts != null ? starts : new int[size];
        int oldest = 0;
        for (int i = 1; i < kept.length; i++) {
            if (kept[i] < kept[oldest]) {
                oldest = i;
            }
        }
        kept[oldest] = (int) (at / MINUTE_MS);
        return kept;
    }

    /** Whether one of {@code starts}, within the memory, was at about the time of day of {@code at}. */
    private static boolean sameTimeOfDay(int[] starts, long at) {
        if (starts == null) {
            return false;
        }
        for (int start : starts) {
            long then = start * MINUTE_MS;
            long apart = Math.floorMod(at - then, DAY_MS);
            if (start != 0 && at - then <= MEMORY_MS && Math.min(apart, DAY_MS - apart) <= SAME_TIME_MS) {
                return true;
            }
        }
        return false;
    }

    /** Whether a silence beginning after the reading at {@code lastReading} is part of the routine. */
    static boolean isRoutine(DetectorState st, long lastReading) {
        return lastReading - st.firstTimestamp < LEARNING_MS || sameTimeOfDay(st.routineStarts, lastReading);
    }
}
