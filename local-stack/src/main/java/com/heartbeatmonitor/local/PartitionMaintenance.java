package com.heartbeatmonitor.local;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The no-Docker run's scheduler of {@code heartbeat_maintenance()} (sql/V4__partitions.sql): as the
 * database's administrator, who owns the partitions, every {@code interval} on a daemon thread. Compose
 * runs the same function from its partition-maintenance service. A failed run is reported and retried at
 * the next one; inserts never depend on it (each table has a default partition).
 */
final class PartitionMaintenance implements AutoCloseable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final String url;
    private final Postgres.Admin admin;
    private final PrintStream out;
    private final ScheduledExecutorService timer;

    private PartitionMaintenance(String url, Postgres.Admin admin, PrintStream out) {
        this.url = url;
        this.admin = admin;
        this.out = out;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "partition-maintenance");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs the maintenance every {@code interval}, the first time one interval from now (the migrate step ran it). */
    static PartitionMaintenance every(Duration interval, String url, Postgres.Admin admin, PrintStream out) {
        PartitionMaintenance maintenance = new PartitionMaintenance(url, admin, out);
        long millis = interval.toMillis();
        maintenance.timer.scheduleAtFixedRate(maintenance::runOnce, millis, millis, TimeUnit.MILLISECONDS);
        return maintenance;
    }

    private void runOnce() {
        String time = LocalTime.now().format(TIME);
        try (Connection connection = Postgres.connect(url, admin)) {
            List<String> actions = Postgres.maintain(connection);
            out.println(time + "  partition maintenance: "
                    + (actions.isEmpty() ? "nothing to do" : String.join(", ", actions)));
        } catch (SQLException | RuntimeException e) {
            out.println(time + "  partition maintenance failed, retried in the next run: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
