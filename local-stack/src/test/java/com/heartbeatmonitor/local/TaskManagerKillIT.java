package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.heartbeatmonitor.generator.GeneratedMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A TaskManager JVM of the standalone cluster killed with SIGKILL (kill -9) mid-run while messages keep
 * arriving, and a new one started, as a supervisor (systemd, Kubernetes) would: the job, submitted as users
 * submit it, restores from its last checkpoint and every message still ends as exactly one reading or one
 * rejection, with the alerts table and the alerts topic agreeing. Once with the one TaskManager of the
 * default cluster, once with one of two.
 */
class TaskManagerKillIT {

    private static final double PER_SECOND = 1_000;
    private static final int SLOTS = 2;
    private static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(3);
    /**
     * Bedside rules with a 5 s sustain: the run spans only 12-30 s of event time, so alerts must open (and
     * be re-emitted after the restart) within it for the alerts check to compare anything.
     */
    private static final List<String> ALERTS_WITHIN_SECONDS =
            List.of("--detection-profile", "clinical", "--sustain", "5s");

    @RegisterExtension
    static final TestStackExtension STACK = new TestStackExtension();

    @Test
    void killedTaskManagerIsReplacedAndTheJobLosesAndDoublesNothing() throws Exception {
        killOneTaskManager("faults-taskmanager", 1, 3, 12_000, 7L);
    }

    /**
     * Two TaskManager JVMs of two slots, parallelism 4: every slot is taken, so the job runs on both (checked
     * through the REST API, so the test cannot pass on one by accident). With one killed only two slots are
     * left for four subtasks: the job waits for the replacement's slots, then restores on both again.
     */
    @Test
    void oneOfTwoTaskManagersKilledIsReplacedAndTheJobLosesAndDoublesNothing() throws Exception {
        killOneTaskManager("faults-two-taskmanagers", 2, 4, 30_000, 8L);
    }

    /** {@code seed}: the generator's; each test its own, or the other's event ids would be resends. */
    private static void killOneTaskManager(String topic, int taskManagers, int partitions, int messages, long seed)
            throws Exception {
        int parallelism = taskManagers * SLOTS;
        STACK.stack().broker.createTopic(topic, partitions);
        Path workDir = Path.of("target", topic + "-cluster");
        FileUtils.deleteDirectory(workDir.toFile());
        // A killed process says no goodbye: short heartbeats let the JobManager notice in seconds, not 50 s.
        try (FlinkCluster cluster = FlinkCluster.start(FlinkCluster.Settings.forJob(
                                StandaloneClusterIT.CONFIG_DIR,
                                workDir,
                                STACK.stack().database.jdbc(),
                                FlinkCluster.onFreePorts(
                                        Map.of("heartbeat.interval", "1000", "heartbeat.timeout", "5000")))
                        .withTaskManagers(taskManagers, SLOTS));
                BackgroundProducer producer = new BackgroundProducer(
                        STACK.stack().broker.bootstrapServers(), topic, messages, PER_SECOND, true, seed, 0.05)) {
            FlinkRest rest = cluster.rest();
            String jobId = cluster.submit(
                    StandaloneClusterIT.SUBMITTER,
                    StandaloneClusterIT.JOB_JAR,
                    STACK.stack()
                            .jobArgs(topic, topic)
                            .checkpointInterval("1s")
                            .parallelism(parallelism)
                            .then(ALERTS_WITHIN_SECONDS)
                            .list());
            rest.awaitTasksRunning(jobId, Duration.ofSeconds(60));
            Map<String, Integer> placed = rest.runningSubtasksByTaskManager(jobId);
            assertThat(placed).as("TaskManagers running the job's subtasks").containsOnlyKeys(cluster.taskManagerIds());

            long before = STACK.stack().awaitRows(topic, messages / 3, RECOVERY_TIMEOUT);
            int failuresBefore = rest.failures(jobId);
            long killedAt = System.nanoTime();
            String killed = cluster.killTaskManager();
            cluster.startTaskManager(); // as a supervisor would: the job needs all its slots back
            rest.awaitFailure(jobId, failuresBefore, RECOVERY_TIMEOUT);
            rest.awaitTasksRunning(jobId, RECOVERY_TIMEOUT);
            Duration toRunning = since(killedAt);
            Map<String, Integer> replaced = rest.runningSubtasksByTaskManager(jobId);
            int backlog = producer.acknowledged();
            STACK.stack().awaitRows(topic, backlog, RECOVERY_TIMEOUT);
            Duration toCaughtUp = since(killedAt);

            Map<TestStack.Coordinates, GeneratedMessage> sent = producer.awaitAllSent();
            int failures = STACK.stack().awaitEveryMessage(topic, topic, sent, RECOVERY_TIMEOUT, rest, jobId);
            int alerts = STACK.stack().assertAlertsMatchTopic();
            rest.cancel(jobId);

            TestStack.Accounting accounting = STACK.stack().account(topic, sent);
            System.out.printf(
                    "%s: %d TaskManager(s) x %d slots, parallelism %d, subtasks running %s; %s killed at %d rows,"
                            + " then %s; kill -> all tasks RUNNING %.1f s, -> caught up with the %d messages sent"
                            + " by then %.1f s; %s; alerts table = topic (%d alerts); failures recovered from %d%n",
                    topic,
                    taskManagers,
                    SLOTS,
                    parallelism,
                    placed,
                    killed,
                    before,
                    replaced,
                    toRunning.toMillis() / 1e3,
                    backlog,
                    toCaughtUp.toMillis() / 1e3,
                    accounting,
                    alerts,
                    failures);
            accounting.assertExactlyOnce(topic);
            assertThat(alerts).as("alerts raised around the kill").isPositive();
            assertThat(failures).isGreaterThanOrEqualTo(1);
            assertThat(replaced).as("subtasks after the recovery").doesNotContainKey(killed);
        }
    }

    private static Duration since(long nanoTime) {
        return Duration.ofNanos(System.nanoTime() - nanoTime);
    }
}
