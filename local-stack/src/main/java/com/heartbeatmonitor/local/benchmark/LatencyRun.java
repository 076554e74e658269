package com.heartbeatmonitor.local.benchmark;

import com.heartbeatmonitor.generator.GeneratorRun;
import com.heartbeatmonitor.generator.GeneratorSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * End-to-end latency at a steady rate: the generator paced in real time into the running job's topic;
 * for every message sent after the warm-up, the time from its Kafka record timestamp (set by the
 * producer when it is sent) to its row's write time in PostgreSQL ({@code ingested_at} or
 * {@code stored_at}: the start of the inserting statement, which commits a few ms later).
 */
final class LatencyRun {

    record Result(double rate, long measured, double p50Millis, double p95Millis, double p99Millis, double maxMillis) {}

    private static final String WRITTEN = """
            SELECT kafka_partition, kafka_offset, ingested_at FROM heartbeats WHERE ingested_at >= ?
            UNION ALL
            SELECT kafka_partition, kafka_offset, stored_at FROM rejected_heartbeats WHERE stored_at >= ?""";
    private static final Duration ROWS_TIMEOUT = Duration.ofMinutes(2);

    private LatencyRun() {}

    static Result run(String bootstrapServers, String topic, GeneratorSettings settings, Duration warmUp,
            Duration measured, Connection db) throws Exception {
        Instant measureFrom = Instant.now().plus(warmUp);
        Map<Long, Long> sentAt = new ConcurrentHashMap<>();
        GeneratorLoad.Result sent = GeneratorLoad.send(bootstrapServers, topic, settings,
                new GeneratorRun.Limits(0, warmUp.plus(measured), true), (message, at) -> {
                    if (at.timestamp() >= measureFrom.toEpochMilli()) {
                        sentAt.put(key(at.partition(), at.offset()), at.timestamp());
                    }
                });
        double[] latencies = latencies(db, measureFrom, sentAt);
        Arrays.sort(latencies);
        return new Result(sent.perSecond(), latencies.length, percentile(latencies, 0.50), percentile(latencies, 0.95),
                percentile(latencies, 0.99), latencies[latencies.length - 1]);
    }

    /** Waits until every measured message has its row; returns their latencies in ms. */
    private static double[] latencies(Connection db, Instant from, Map<Long, Long> sentAt) throws Exception {
        long deadline = System.nanoTime() + ROWS_TIMEOUT.toNanos();
        while (true) {
            double[] latencies = new double[sentAt.size()];
            int found = 0;
            try (PreparedStatement query = db.prepareStatement(WRITTEN)) {
                query.setTimestamp(1, Timestamp.from(from));
                query.setTimestamp(2, Timestamp.from(from));
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        Long sent = sentAt.get(key(rs.getInt(1), rs.getLong(2)));
                        if (sent != null) {
                            latencies[found++] = rs.getTimestamp(3).getTime() - sent;
                        }
                    }
                }
            }
            if (found == latencies.length) {
                return latencies;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(found + " of " + latencies.length + " measured messages stored after "
                        + ROWS_TIMEOUT);
            }
            Thread.sleep(1_000);
        }
    }

    private static long key(int partition, long offset) {
        return ((long) partition << 48) | offset;
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
