package com.heartbeatmonitor.benchmark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Kafka record timestamp of each message sent, by partition and offset, in one array of longs per partition.
 * Filled in the producer's acknowledgement callback, on its one network thread, whose delays the latency scenarios
 * measure: no boxing and no map to rehash there (a map of boxed offsets did both, a million of them per latency
 * scenario). Read once the producer is closed.
 */
final class SentTimes {

    private static final long NONE = Long.MIN_VALUE;

    private final int capacity;
    private final List<long[]> times = new ArrayList<>();
    private final List<Long> firstOffsets = new ArrayList<>();
    private long count;

    /** Room for {@code expected} messages in each partition before an array has to grow. */
    SentTimes(int expected) {
        this.capacity = Math.max(16, expected);
    }

    void put(int partition, long offset, long timestamp) {
        while (times.size() <= partition) {
            times.add(null);
            firstOffsets.add(null);
        }
        if (times.get(partition) == null) {
            long[] fresh = new long[capacity];
            Arrays.fill(fresh, NONE);
            times.set(partition, fresh);
            firstOffsets.set(partition, offset);
        }
        long at = offset - firstOffsets.get(partition);
        if (at < 0) {
            throw new IllegalStateException("offset " + offset + " of partition " + partition + " acknowledged after "
                    + firstOffsets.get(partition));
        }
        long[] partitionTimes = times.get(partition);
        if (at >= partitionTimes.length) {
            int grown = Math.toIntExact(Math.max(at + 1, 2L * partitionTimes.length));
            partitionTimes = Arrays.copyOf(partitionTimes, grown);
            Arrays.fill(partitionTimes, times.get(partition).length, grown, NONE);
            times.set(partition, partitionTimes);
        }
        if (partitionTimes[(int) at] == NONE) {
            count++;
        }
        partitionTimes[(int) at] = timestamp;
    }

    /** The timestamp of the message at this offset, or null when none was recorded. */
    Long at(int partition, long offset) {
        if (partition >= times.size() || times.get(partition) == null) {
            return null;
        }
        long at = offset - firstOffsets.get(partition);
        long[] partitionTimes = times.get(partition);
        if (at < 0 || at >= partitionTimes.length || partitionTimes[(int) at] == NONE) {
            return null;
        }
        return partitionTimes[(int) at];
    }

    /** How many messages were recorded. */
    long size() {
        return count;
    }
}
