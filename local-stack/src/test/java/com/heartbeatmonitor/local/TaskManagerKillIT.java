package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.heartbeatmonitor.generator.GeneratedMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The standalone cluster's TaskManager JVM killed with SIGKILL (kill -9) mid-run, and a new one
 * started: the job, submitted as users submit it, restores from its last checkpoint on the new
 * TaskManager and every message still ends as exactly one reading or one rejection.
 */
class TaskManagerKillIT {

    private static final int MESSAGES = 12_000;
    private static final double PER_SECOND = 1_000;
    private static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(3);

    @RegisterExtension
    static final TestStackExtension STACK = new TestStackExtension();

    @Test
    void killedTaskManagerIsReplacedAndTheJobLosesAndDoublesNothing() throws Exception {
        String topic = "faults-taskmanager";
        STACK.stack().broker.createTopic(topic, 3);
        Path workDir = Path.of("target", "taskmanager-kill-cluster");
        FileUtils.deleteDirectory(workDir.toFile());
        // A killed process says no goodbye: short heartbeats let the JobManager notice in seconds, not 50 s.
        try (FlinkCluster cluster = FlinkCluster.start(FlinkCluster.Settings.forJob(
                        StandaloneClusterIT.CONFIG_DIR,
                        workDir,
                        STACK.stack().database.jdbc(),
                        FlinkCluster.onFreePorts(Map.of("heartbeat.interval", "1000", "heartbeat.timeout", "5000"))));
                BackgroundProducer producer = new BackgroundProducer(
                        STACK.stack().broker.bootstrapServers(), topic, MESSAGES, PER_SECOND, true, 7L, 0.05)) {
            String jobId = cluster.submit(
                    StandaloneClusterIT.SUBMIT_SCRIPT,
                    StandaloneClusterIT.JOB_JAR,
                    STACK.stack()
                            .jobArgs(topic, "taskmanager-kill")
                            .checkpointInterval("1s")
                            .parallelism(2)
                            .list());
            cluster.rest().awaitJobState(jobId, "RUNNING", Duration.ofSeconds(60));

            long before = STACK.stack().awaitRows(topic, MESSAGES / 3, RECOVERY_TIMEOUT);
            cluster.killTaskManager();
            long afterKill = STACK.stack().awaitRows(topic, 0, Duration.ZERO);
            cluster.startTaskManager();

            Map<TestStack.Coordinates, GeneratedMessage> sent = producer.awaitAllSent();
            int failures = STACK.stack().awaitEveryMessage(topic, sent, RECOVERY_TIMEOUT, cluster.rest(), jobId);
            cluster.rest().cancel(jobId);

            TestStack.Accounting accounting = STACK.stack().account(topic, sent);
            System.out.printf(
                    "%s: %d rows when the TaskManager was killed, %d right after; %s; "
                            + "failures recovered from %d%n",
                    topic, before, afterKill, accounting, failures);
            accounting.assertExactlyOnce(topic);
            assertThat(failures).isGreaterThanOrEqualTo(1);
        }
    }
}
