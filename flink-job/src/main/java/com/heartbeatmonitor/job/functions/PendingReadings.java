package com.heartbeatmonitor.job.functions;

import com.heartbeatmonitor.job.records.Activity;
import java.util.Arrays;

/**
 * One customer's readings that the watermark has not passed yet, kept in event-time order (readings
 * come nearly in order, so an insert is almost always an append). A mutable Flink POJO in keyed state:
 * nothing is rescanned when the watermark moves, so the cost per reading does not grow with a
 * customer's backlog.
 */
public class PendingReadings {

    private static final int INITIAL_CAPACITY = 8;

    public long[] times = new long[0];
    public int[] heartRates = new int[0];
    /**
     * Each reading's activity as {@link Activity#code}. Added after the first release: state
     * restored from a savepoint without it has a shorter (or no) array, read as unknown.
     */
    public byte[] activities = new byte[0];

    public int size;

    public PendingReadings() {}

    /** A reader of the due readings, in event-time order. */
    public interface Consumer {
        void accept(long time, int heartRate, Activity activity);
    }

    void add(long time, int heartRate, Activity activity) {
        if (activities == null || activities.length < times.length) {
            activities = activities == null ? new byte[times.length] : Arrays.copyOf(activities, times.length);
        }
        if (size == times.length) {
            int capacity = Math.max(INITIAL_CAPACITY, size * 2);
            times = Arrays.copyOf(times, capacity);
            heartRates = Arrays.copyOf(heartRates, capacity);
            activities = Arrays.copyOf(activities, capacity);
        }
        int at = size;
        while (at > 0 && times[at - 1] > time) { // after equal times: same-time readings keep arrival order
            at--;
        }
        System.arraycopy(times, at, times, at + 1, size - at);
        System.arraycopy(heartRates, at, heartRates, at + 1, size - at);
        System.arraycopy(activities, at, activities, at + 1, size - at);
        times[at] = time;
        heartRates[at] = heartRate;
        activities[at] = Activity.code(activity);
        size++;
    }

    /** Hands every reading at or before {@code watermark} to {@code consumer}, in order, and removes them. */
    void drain(long watermark, Consumer consumer) {
        int due = 0;
        while (due < size && times[due] <= watermark) {
            consumer.accept(times[due], heartRates[due], activity(due));
            due++;
        }
        System.arraycopy(times, due, times, 0, size - due);
        System.arraycopy(heartRates, due, heartRates, 0, size - due);
        if (activities != null && activities.length >= size) {
            System.arraycopy(activities, due, activities, 0, size - due);
        }
        size -= due;
    }

    private Activity activity(int i) {
        return activities == null || i >= activities.length ? null : Activity.ofCode(activities[i]);
    }

    boolean isEmpty() {
        return size == 0;
    }

    long first() {
        return times[0];
    }
}
