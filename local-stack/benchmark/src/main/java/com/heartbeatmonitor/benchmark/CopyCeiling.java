package com.heartbeatmonitor.benchmark;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.heartbeatmonitor.job.config.RiskBands;
import com.heartbeatmonitor.job.records.HeartbeatReading;
import com.heartbeatmonitor.job.records.ParsedMessage;
import com.heartbeatmonitor.job.validation.HeartbeatParser;
import com.heartbeatmonitor.job.validation.ValidationRules;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import org.postgresql.PGConnection;

/**
 * The database's ceiling: PostgreSQL's {@code COPY} of exactly the rows the job would store (the same
 * topic parsed by the job's own parser) into an empty {@code heartbeats} table of the same schema,
 * with its indexes (and, on a schema before V11, the duplicate trigger, which COPY fires too).
 */
final class CopyCeiling {

    record Result(long rows, double seconds) {
        @JsonProperty
        double perSecond() {
            return rows / seconds;
        }
    }

    static final String COPY = "COPY heartbeats (event_id, customer_id, event_time, heart_rate, risk_level,"
            + " kafka_partition, kafka_offset, kafka_topic) FROM STDIN WITH (FORMAT csv)";

    private CopyCeiling() {}

    /** Writes the topic's valid readings as CSV rows for {@link #COPY}; returns how many. */
    static long writeRows(String bootstrapServers, String topic, Path csv) throws IOException {
        HeartbeatParser parser = new HeartbeatParser(ValidationRules.DEFAULT);
        long[] rows = {0};
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            TopicReader.readAll(bootstrapServers, topic, record -> {
                ParsedMessage parsed = parser.parse(
                        record.value(),
                        new HeartbeatParser.Origin(
                                topic,
                                record.partition(),
                                record.offset(),
                                record.timestamp(),
                                System.currentTimeMillis()));
                if (parsed.isValid()) {
                    write(out, parsed.reading(), topic);
                    rows[0]++;
                }
            });
        }
        return rows[0];
    }

    private static void write(BufferedWriter out, HeartbeatReading r, String topic) {
        try {
            // Ids are UUIDs and customer ids are validated to [A-Za-z0-9_-], so nothing needs quoting.
            out.write(r.eventId()
                    + ','
                    + r.customerId()
                    + ','
                    + Instant.ofEpochMilli(r.timestamp())
                    + ','
                    + r.heartRate()
                    + ','
                    + RiskBands.DEFAULT.classify(r.heartRate())
                    + ','
                    + r.kafkaPartition()
                    + ','
                    + r.kafkaOffset()
                    + ','
                    + topic
                    + '\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** COPYs the rows into {@code db}'s empty heartbeats table in one statement. */
    static Result copy(Connection db, Path csv) throws Exception {
        try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            long start = System.nanoTime();
            long rows = db.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY, in);
            return new Result(rows, (System.nanoTime() - start) / 1e9);
        }
    }
}
