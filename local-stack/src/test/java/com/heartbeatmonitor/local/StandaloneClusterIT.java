package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.heartbeatmonitor.generator.GeneratedMessage;
import com.heartbeatmonitor.job.config.JdbcSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job jar as users deploy it: a standalone cluster (JobManager and TaskManager JVMs from Flink's
 * jars and flink-conf/), the shaded jar uploaded and started through the REST calls of the web UI's
 * "Submit New Job" page by the job submitter docker compose runs, rows arriving in PostgreSQL, then the job
 * cancelled and the cluster stopped. Headless Chromium then checks the web UI shows the jar and the running job.
 */
class StandaloneClusterIT {

    static final Path JOB_JAR = Path.of("..", "flink-job", "target", "heartbeat-monitor-job.jar");
    static final Path CONFIG_DIR = Path.of("..", "flink-conf");
    /** The job submitter's own jar, as compose runs it; mvn package writes it before the integration tests. */
    static final Path SUBMITTER = Path.of("target", JobSubmitter.JAR_NAME);

    private static final int MESSAGES = 3_000;
    private static final Duration BROWSER_TIMEOUT = Duration.ofMinutes(3);

    @RegisterExtension
    static final TestStackExtension STACK = new TestStackExtension();

    @Test
    void jarSubmittedThroughRestRunsUnchangedAndStoresEveryMessage() throws Exception {
        HeadlessChromium.requireInstalled(); // before minutes of cluster work, not after
        String topic = "heartbeats-cluster";
        STACK.stack().broker.createTopic(topic, 3);
        Map<TestStack.Coordinates, GeneratedMessage> sent = STACK.stack().produce(topic, MESSAGES, 99L, 0.05);
        long valid = sent.values().stream().filter(GeneratedMessage::isValid).count();

        // Under target/, not a temp dir: its logs are what to read when this fails on CI.
        Path workDir = Path.of("target", "standalone-cluster");
        FileUtils.deleteDirectory(workDir.toFile());
        try (FlinkCluster cluster = startCluster(workDir, STACK.stack().database.jdbc())) {
            List<String> args = STACK.stack()
                    .jobArgs(topic, "cluster-it")
                    .checkpointInterval("2s")
                    .parallelism(2)
                    .list();
            String jobId = cluster.submit(SUBMITTER, JOB_JAR, args);
            assertThat(cluster.rest().jarNames()).containsExactly("heartbeat-monitor-job.jar");
            cluster.rest().awaitJobState(jobId, "RUNNING", Duration.ofSeconds(60));
            assertThat(cluster.submit(SUBMITTER, JOB_JAR, args))
                    .as("submitting again while it runs")
                    .isEqualTo(jobId);
            assertThat(cluster.rest().jarNames()).hasSize(1);

            long stored = STACK.stack()
                    .awaitCount(
                            "SELECT (SELECT count(*) FROM heartbeats) + (SELECT count(*) FROM rejected_heartbeats)",
                            MESSAGES,
                            Duration.ofSeconds(120));
            assertThat(stored).as("readings + rejections").isEqualTo(MESSAGES);
            assertThat(STACK.stack().awaitCount("SELECT count(*) FROM heartbeats", valid, Duration.ZERO))
                    .isEqualTo(valid);
            assertThat(cluster.rest().jobState(jobId)).isEqualTo("RUNNING");

            checkWebUi(cluster.webUiUrl());

            cluster.rest().cancel(jobId);
            cluster.rest().awaitJobState(jobId, "CANCELED", Duration.ofSeconds(60));
        }
    }

    /** The uploaded jar on the "Submit New Job" page and the running job on the overview, as a person sees them. */
    private static void checkWebUi(String webUi) throws Exception {
        Path screenshots = Files.createDirectories(Path.of("target", "screenshots"));
        JsonNode seen = HeadlessChromium.run(
                "flink-web-ui.mjs",
                Map.of(
                        "WEB_UI",
                        webUi,
                        "JAR_NAME",
                        "heartbeat-monitor-job.jar",
                        "JOB_NAME",
                        "heartbeat-monitor",
                        "SCREENSHOT_DIR",
                        screenshots.toAbsolutePath().toString()),
                BROWSER_TIMEOUT,
                STACK.dir());
        assertThat(seen.path("submit").asText()).contains("heartbeat-monitor-job.jar");
        assertThat(seen.path("overview").asText()).contains("heartbeat-monitor").contains("RUNNING");
        assertThat(screenshots.resolve("flink-web-ui-submit.png")).isNotEmptyFile();
        assertThat(screenshots.resolve("flink-web-ui-overview.png")).isNotEmptyFile();
    }

    /** A cluster on free ports, its files under {@code workDir}; credentials reach it through its environment. */
    static FlinkCluster startCluster(Path workDir, JdbcSettings jdbc) throws Exception {
        return FlinkCluster.start(
                FlinkCluster.Settings.forJob(CONFIG_DIR, workDir, jdbc, FlinkCluster.onFreePorts(Map.of())));
    }
}
