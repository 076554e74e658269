package com.heartbeatmonitor.benchmark;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * The CPU of the middle of a catch-up: from the moment half of its messages are rows to the moment {@value #TO}
 * of them are. By then the JIT has compiled the freshly submitted job and every customer's state is built, two
 * costs a job pays once per submission, which the whole catch-up's figure spreads over its events (a catch-up of 2 M
 * events pays them on 2 M, one of hours on billions). What a message costs here is what it costs in a catch-up of
 * any length. A catch-up too short to show two different counts between its middle's ends (a smoke run) measures
 * nothing: {@link #measured()} is false.
 *
 * <p>Progress is PostgreSQL's own count of the rows inserted into the partitions of {@code heartbeats} and {@code
 * rejected_heartbeats} ({@code pg_stat_user_tables}): every message is one such row, and the writers flush their
 * counts about every second while they work, so both ends of the stretch lag alike.
 */
record CatchUpMiddle(long rows, double seconds, CpuSeconds cpu) {

    static final double FROM = 0.5;
    static final double TO = 0.9;

    private static final Duration POLL = Duration.ofMillis(500);
    private static final String ROWS_INSERTED = """
            SELECT coalesce(sum(s.n_tup_ins), 0) FROM pg_stat_user_tables s
            JOIN pg_inherits i ON i.inhrelid = s.relid
            WHERE i.inhparent IN ('heartbeats'::regclass, 'rejected_heartbeats'::regclass)""";

    /** False when the catch-up passed from half of its rows to {@value #TO} of them between two looks. */
    boolean measured() {
        return rows > 0;
    }

    /** The TaskManagers' CPU per message of the stretch, in microseconds. */
    double taskManagerMicrosPerEvent() {
        return cpu.taskManagerMicrosPer(rows);
    }

    double rowsPerSecond() {
        return rows / seconds;
    }

    /**
     * How many cores the parts kept busy on average: the TaskManagers, PostgreSQL, the broker and the benchmark. Below
     * the machine's cores, the catch-up waited on something other than CPU.
     */
    double coresBusy() {
        return (cpu.taskManager() + cpu.postgres() + cpu.brokerAndBenchmark()) / seconds;
    }

    /** PostgreSQL's CPU per row of the stretch (a reading or a rejection), in microseconds. */
    double postgresMicrosPerRow() {
        return cpu.postgresMicrosPer(rows);
    }

    /** Rows inserted into the readings' and rejections' partitions since the server's statistics were reset. */
    static long rowsInserted(Connection db) throws SQLException {
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery(ROWS_INSERTED)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Waits through the middle of a catch-up of {@code messages} whose rows count from {@code rowsBefore}, reading
     * {@code cpu} at both ends; {@code failed} is asked at every look and fails the wait when the job did.
     */
    static CatchUpMiddle await(
            Connection db,
            long rowsBefore,
            long messages,
            Callable<CpuSeconds> cpu,
            Callable<Boolean> failed,
            Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long fromRows = awaitRows(db, rowsBefore, (long) Math.ceil(messages * FROM), failed, deadline);
        CpuSeconds fromCpu = cpu.call();
        long from = System.nanoTime();
        long toRows = awaitRows(db, rowsBefore, (long) Math.ceil(messages * TO), failed, deadline);
        CpuSeconds toCpu = cpu.call();
        double seconds = (System.nanoTime() - from) / 1e9;
        return new CatchUpMiddle(toRows - fromRows, seconds, toCpu.since(fromCpu));
    }

    /** The rows since {@code rowsBefore} once they are at least {@code target}. */
    private static long awaitRows(Connection db, long rowsBefore, long target, Callable<Boolean> failed, long deadline)
            throws Exception {
        while (true) {
            long rows = rowsInserted(db) - rowsBefore;
            if (rows >= target) {
                return rows;
            }
            if (failed.call()) {
                throw new IllegalStateException("the job failed during its catch-up, at " + rows + " rows");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(rows + " rows of the catch-up, " + target + " awaited: timed out");
            }
            Thread.sleep(POLL.toMillis());
        }
    }
}
