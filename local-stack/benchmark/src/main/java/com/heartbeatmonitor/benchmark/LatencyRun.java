package com.heartbeatmonitor.benchmark;

import com.heartbeatmonitor.generator.GeneratorRun;
import com.heartbeatmonitor.generator.GeneratorSettings;
import com.heartbeatmonitor.generator.KafkaPublisher;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * End-to-end latency at a steady rate: the generator paced in real time into the running job's topic,
 * one stream cut into a warm-up and then {@code runs} consecutive measured runs of equal length. For
 * every message sent in a run, the time from its Kafka record timestamp (set by the producer when it is
 * sent) to its row's write time in PostgreSQL ({@code ingested_at} or {@code stored_at}: the start of the
 * inserting statement, which commits a few ms later). With an {@link AlertWatch}, also every alert whose
 * completing reading was sent in a run: from that reading's record timestamp to the alert's first OPEN
 * revision on the alerts topic. A reading enters detection only when the watermark passes it, which
 * takes later readings, so then the stream goes on for a tail after the last run.
 */
final class LatencyRun {

    /** One measured run: readings to rows, and (when watched) readings to alerts. */
    record Run(Percentiles eventToRow, Percentiles eventToAlert, long unmatchedAlerts) {}

    record Result(double rate, List<Run> runs) {
        /** The first run's event -> row latencies. */
        Percentiles eventToRow() {
            return runs.get(0).eventToRow();
        }
    }

    private static final String WRITTEN = """
            SELECT kafka_partition, kafka_offset, ingested_at FROM heartbeats WHERE ingested_at >= ?
            UNION ALL
            SELECT kafka_partition, kafka_offset, stored_at FROM rejected_heartbeats WHERE stored_at >= ?""";
    private static final Duration ROWS_TIMEOUT = Duration.ofMinutes(2);
    /** After the last run: enough later event time for the watermark to pass its readings, and some. */
    private static final Duration ALERT_TAIL_BEYOND_BOUND = Duration.ofSeconds(10);
    /** After the last row is in: time for the alerts topic's last records to reach the watch. */
    private static final Duration ALERT_SETTLE = Duration.ofSeconds(2);

    private LatencyRun() {}

    /** Event -> row latency over one measured run. */
    static Result run(
            String bootstrapServers,
            String topic,
            GeneratorSettings settings,
            Duration warmUp,
            Duration measured,
            Connection db)
            throws Exception {
        return run(bootstrapServers, topic, settings, warmUp, measured, 1, db, null, Duration.ZERO);
    }

    /**
     * {@code runs} consecutive runs; with {@code alerts} (else null) also event -> alert latency, the
     * stream going on for {@code outOfOrderness} and some more after the last run.
     */
    static Result run(
            String bootstrapServers,
            String topic,
            GeneratorSettings settings,
            Duration warmUp,
            Duration measured,
            int runs,
            Connection db,
            AlertWatch alerts,
            Duration outOfOrderness)
            throws Exception {
        Instant measureFrom = Instant.now().plus(warmUp);
        long from = measureFrom.toEpochMilli();
        long to = measureFrom.plus(measured.multipliedBy(runs)).toEpochMilli();
        Duration tail = alerts == null ? Duration.ZERO : outOfOrderness.plus(ALERT_TAIL_BEYOND_BOUND);
        // Both filled on the producer's network thread: neither grows a map there (SentTimes, SentReadings).
        SentTimes sentAt = new SentTimes(SentReadings.expected(settings, measured.multipliedBy(runs)));
        SentReadings readings = new SentReadings(
                settings, warmUp.plus(measured.multipliedBy(runs)).plus(tail));
        KafkaPublisher.AckListener toRows = (message, at) -> {
            if (at.timestamp() >= from && at.timestamp() < to) {
                sentAt.put(at.partition(), at.offset(), at.timestamp());
            }
        };
        GeneratorLoad.Result sent = GeneratorLoad.send(
                bootstrapServers,
                topic,
                settings,
                new GeneratorRun.Limits(
                        0, warmUp.plus(measured.multipliedBy(runs)).plus(tail), true),
                alerts == null ? toRows : SentReadings.both(readings, toRows));
        List<List<Double>> rowLatencies = rowLatencies(db, measureFrom, sentAt, from, measured.toMillis(), runs);
        if (alerts != null) {
            Thread.sleep(ALERT_SETTLE.toMillis()); // the tail has moved the watermark on; let the watch read the last
        }
        List<Run> result = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            long runFrom = from + run * measured.toMillis();
            Percentiles rows = Percentiles.of(rowLatencies.get(run).stream()
                    .mapToDouble(Double::doubleValue)
                    .toArray());
            if (alerts == null) {
                result.add(new Run(rows, null, 0));
            } else {
                AlertWatch.Latencies alert =
                        alerts.latencies(readings, AlertWatch.By.READING_SENT, runFrom, runFrom + measured.toMillis());
                result.add(new Run(rows, alert.percentiles(), alert.unmatched()));
            }
        }
        return new Result(sent.perSecond(), result);
    }

    /** Waits until every measured message has its row; returns their latencies in ms, per run. */
    private static List<List<Double>> rowLatencies(
            Connection db, Instant since, SentTimes sentAt, long from, long runMillis, int runs) throws Exception {
        long deadline = System.nanoTime() + ROWS_TIMEOUT.toNanos();
        while (true) {
            List<List<Double>> latencies = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                latencies.add(new ArrayList<>());
            }
            int found = 0;
            try (PreparedStatement query = db.prepareStatement(WRITTEN)) {
                query.setTimestamp(1, Timestamp.from(since));
                query.setTimestamp(2, Timestamp.from(since));
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        Long sent = sentAt.at(rs.getInt(1), rs.getLong(2));
                        if (sent != null) {
                            latencies.get((int) ((sent - from) / runMillis)).add((double)
                                    (rs.getTimestamp(3).getTime() - sent));
                            found++;
                        }
                    }
                }
            }
            if (found == sentAt.size()) {
                return latencies;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        found + " of " + sentAt.size() + " measured messages stored after " + ROWS_TIMEOUT);
            }
            Thread.sleep(1_000);
        }
    }
}
