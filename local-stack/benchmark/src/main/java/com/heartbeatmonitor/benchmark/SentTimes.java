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

    /** One partition's timestamps, from the first offset acknowledged in it. */
    private static final class Partition {
        final long firstOffset;
        long[] times;

        Partition(long firstOffset, int capacity) {
            this.firstOffset = firstOffset;
            this.times = new long[capacity];
            Arrays.fill(times, NONE);
        }

        /** The slot of {@code offset}, at or after the first, grown to hold it. */
        int slot(long offset) {
            long at = offset - firstOffset;
            if (at >= times.length) {
                int old = times.length;
                times = Arrays.copyOf(times, Math.toIntExact(Math.max(at + 1, 2L * old)));
                Arrays.fill(times, old, times.length, NONE);
            }
            return (int) at;
        }

        long at(long offset) {
            long at = offset - firstOffset;
            return at < 0 || at >= times.length ? NONE : times[(int) at];
        }
    }

    private final int capacity;
    private final List<Partition> partitions = new ArrayList<>();
    private long count;

    /** Room for {@code expected} messages in each partition before an array has to grow. */
    SentTimes(int expected) {
        this.capacity = Math.max(16, expected);
    }

    void put(int partition, long offset, long timestamp) {
        while (partitions.size() <= partition) {
            partitions.add(null);
        }
        Partition p = partitions.get(partition);
        if (p == null) {
            p = new Partition(offset, capacity);
            partitions.set(partition, p);
        }
        if (offset < p.firstOffset) {
            throw new IllegalStateException(
                    "offset " + offset + " of partition " + partition + " acknowledged after " + p.firstOffset);
        }
        int slot = p.slot(offset);
        if (p.times[slot] == NONE) {
            count++;
        }
        p.times[slot] = timestamp;
    }

    /** The timestamp of the message at this offset, or null when none was recorded. */
    Long at(int partition, long offset) {
        Partition p = partition < partitions.size() ? partitions.get(partition) : null;
        long time = p == null ? NONE : p.at(offset);
        return time == NONE ? null : time;
    }

    /** How many messages were recorded. */
    long size() {
        return count;
    }
}
