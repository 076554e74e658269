package com.heartbeatmonitor.job.functions;

/**
 * The event_ids of one customer's last {@value #KEPT} readings, each with the message that carried it: enough to
 * reject a message that reuses one with another timestamp, which is what a device whose id generator is stuck or
 * cycles sends (the database's key, (event_time, event_id), catches one with the same timestamp at any age). Each
 * event_id is kept as a 64-bit fingerprint of its 122 random bits, so a reading costs 28 bytes of state and two
 * different ids look alike once in about 10^18 comparisons. A mutable Flink POJO in keyed state; kept as long as
 * the customer's state is, and forgotten with it.
 */
public class RecentEventIds {

    /** Readings remembered: a stuck generator repeats at the next reading, one cycling through a few ids soon. */
    static final int KEPT = 4;

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    public long[] fingerprints = new long[0];
    public long[] times = new long[0];
    public long[] offsets = new long[0];
    public int[] partitions = new int[0];
    /** Where the next reading goes: the oldest one's place once all {@value #KEPT} are taken. */
    public int next;

    public RecentEventIds() {}

    /** The first message of a remembered reading. */
    record First(long time, int partition, long offset) {}

    static long fingerprint(long high, long low) {
        return high ^ (low * GOLDEN_GAMMA);
    }

    /** The remembered reading with this event_id, or null. */
    First find(long fingerprint) {
        for (int i = 0; i < fingerprints.length; i++) {
            if (fingerprints[i] == fingerprint) {
                return new First(times[i], partitions[i], offsets[i]);
            }
        }
        return null;
    }

    /** Remembers a reading in place of the oldest one. */
    void remember(long fingerprint, long time, int partition, long offset) {
        if (fingerprints.length < KEPT) {
            int size = fingerprints.length;
            fingerprints = java.util.Arrays.copyOf(fingerprints, size + 1);
            times = java.util.Arrays.copyOf(times, size + 1);
            offsets = java.util.Arrays.copyOf(offsets, size + 1);
            partitions = java.util.Arrays.copyOf(partitions, size + 1);
            next = size;
        }
        fingerprints[next] = fingerprint;
        times[next] = time;
        offsets[next] = offset;
        partitions[next] = partition;
        next = (next + 1) % KEPT;
    }
}
