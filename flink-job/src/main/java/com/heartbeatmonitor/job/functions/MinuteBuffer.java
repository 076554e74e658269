package com.heartbeatmonitor.job.functions;

import com.heartbeatmonitor.job.detection.EpisodeDetector;
import com.heartbeatmonitor.job.records.MinuteRollup;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * One customer's open event-time minutes: count, min, max and sum, each emitted as a {@link MinuteRollup}
 * when the watermark passes the minute's last millisecond, again for every later reading while the
 * minute is within the allowed lateness, and dropped after that. The semantics of a one-minute tumbling
 * window with allowed lateness and Flink's event-time trigger, kept in the customer's own state object
 * instead of a window operator's state and timers. A mutable Flink POJO; minutes are few (the open one
 * and those within the lateness), so plain arrays in start order.
 */
public class MinuteBuffer {

    static final long MINUTE_MS = 60_000L;

    public long[] starts = new long[0];
    public int[] counts = new int[0];
    public int[] mins = new int[0];
    public int[] maxs = new int[0];
    public long[] sums = new long[0];
    public boolean[] fired = new boolean[0];
    public int size;

    public MinuteBuffer() {}

    /**
     * Adds a reading. Returns false when its minute is beyond the allowed lateness (the reading stays out
     * of the rollups); emits the minute's new rollup at once when the watermark has already passed it.
     */
    boolean add(
            String customer, long time, int heartRate, long watermark, long latenessMs, Consumer<MinuteRollup> out) {
        long start = Math.floorDiv(time, MINUTE_MS) * MINUTE_MS;
        long last = start + MINUTE_MS - 1;
        if (last + latenessMs <= watermark) {
            return false;
        }
        int i = indexOf(start);
        counts[i]++;
        mins[i] = Math.min(mins[i], heartRate);
        maxs[i] = Math.max(maxs[i], heartRate);
        sums[i] += heartRate;
        if (last <= watermark) {
            fired[i] = true;
            out.accept(rollup(customer, i));
        }
        return true;
    }

    /** Emits every minute the watermark has passed for the first time; forgets those beyond the lateness. */
    void advance(String customer, long watermark, long latenessMs, Consumer<MinuteRollup> out) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            long last = starts[i] + MINUTE_MS - 1;
            if (!fired[i] && last <= watermark) {
                fired[i] = true;
                out.accept(rollup(customer, i));
            }
            if (last + latenessMs > watermark) {
                move(i, kept++);
            }
        }
        size = kept;
    }

    /** The earliest watermark at which {@link #advance} has something to do, or {@link EpisodeDetector#NO_DEADLINE}. */
    long nextDeadline(long latenessMs) {
        long deadline = EpisodeDetector.NO_DEADLINE;
        for (int i = 0; i < size; i++) {
            long last = starts[i] + MINUTE_MS - 1;
            deadline = Math.min(deadline, fired[i] ? last + latenessMs : last);
        }
        return deadline;
    }

    boolean isEmpty() {
        return size == 0;
    }

    private MinuteRollup rollup(String customer, int i) {
        return new MinuteRollup(customer, starts[i], counts[i], mins[i], maxs[i], (double) sums[i] / counts[i]);
    }

    /** The slot of the minute starting at {@code start}, created in start order if new. */
    private int indexOf(long start) {
        int at = size;
        while (at > 0 && starts[at - 1] >= start) {
            if (starts[at - 1] == start) {
                return at - 1;
            }
            at--;
        }
        if (size == starts.length) {
            grow(Math.max(4, size * 2));
        }
        for (int i = size; i > at; i--) {
            move(i - 1, i);
        }
        starts[at] = start;
        counts[at] = 0;
        mins[at] = Integer.MAX_VALUE;
        maxs[at] = Integer.MIN_VALUE;
        sums[at] = 0;
        fired[at] = false;
        size++;
        return at;
    }

    private void move(int from, int to) {
        starts[to] = starts[from];
        counts[to] = counts[from];
        mins[to] = mins[from];
        maxs[to] = maxs[from];
        sums[to] = sums[from];
        fired[to] = fired[from];
    }

    private void grow(int capacity) {
        starts = Arrays.copyOf(starts, capacity);
        counts = Arrays.copyOf(counts, capacity);
        mins = Arrays.copyOf(mins, capacity);
        maxs = Arrays.copyOf(maxs, capacity);
        sums = Arrays.copyOf(sums, capacity);
        fired = Arrays.copyOf(fired, capacity);
    }
}
