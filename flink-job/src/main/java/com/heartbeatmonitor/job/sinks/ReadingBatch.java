package com.heartbeatmonitor.job.sinks;

import com.heartbeatmonitor.job.records.ClassifiedReading;
import com.heartbeatmonitor.job.records.HeartbeatReading;
import java.util.List;

/**
 * Readings bound for {@code heartbeats}, column by column: one call of {@code store_heartbeats} binds each column as
 * one array (sql/V11__batch_duplicate_check.sql), so PostgreSQL plans and runs one statement per batch instead of
 * one per 128 rows. Cut by {@link Batcher}; not changed once emitted.
 */
public record ReadingBatch(
        String[] eventIds,
        String[] customerIds,
        long[] times,
        short[] heartRates,
        String[] riskLevels,
        boolean[] lates,
        int[] partitions,
        long[] offsets,
        String[] activities) {

    public int size() {
        return eventIds.length;
    }

    /** A batch of these readings, in this order. */
    public static ReadingBatch of(List<ClassifiedReading> readings) {
        int size = readings.size();
        ReadingBatch batch = new ReadingBatch(
                new String[size],
                new String[size],
                new long[size],
                new short[size],
                new String[size],
                new boolean[size],
                new int[size],
                new long[size],
                new String[size]);
        for (int i = 0; i < size; i++) {
            ClassifiedReading classified = readings.get(i);
            HeartbeatReading reading = classified.reading();
            batch.eventIds[i] = reading.eventId();
            batch.customerIds[i] = reading.customerId();
            batch.times[i] = reading.timestamp();
            batch.heartRates[i] = (short) reading.heartRate();
            batch.riskLevels[i] = classified.riskLevel().name();
            batch.lates[i] = classified.late();
            batch.partitions[i] = reading.kafkaPartition();
            batch.offsets[i] = reading.kafkaOffset();
            batch.activities[i] =
                    reading.activity() == null ? null : reading.activity().json();
        }
        return batch;
    }
}
