package com.heartbeatmonitor.benchmark;

import com.heartbeatmonitor.generator.HeartbeatGenerator;
import com.heartbeatmonitor.job.config.RiskBands;
import com.heartbeatmonitor.job.records.RiskLevel;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * history-catchup's history: {@code customers} customers (named as the generator names them, so the catch-up's
 * first customers are these), a reading each every {@code interval} for {@code steps} intervals from
 * {@code start}. Row {@code i} is customer {@code i % customers} at step {@code i / customers}, the customers
 * spread evenly over the interval, so rows in index order are in event-time order, as the job writes them. Every
 * field is a function of the index alone: the COPY into heartbeats and the one into heartbeat_event_ids generate
 * the same rows each on its own, from any index on.
 */
record HistoryRows(Instant start, Duration interval, int customers, long steps) {

    /** The Kafka topic the history's readings name: none the benchmark reads, so no catch-up counts them. */
    static final String TOPIC = "history";

    static final RiskLevel RISK_LEVEL = RiskLevel.NORMAL;
    /** Heart rates within the default NORMAL band (60-100 bpm): a plain resting history. */
    private static final int MIN_BPM = RiskBands.DEFAULT.elevatedBelow();

    private static final int BPM_VALUES = RiskBands.DEFAULT.elevatedAbove() - MIN_BPM + 1;
    /** From the device to the database, as the job writes it a moment after the reading. */
    private static final long INGEST_DELAY_MILLIS = 300;
    /** SplitMix64's increment: consecutive indices give unrelated hashes. */
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private static final long EVENT_ID_SEED = 11;
    private static final long HEART_RATE_SEED = 13;

    /** {@code days} of history that ends at {@code end}, the next reading's time. */
    static HistoryRows ending(Instant end, int days, int customers, Duration interval) {
        long steps = Duration.ofDays(days).toMillis() / interval.toMillis();
        return new HistoryRows(end.minus(interval.multipliedBy(steps)), interval, customers, steps);
    }

    long count() {
        return steps * customers;
    }

    Instant end() {
        return start.plus(interval.multipliedBy(steps));
    }

    /** The customers' ids, in index order: built once, not per row. */
    String[] customerIds() {
        String[] ids = new String[customers];
        for (int c = 0; c < customers; c++) {
            ids[c] = HeartbeatGenerator.customerId(c);
        }
        return ids;
    }

    int customer(long i) {
        return (int) (i % customers);
    }

    Instant eventTime(long i) {
        long step = interval.toMillis();
        return Instant.ofEpochMilli(start.toEpochMilli() + (i / customers) * step + customer(i) * step / customers);
    }

    Instant ingestedAt(long i) {
        return eventTime(i).plusMillis(INGEST_DELAY_MILLIS);
    }

    /** A random-looking version 4 UUID, as devices make them: their keys land all over the indexes. */
    UUID eventId(long i) {
        long most = hash(EVENT_ID_SEED, 2 * i);
        long least = hash(EVENT_ID_SEED, 2 * i + 1);
        return new UUID((most & ~0xF000L) | 0x4000L, (least & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L);
    }

    int heartRate(long i) {
        return MIN_BPM + Math.floorMod(hash(HEART_RATE_SEED, i), BPM_VALUES);
    }

    /** SplitMix64's output function over the index: what a seeded random stream would give, at any index. */
    private static long hash(long seed, long i) {
        long z = seed + (i + 1) * GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
