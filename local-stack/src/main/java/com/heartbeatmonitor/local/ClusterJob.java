package com.heartbeatmonitor.local;

import com.heartbeatmonitor.job.config.JobOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The job on a standalone Flink cluster (a JobManager JVM and one or more TaskManager JVMs), submitted as users do:
 * the shaded jar uploaded and run through the web UI's REST calls ({@code flink-conf/submit-job.sh}). Credentials
 * reach the cluster through its processes' environment, not the program arguments the web UI shows.
 */
final class ClusterJob implements RunningJob {

    private final FlinkCluster cluster;
    private final String jobId;

    private ClusterJob(FlinkCluster cluster, String jobId) {
        this.cluster = cluster;
        this.jobId = jobId;
    }

    /**
     * Flink's metric reporters take only a name list to start from, so naming none that is configured
     * turns the Prometheus reporter of config.yaml off.
     */
    private static final String NO_REPORTERS = "none";

    /**
     * {@code metrics}: start the Prometheus reporters, which listen on every interface (no bind setting);
     * {@code fresh}: start with empty state rather than resume from the newest checkpoint (a replay's own lane).
     */
    static ClusterJob start(
            JobOptions job,
            List<String> programArgs,
            Path jobJar,
            Path configDir,
            Path workDir,
            int webUiPort,
            int taskManagers,
            int slots,
            boolean metrics,
            boolean fresh)
            throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("rest.port", String.valueOf(webUiPort));
        if (!metrics) {
            settings.put(FlinkCluster.REPORTERS, NO_REPORTERS);
        }
        FlinkCluster cluster = FlinkCluster.start(FlinkCluster.Settings.forJob(configDir, workDir, job.jdbc(), settings)
                .withTaskManagers(taskManagers, slots));
        try {
            String jobId = cluster.submit(
                    configDir.resolve("submit-job.sh"),
                    jobJar,
                    programArgs,
                    fresh ? Map.of("RESUME_FROM", "none") : Map.of());
            cluster.rest().awaitJobState(jobId, "RUNNING", Duration.ofSeconds(60));
            return new ClusterJob(cluster, jobId);
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    @Override
    public String webUi() {
        return cluster.webUiUrl();
    }

    @Override
    public String state() {
        try {
            return cluster.rest().jobState(jobId);
        } catch (Exception e) {
            return "UNKNOWN";
        }
    }

    @Override
    public void close() throws Exception {
        try {
            cluster.rest().cancel(jobId);
            cluster.rest().awaitJobState(jobId, "CANCELED", Duration.ofSeconds(30));
        } finally {
            cluster.close();
        }
    }
}
