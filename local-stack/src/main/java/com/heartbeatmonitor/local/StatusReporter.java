package com.heartbeatmonitor.local;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/**
 * One status line of the running stack: sent, stored (of which late: behind the watermark, so left out of detection
 * and rollups) and rejected since start, and the job's state.
 */
final class StatusReporter implements AutoCloseable {

    /** One scan of heartbeats for both of its counts. */
    private static final String COUNTS = "SELECT h.stored, h.late, (SELECT count(*) FROM rejected_heartbeat_reasons)"
            + " FROM (SELECT count(*) AS stored, count(*) FILTER (WHERE late) AS late FROM heartbeats) h";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final String url;
    private final String user;
    private final String password;
    private final Supplier<String> sender;
    private final RunningJob job;
    private final long storedAtStart;
    private final long lateAtStart;
    private final long rejectedAtStart;
    private Connection connection;

    /**
     * Reads the counts as {@code user}: the read-only role is enough. {@code sender} tells what was sent,
     * e.g. {@code "  produced=1009"}, or is empty.
     */
    StatusReporter(String url, String user, String password, Supplier<String> sender, RunningJob job)
            throws SQLException {
        this.url = url;
        this.user = user;
        this.password = password;
        this.sender = sender;
        this.job = job;
        long[] counts = counts();
        this.storedAtStart = counts[0];
        this.lateAtStart = counts[1];
        this.rejectedAtStart = counts[2];
    }

    String line() {
        String time = LocalTime.now().format(TIME); // not toString(): that drops ":00" seconds
        String state = job.state();
        try {
            long[] counts = counts();
            return String.format(
                    "%s  job %s%s  stored=%d  late=%d  rejected=%d",
                    time,
                    state,
                    sender.get(),
                    counts[0] - storedAtStart,
                    counts[1] - lateAtStart,
                    counts[2] - rejectedAtStart);
        } catch (SQLException e) {
            closeConnection();
            return time + "  job " + state + sender.get() + "  PostgreSQL: " + e.getMessage();
        }
    }

    private long[] counts() throws SQLException {
        if (connection == null) {
            connection = Postgres.connect(url, user, password);
        }
        try (PreparedStatement statement = connection.prepareStatement(COUNTS);
                ResultSet rs = statement.executeQuery()) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
        }
    }

    private void closeConnection() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // Closing a broken connection: nothing to do.
        } finally {
            connection = null;
        }
    }

    @Override
    public void close() {
        closeConnection();
    }
}
