package com.heartbeatmonitor.local;

import com.heartbeatmonitor.job.HeartbeatMonitorJob;
import com.heartbeatmonitor.job.config.JobOptions;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The job in a local Flink cluster inside this JVM, with the web UI. */
final class InProcessJob implements RunningJob {

    private final JobClient client;
    private final int webUiPort;

    private InProcessJob(JobClient client, int webUiPort) {
        this.client = client;
        this.webUiPort = webUiPort;
    }

    static InProcessJob start(JobOptions job, int webUiPort, int slots, Path dataDir) throws Exception {
        Configuration config = new Configuration();
        config.set(RestOptions.PORT, webUiPort);
        config.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        config.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
        config.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                dataDir.resolve("checkpoints").toAbsolutePath().toUri().toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(config);
        job.configure(env);
        HeartbeatMonitorJob.fromOptions(job).build(env);
        return new InProcessJob(env.executeAsync(HeartbeatMonitorJob.JOB_NAME), webUiPort);
    }

    @Override
    public String webUi() {
        return "http://localhost:" + webUiPort;
    }

    @Override
    public String state() {
        try {
            return client.getJobStatus().get(5, TimeUnit.SECONDS).toString();
        } catch (Exception e) {
            return "UNKNOWN";
        }
    }

    @Override
    public void close() {
        try {
            client.cancel().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Already finished or failed: nothing left to cancel.
        }
    }
}
