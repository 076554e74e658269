package com.heartbeatmonitor.job.sinks;

import com.heartbeatmonitor.job.records.MinuteRollup;
import java.util.List;

/**
 * Minute rollups bound for {@code heartbeat_minutes}, column by column: {@link MinuteBatchStatement} binds each
 * column as one array, so PostgreSQL runs one upsert per batch instead of one per customer-minute. Cut by {@link
 * Batcher}; not changed once emitted.
 */
public record MinuteBatch(
        String[] customerIds, long[] minutes, int[] readings, short[] minBpms, short[] maxBpms, double[] avgBpms) {

    public int size() {
        return customerIds.length;
    }

    /** A batch of these rollups, in this order (a later rollup of the same minute supersedes an earlier one). */
    public static MinuteBatch of(List<MinuteRollup> rollups) {
        int size = rollups.size();
        MinuteBatch batch = new MinuteBatch(
                new String[size], new long[size], new int[size], new short[size], new short[size], new double[size]);
        for (int i = 0; i < size; i++) {
            MinuteRollup rollup = rollups.get(i);
            batch.customerIds[i] = rollup.customerId();
            batch.minutes[i] = rollup.minute();
            batch.readings[i] = rollup.readings();
            batch.minBpms[i] = (short) rollup.minBpm();
            batch.maxBpms[i] = (short) rollup.maxBpm();
            batch.avgBpms[i] = rollup.avgBpm();
        }
        return batch;
    }
}
