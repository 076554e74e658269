package com.heartbeatmonitor.job.functions;

import java.util.Arrays;

/**
 * The event_ids of one customer's recent readings, each with the first message that carried it: enough to reject a
 * later message that reuses one with another timestamp (the database's key, (event_time, event_id), catches one
 * with the same timestamp at any age). A reading is remembered while its minute still takes late readings
 * (--rollup-allowed-lateness past the minute's end, {@link MinuteBuffer}); after that its event_id may come again as
 * another reading. A mutable Flink POJO in keyed state, primitive arrays only: 40 bytes a reading.
 */
public class RecentEventIds {

    private static final int INITIAL_CAPACITY = 4;

    public long[] idHigh = new long[0];
    public long[] idLow = new long[0];
    public long[] times = new long[0];
    public long[] offsets = new long[0];
    public int[] partitions = new int[0];
    public int[] heartRates = new int[0];
    public int size;

    public RecentEventIds() {}

    /** The first message that carried an event_id. */
    record First(long time, int heartRate, int partition, long offset) {}

    /** The first remembered reading with this event_id, or null. */
    First first(long high, long low) {
        for (int i = 0; i < size; i++) {
            if (idHigh[i] == high && idLow[i] == low) {
                return new First(times[i], heartRates[i], partitions[i], offsets[i]);
            }
        }
        return null;
    }

    /** Remembers a reading; only one whose minute is still open, so the minute's deadline forgets it. */
    void remember(long high, long low, long time, int heartRate, int partition, long offset) {
        if (size == idHigh.length) {
            grow();
        }
        idHigh[size] = high;
        idLow[size] = low;
        times[size] = time;
        heartRates[size] = heartRate;
        partitions[size] = partition;
        offsets[size] = offset;
        size++;
    }

    /** Forgets the readings whose minute no longer takes late readings at this watermark. */
    void forget(long watermark, long latenessMs) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            long minuteEnd = Math.floorDiv(times[i], MinuteBuffer.MINUTE_MS) * MinuteBuffer.MINUTE_MS
                    + MinuteBuffer.MINUTE_MS
                    - 1;
            if (minuteEnd + latenessMs > watermark) { // as MinuteBuffer keeps the minute
                idHigh[kept] = idHigh[i];
                idLow[kept] = idLow[i];
                times[kept] = times[i];
                heartRates[kept] = heartRates[i];
                partitions[kept] = partitions[i];
                offsets[kept] = offsets[i];
                kept++;
            }
        }
        size = kept;
    }

    boolean isEmpty() {
        return size == 0;
    }

    private void grow() {
        int capacity = Math.max(INITIAL_CAPACITY, size * 2);
        idHigh = Arrays.copyOf(idHigh, capacity);
        idLow = Arrays.copyOf(idLow, capacity);
        times = Arrays.copyOf(times, capacity);
        heartRates = Arrays.copyOf(heartRates, capacity);
        partitions = Arrays.copyOf(partitions, capacity);
        offsets = Arrays.copyOf(offsets, capacity);
    }
}
