package com.heartbeatmonitor.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * How the soak strikes each kind of fault ({@link SoakFault}) on its running parts, one at a time; returns what it
 * did, for the log. Waiting for the recovery, and judging it, stays with {@link Soak}.
 */
final class SoakFaults {

    /** The soak's running parts, as the faults reach them. */
    interface Parts {
        FlinkCluster cluster();

        KafkaBroker broker();

        WebhookReceiver receiver();

        NotifierProcess notifier();

        /** Its own PostgreSQL, stopped or started (local-stack/embedded-postgres.sh). */
        void postgres(String command) throws IOException, InterruptedException;

        /** Where its PostgreSQL and the cluster's checkpoints live. */
        Path dataDir();

        String awaitRunningJob(Duration timeout) throws Exception;

        /** Submits the job again, as the submitter run once does: it resumes from the newest savepoint. */
        String resubmit() throws Exception;

        /** Deliveries the notifier's ledger holds pending. */
        long pendingDeliveries() throws SQLException;
    }

    /** How long each fault lasts (the soak's options). */
    record Timings(
            Duration brokerDown,
            Duration databaseStopMin,
            Duration databaseStopMax,
            Duration databaseFreeze,
            Duration readOnlyFor,
            Duration recoveryTimeout) {}

    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration PENDING_DELIVERY_WAIT = Duration.ofMinutes(3);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    private final Parts parts;
    private final Timings timings;
    private final Random random;

    SoakFaults(Parts parts, Timings timings, Random random) {
        this.parts = parts;
        this.timings = timings;
        this.random = random;
    }

    String inject(SoakFault kind) throws Exception {
        FlinkCluster cluster = parts.cluster();
        switch (kind) {
            case TASK_MANAGER_KILL -> {
                String killed = cluster.killTaskManager();
                return "killed " + killed + ", started " + cluster.startTaskManager();
            }
            case JOB_MANAGER_KILL -> {
                cluster.restartJobManager();
                return "JobManager killed and started again";
            }
            case CLUSTER_KILL -> {
                cluster.killAll();
                cluster.startAgain();
                return "JobManager and TaskManagers killed and started again";
            }
            case BROKER_RESTART -> {
                parts.broker().restart(timings.brokerDown());
                return "broker down " + timings.brokerDown().toSeconds() + " s";
            }
            case DATABASE_STOP -> {
                return stopDatabase();
            }
            case DATABASE_FREEZE -> {
                return freezeDatabase();
            }
            case NOTIFIER_KILL -> {
                return killNotifierWhileDelivering();
            }
            case SAVEPOINT_RESUME -> {
                String jobId = parts.awaitRunningJob(timings.recoveryTimeout());
                String savepoint = cluster.rest().stopWithSavepoint(jobId, timings.recoveryTimeout());
                return "stopped " + jobId + " with " + savepoint + ", resumed as " + parts.resubmit();
            }
            case CHECKPOINTS_READ_ONLY -> {
                return checkpointsReadOnly();
            }
            default -> throw new IllegalStateException("unknown fault " + kind);
        }
    }

    /** Makes the checkpoint directory and its job folders writable again (a soak stopped mid-fault leaves them). */
    static void unlockCheckpoints(Path checkpoints) throws IOException, InterruptedException {
        if (!Files.isDirectory(checkpoints)) {
            return;
        }
        boolean root = isRoot();
        try (var dirs = Files.walk(checkpoints, 1)) {
            for (Path dir : dirs.toList()) {
                lock(dir, root, false);
            }
        }
    }

    private String stopDatabase() throws Exception {
        Duration min = timings.databaseStopMin();
        Duration down = min.plusMillis((long)
                (random.nextDouble() * timings.databaseStopMax().minus(min).toMillis()));
        parts.postgres("stop");
        Thread.sleep(down.toMillis());
        parts.postgres("start");
        return "PostgreSQL stopped " + down.toSeconds() + " s";
    }

    /** SIGSTOP to the server and every process of it (its backends included), then SIGCONT. */
    private String freezeDatabase() throws Exception {
        Path pidFile = parts.dataDir().resolve("postgres").resolve("data").resolve("postmaster.pid");
        long postmaster = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        List<Long> pids = new ArrayList<>();
        pids.add(postmaster);
        ProcessHandle.of(postmaster).ifPresent(p -> p.descendants().forEach(child -> pids.add(child.pid())));
        signal("STOP", pids);
        try {
            Thread.sleep(timings.databaseFreeze().toMillis());
        } finally {
            signal("CONT", pids);
        }
        return "PostgreSQL frozen " + timings.databaseFreeze().toSeconds() + " s (" + pids.size() + " processes)";
    }

    private static void signal(String signal, List<Long> pids) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(pid -> cmd.add(String.valueOf(pid)));
        ExternalCommand.run("kill -" + signal, cmd, Map.of(), COMMAND_TIMEOUT);
    }

    /**
     * The contact point refuses (500) until a delivery is pending in the ledger, so the notifier is retrying when it
     * is killed; then the contact point comes back and the notifier is started again.
     */
    private String killNotifierWhileDelivering() throws Exception {
        WebhookReceiver receiver = parts.receiver();
        receiver.failing(true);
        long pending = 0;
        try {
            long deadline = System.nanoTime() + PENDING_DELIVERY_WAIT.toNanos();
            while ((pending = parts.pendingDeliveries()) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(POLL.toMillis());
            }
            parts.notifier().kill();
        } finally {
            receiver.failing(false);
        }
        parts.notifier().start();
        return pending > 0
                ? "killed with " + pending + " deliveries pending, started again"
                : "no delivery became pending within " + PENDING_DELIVERY_WAIT.toMinutes()
                        + " min: killed idle, started again";
    }

    /**
     * Root ignores permissions, so as root the directories are made immutable ({@code chattr +i}, ext4 and most
     * Linux file systems): nothing can be created or removed in them; as another user {@code chmod a-w} does it.
     */
    private String checkpointsReadOnly() throws Exception {
        Path checkpoints =
                parts.dataDir().resolve("flink").resolve("checkpoints").toAbsolutePath();
        List<Path> dirs = new ArrayList<>(List.of(checkpoints));
        String jobId = parts.awaitRunningJob(timings.recoveryTimeout());
        if (Files.isDirectory(checkpoints.resolve(jobId))) {
            dirs.add(checkpoints.resolve(jobId));
        }
        boolean root = isRoot();
        for (Path dir : dirs) {
            lock(dir, root, true);
        }
        try {
            Thread.sleep(timings.readOnlyFor().toMillis());
        } finally {
            for (Path dir : dirs) {
                lock(dir, root, false);
            }
        }
        return dirs.size() + " checkpoint directories read-only (" + (root ? "chattr +i" : "chmod a-w") + ") for "
                + timings.readOnlyFor().toSeconds() + " s";
    }

    private static void lock(Path dir, boolean root, boolean locked) throws IOException, InterruptedException {
        List<String> cmd = root
                ? List.of("chattr", locked ? "+i" : "-i", dir.toString())
                : List.of("chmod", locked ? "a-w" : "u+w", dir.toString());
        ExternalCommand.run(String.join(" ", cmd), cmd, Map.of(), COMMAND_TIMEOUT);
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
