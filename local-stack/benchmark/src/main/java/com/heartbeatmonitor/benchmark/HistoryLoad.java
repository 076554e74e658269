package com.heartbeatmonitor.benchmark;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.heartbeatmonitor.local.Postgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.postgresql.copy.CopyIn;

/**
 * Loads history-catchup's history into {@code heartbeats} by COPY, in event-time order, leaving the database as the
 * job would have: the day partitions created by the schema's own maintenance first, and every event_id recorded in
 * {@code heartbeat_event_ids} when the schema has that table. The duplicate check's row trigger would record them one
 * by one (hours at a hundred million rows), so it is disabled for the load and the same (event_id, event_time) pairs
 * go in by a COPY of their own, beside the readings' on a second connection. Then VACUUM ANALYZE, as a database
 * that filled up over days would have been vacuumed. Refuses to go on when the first rows' size says the whole
 * history would not leave {@link #DISK_RESERVE_BYTES} free on the server's disk.
 */
final class HistoryLoad {

    /** Kept free on the server's disk: the catch-up, WAL, other databases and the machine need room too. */
    static final long DISK_RESERVE_BYTES = 10_000_000_000L;
    /** At most this many first rows are loaded alone, to measure their size before the rest is loaded. */
    private static final long SAMPLE_ROWS = 1_000_000;
    /** ... and at least this share of a smaller history, so the sample is never a handful of rows. */
    private static final int SAMPLE_DIVISOR = 10;

    private static final String EVENT_IDS = "heartbeat_event_ids";
    private static final String DUPLICATE_TRIGGER = "heartbeats_reject_duplicate";
    private static final String COPY_EVENT_IDS =
            "COPY " + EVENT_IDS + " (event_id, event_time) FROM STDIN WITH (FORMAT csv)";

    /**
     * Sizes in bytes; {@code eventIds} is null without that table, {@code diskFree} null when the server's data
     * directory is not on this machine.
     */
    record Sizes(long database, long heartbeats, Long eventIds, Long diskFree) {}

    /** What the load did and what it left: rows, times, sizes before and after. */
    record Result(
            int days,
            int customers,
            String interval,
            String schema,
            long rows,
            double copySeconds,
            double vacuumSeconds,
            double sampleBytesPerRow,
            Sizes before,
            Sizes after) {

        String describe() {
            return span(days, customers, interval);
        }

        @JsonProperty
        double rowsPerSecond() {
            return rows / copySeconds;
        }

        /** What each reading of the history takes on disk, all its tables and indexes included. */
        @JsonProperty
        double bytesPerRow() {
            return (after.database() - before.database()) / (double) rows;
        }
    }

    /** One row of a COPY as CSV text. */
    private interface RowText {
        void append(StringBuilder buffer, long i);
    }

    /** A COPY and the text of its rows. */
    private record CopyStream(String sql, RowText text) {}

    private HistoryLoad() {}

    static Result load(String url, Postgres.Admin admin, HistoryRows rows, int days, String schema) throws Exception {
        try (Connection db = Postgres.connect(url, admin)) {
            boolean eventIds = exists(db, "SELECT to_regclass('" + EVENT_IDS + "') IS NOT NULL");
            createPartitions(db, rows);
            Sizes before = sizes(db, eventIds);
            Benchmark.step(
                    "history-catchup: COPY of %,d readings (%s) ending %s%s",
                    rows.count(),
                    span(days, rows.customers(), Benchmark.human(rows.interval())),
                    rows.end(),
                    eventIds ? ", their event_ids into " + EVENT_IDS + " beside them" : "");
            List<CopyStream> streams = streams(db, rows, eventIds);

            long sample = Math.min(SAMPLE_ROWS, Math.max(1, rows.count() / SAMPLE_DIVISOR));
            long copyStart = System.nanoTime();
            double sampleBytesPerRow;
            if (eventIds) {
                setDuplicateTrigger(db, false);
            }
            try {
                copy(url, admin, streams, 0, sample);
                sampleBytesPerRow = (databaseSize(db) - before.database()) / (double) sample;
                requireRoom(sampleBytesPerRow, sample, rows.count(), before.diskFree());
                copy(url, admin, streams, sample, rows.count());
            } finally {
                if (eventIds) {
                    setDuplicateTrigger(db, true);
                }
            }
            double copySeconds = seconds(copyStart);
            Benchmark.step(
                    "  %,d readings in %.1f s: %,.0f rows/s", rows.count(), copySeconds, rows.count() / copySeconds);

            long vacuumStart = System.nanoTime();
            try (Statement s = db.createStatement()) {
                s.execute("VACUUM ANALYZE");
            }
            double vacuumSeconds = seconds(vacuumStart);
            Benchmark.step("  VACUUM ANALYZE %.1f s", vacuumSeconds);
            checkpoint(db);
            Sizes after = sizes(db, eventIds);
            Result result = new Result(
                    days,
                    rows.customers(),
                    Benchmark.human(rows.interval()),
                    schema,
                    rows.count(),
                    copySeconds,
                    vacuumSeconds,
                    sampleBytesPerRow,
                    before,
                    after);
            Benchmark.step("  %s; %,.0f B per reading", describe(after), result.bytesPerRow());
            return result;
        }
    }

    /** The readings, and beside them their event_ids when the schema records those in a table of their own. */
    private static List<CopyStream> streams(Connection db, HistoryRows rows, boolean eventIds) throws SQLException {
        ReadingColumns readings = ReadingColumns.of(db);
        String[] customers = rows.customerIds();
        List<CopyStream> streams = new ArrayList<>();
        streams.add(new CopyStream(readings.copy(), (buffer, i) -> readings.append(buffer, rows, customers, i)));
        if (eventIds) {
            streams.add(new CopyStream(
                    COPY_EVENT_IDS,
                    (buffer, i) -> buffer.append(rows.eventId(i))
                            .append(',')
                            .append(rows.eventTime(i))
                            .append('\n')));
        }
        return streams;
    }

    /**
     * The day partitions of the history, created by the schema's maintenance as it creates them every hour. Its
     * retention must reach back to the history's first day, or maintenance would take that day for expired: it
     * is raised to the history's length when shorter (30 days of history start a few minutes beyond 30 days back).
     * A schema without partitions has nothing to create.
     */
    private static void createPartitions(Connection db, HistoryRows rows) throws SQLException {
        if (!exists(
                db,
                "SELECT to_regprocedure('heartbeat_maintenance(timestamptz)') IS NOT NULL"
                        + " AND to_regclass('heartbeat_retention') IS NOT NULL")) {
            return;
        }
        Instant at = Instant.now();
        try (PreparedStatement keep = db.prepareStatement("UPDATE heartbeat_retention"
                + " SET keep = greatest(keep, ?::timestamptz - ?::timestamptz) WHERE table_name = 'heartbeats'")) {
            keep.setString(1, at.toString());
            keep.setString(2, rows.start().toString());
            keep.executeUpdate();
        }
        List<String> actions = Postgres.maintain(db, at);
        Benchmark.step(
                "history-catchup: partition maintenance: %s",
                actions.isEmpty() ? "every day there already" : String.join(", ", actions));
    }

    /** Rows [from, to) of every stream at once, each COPY on a connection of its own; the first failure stops all. */
    private static void copy(String url, Postgres.Admin admin, List<CopyStream> streams, long from, long to)
            throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(streams.size());
        try {
            CompletionService<Void> done = new ExecutorCompletionService<>(threads);
            for (CopyStream stream : streams) {
                done.submit(() -> {
                    stream(url, admin, stream, from, to);
                    return null;
                });
            }
            for (int s = 0; s < streams.size(); s++) {
                done.take().get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            threads.shutdownNow(); // after a failure: the other streams cancel their COPY at their next buffer
        }
    }

    private static void stream(String url, Postgres.Admin admin, CopyStream stream, long from, long to)
            throws Exception {
        try (Connection db = Postgres.connect(url, admin)) {
            CopyIn in = CopyText.start(db, stream.sql());
            StringBuilder buffer = new StringBuilder(CopyText.CHUNK + 1024);
            for (long i = from; i < to; i++) {
                stream.text().append(buffer, i);
                if (buffer.length() >= CopyText.CHUNK && Thread.currentThread().isInterrupted()) {
                    in.cancelCopy();
                    throw new InterruptedException("COPY cancelled: another stream failed");
                }
                CopyText.flushWhenFull(in, buffer);
            }
            CopyText.flush(in, buffer);
            in.endCopy();
        }
    }

    /**
     * Disables or enables the duplicate check's trigger (on heartbeats and, through it, every partition). Disabled,
     * it must be so on every partition, or the readings' COPY would record event_ids the second COPY records again.
     */
    private static void setDuplicateTrigger(Connection db, boolean enabled) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("ALTER TABLE heartbeats " + (enabled ? "ENABLE" : "DISABLE") + " TRIGGER " + DUPLICATE_TRIGGER);
        }
        if (!enabled
                && exists(
                        db,
                        "SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = '" + DUPLICATE_TRIGGER
                                + "' AND tgenabled <> 'D')")) {
            throw new IllegalStateException(DUPLICATE_TRIGGER + " is still enabled on a partition of heartbeats");
        }
    }

    /** Fails before the bulk of the load when its estimated size would not leave the reserve free. */
    private static void requireRoom(double bytesPerRow, long sample, long rows, Long diskFree) {
        double estimate = bytesPerRow * rows;
        if (diskFree == null) {
            Benchmark.step(
                    "  about %s (%,.0f B per reading over the first %,d); the server's disk is not on this machine:"
                            + " not checked",
                    gigabytes(estimate), bytesPerRow, sample);
            return;
        }
        Benchmark.step(
                "  about %s (%,.0f B per reading over the first %,d), %s free on the server's disk",
                gigabytes(estimate), bytesPerRow, sample, gigabytes(diskFree));
        if (estimate > diskFree - DISK_RESERVE_BYTES) {
            throw new IllegalStateException(String.format(
                    Locale.ROOT,
                    "history-catchup: the history would take about %s (%,.0f B per reading over the first %,d of"
                            + " %,d), but the server's disk has %s free and %s must stay free: ask for less"
                            + " (--history-catchup-days, --history-catchup-customers, --history-catchup-interval)",
                    gigabytes(estimate),
                    bytesPerRow,
                    sample,
                    rows,
                    gigabytes(diskFree),
                    gigabytes(DISK_RESERVE_BYTES)));
        }
    }

    /** Flushes the load's dirty pages now, so the catch-up's figures do not pay for writing them. */
    private static void checkpoint(Connection db) {
        try (Statement s = db.createStatement()) {
            s.execute("CHECKPOINT");
        } catch (SQLException e) {
            Benchmark.step("  no CHECKPOINT (%s): the catch-up may write some of the load's pages", e.getMessage());
        }
    }

    static Sizes sizes(Connection db, boolean eventIds) throws SQLException {
        return new Sizes(
                databaseSize(db),
                tableSize(db, "heartbeats"),
                eventIds ? tableSize(db, EVENT_IDS) : null,
                diskFree(db));
    }

    static String describe(Sizes sizes) {
        return String.format(
                Locale.ROOT,
                "database %s, heartbeats %s%s, disk free %s",
                gigabytes(sizes.database()),
                gigabytes(sizes.heartbeats()),
                sizes.eventIds() == null ? "" : ", " + EVENT_IDS + " " + gigabytes(sizes.eventIds()),
                sizes.diskFree() == null ? "unknown" : gigabytes(sizes.diskFree()));
    }

    /** "30 days x 10,000 customers, a reading every 3m". */
    static String span(int days, int customers, String interval) {
        return String.format(
                Locale.ROOT,
                "%d day%s x %,d customers, a reading every %s",
                days,
                days == 1 ? "" : "s",
                customers,
                interval);
    }

    static String gigabytes(double bytes) {
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }

    private static long databaseSize(Connection db) throws SQLException {
        return longValue(db, "SELECT pg_database_size(current_database())");
    }

    /**
     * A table with its indexes and TOAST; a partitioned one (no storage of its own) summed over its partitions. A
     * plain table has no partition tree at all.
     */
    private static long tableSize(Connection db, String table) throws SQLException {
        return longValue(
                db,
                "SELECT pg_total_relation_size('" + table + "') + coalesce((SELECT sum(pg_total_relation_size(relid))"
                        + " FROM pg_partition_tree('" + table + "') WHERE relid <> '" + table + "'::regclass), 0)");
    }

    /** Free space on the disk of the server's data directory, if that is on this machine and the admin may see it. */
    private static Long diskFree(Connection db) {
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SHOW data_directory")) {
            rs.next();
            Path dir = Path.of(rs.getString(1));
            return Files.isDirectory(dir) ? Files.getFileStore(dir).getUsableSpace() : null;
        } catch (SQLException | IOException e) {
            return null;
        }
    }

    private static boolean exists(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static long longValue(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** The heartbeats columns the schema has: an older one may lack late (V2) and kafka_topic (V3). */
    private record ReadingColumns(boolean late, boolean topic) {

        static ReadingColumns of(Connection db) throws SQLException {
            return new ReadingColumns(column(db, "late"), column(db, "kafka_topic"));
        }

        private static boolean column(Connection db, String name) throws SQLException {
            return exists(
                    db,
                    "SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'heartbeats'"
                            + " AND column_name = '" + name + "')");
        }

        String copy() {
            return "COPY heartbeats (event_id, customer_id, event_time, heart_rate, risk_level, kafka_partition,"
                    + " kafka_offset, ingested_at" + (late ? ", late" : "") + (topic ? ", kafka_topic" : "")
                    + ") FROM STDIN WITH (FORMAT csv)";
        }

        /** Row i: partition 0 of the topic {@code history}, its offset the index. */
        void append(StringBuilder buffer, HistoryRows rows, String[] customers, long i) {
            buffer.append(rows.eventId(i))
                    .append(',')
                    .append(customers[rows.customer(i)])
                    .append(',')
                    .append(rows.eventTime(i))
                    .append(',')
                    .append(rows.heartRate(i))
                    .append(',')
                    .append(HistoryRows.RISK_LEVEL)
                    .append(",0,")
                    .append(i)
                    .append(',')
                    .append(rows.ingestedAt(i));
            if (late) {
                buffer.append(",false");
            }
            if (topic) {
                buffer.append(',').append(HistoryRows.TOPIC);
            }
            buffer.append('\n');
        }
    }
}
