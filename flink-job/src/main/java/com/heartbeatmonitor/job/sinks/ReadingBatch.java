package com.heartbeatmonitor.job.sinks;

import com.heartbeatmonitor.job.records.ClassifiedReading;
import com.heartbeatmonitor.job.records.HeartbeatReading;
import java.util.Arrays;
import java.util.List;

/**
 * Readings bound for {@code heartbeats}, column by column: one call of {@code store_heartbeats} binds each column as
 * one array (sql/V11__batch_duplicate_check.sql), so PostgreSQL plans and runs one statement per batch instead of
 * one per 128 rows. Built by {@link ReadingBatcher}; not changed once emitted.
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
        Builder builder = new Builder(Math.max(1, readings.size()));
        readings.forEach(builder::add);
        return builder.take();
    }

    /** Collects readings up to a capacity, then hands out the batch of them and starts empty again. */
    static final class Builder {

        private final int capacity;
        private int size;
        private String[] eventIds;
        private String[] customerIds;
        private long[] times;
        private short[] heartRates;
        private String[] riskLevels;
        private boolean[] lates;
        private int[] partitions;
        private long[] offsets;
        private String[] activities;

        Builder(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("a batch holds at least one reading, not " + capacity);
            }
            this.capacity = capacity;
            reset();
        }

        /** Adds a reading; true when the batch is full. */
        boolean add(ClassifiedReading classified) {
            HeartbeatReading reading = classified.reading();
            eventIds[size] = reading.eventId();
            customerIds[size] = reading.customerId();
            times[size] = reading.timestamp();
            heartRates[size] = (short) reading.heartRate();
            riskLevels[size] = classified.riskLevel().name();
            lates[size] = classified.late();
            partitions[size] = reading.kafkaPartition();
            offsets[size] = reading.kafkaOffset();
            activities[size] =
                    reading.activity() == null ? null : reading.activity().json();
            size++;
            return size == capacity;
        }

        boolean isEmpty() {
            return size == 0;
        }

        /** The readings added since the last batch, as a batch of their own; the builder is empty after. */
        ReadingBatch take() {
            ReadingBatch batch = size == capacity
                    ? new ReadingBatch(
                            eventIds,
                            customerIds,
                            times,
                            heartRates,
                            riskLevels,
                            lates,
                            partitions,
                            offsets,
                            activities)
                    : new ReadingBatch(
                            Arrays.copyOf(eventIds, size),
                            Arrays.copyOf(customerIds, size),
                            Arrays.copyOf(times, size),
                            Arrays.copyOf(heartRates, size),
                            Arrays.copyOf(riskLevels, size),
                            Arrays.copyOf(lates, size),
                            Arrays.copyOf(partitions, size),
                            Arrays.copyOf(offsets, size),
                            Arrays.copyOf(activities, size));
            reset();
            return batch;
        }

        private void reset() {
            size = 0;
            eventIds = new String[capacity];
            customerIds = new String[capacity];
            times = new long[capacity];
            heartRates = new short[capacity];
            riskLevels = new String[capacity];
            lates = new boolean[capacity];
            partitions = new int[capacity];
            offsets = new long[capacity];
            activities = new String[capacity];
        }
    }
}
