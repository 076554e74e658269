package com.heartbeatmonitor.benchmark;

import com.heartbeatmonitor.local.FlinkCluster;
import com.heartbeatmonitor.local.FlinkRest;
import com.heartbeatmonitor.local.JobArgs;
import com.heartbeatmonitor.local.JobSubmitter;
import com.heartbeatmonitor.local.Postgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

/** The job on a cluster, as the scenarios run it: submitted afresh or from a savepoint, timed, cancelled. */
final class ClusterJobs {

    static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(20);
    static final Duration RUNNING_TIMEOUT = Duration.ofSeconds(60);

    private final FlinkCluster cluster;
    private final Admin kafka;
    private final String bootstrap;
    private final Benchmark common;
    private final Postgres.Admin admin;

    ClusterJobs(FlinkCluster cluster, Admin kafka, String bootstrap, Benchmark common, Postgres.Admin admin) {
        this.cluster = cluster;
        this.kafka = kafka;
        this.bootstrap = bootstrap;
        this.common = common;
        this.admin = admin;
    }

    FlinkCluster cluster() {
        return cluster;
    }

    FlinkRest rest() {
        return cluster.rest();
    }

    /**
     * What a catch-up measured: speed, the CPU of the whole catch-up and of its middle ({@link CatchUpMiddle}), where
     * the TaskManager's went; the job still runs.
     */
    record MeasuredCatchUp(
            String job, CatchUp.Result catchUp, CpuSeconds cpu, CatchUpMiddle middle, Map<String, Double> profile) {}

    /** Submits the lane's job on its pre-loaded topic and times it through; every event must be one row. */
    MeasuredCatchUp catchUp(Lane lane, Connection db, GeneratorLoad.Result generator) throws Exception {
        return catchUp(lane, db, generator, List.of());
    }

    MeasuredCatchUp catchUp(Lane lane, Connection db, GeneratorLoad.Result generator, List<String> scenarioFlags)
            throws Exception {
        List<Long> taskManager = cluster.taskManagerPids();
        PostgresProcesses postgres = PostgresProcesses.behind(db);
        Map<TopicPartition, Long> end = CatchUp.endOffsets(kafka, lane.topic());
        long rowsBefore = CatchUpMiddle.rowsInserted(db);
        CpuProfile.start(taskManager);
        CpuSeconds cpuBefore = CpuSeconds.now(taskManager, postgres);
        Instant submitted = Instant.now();
        String job = submit(common.jobJar, jobArgs(lane, scenarioFlags), null);
        CatchUpMiddle middle = CatchUpMiddle.await(
                db,
                rowsBefore,
                generator.sent(),
                () -> CpuSeconds.now(taskManager, postgres),
                () -> cluster.rest().failures(job) > 0,
                CATCH_UP_TIMEOUT);
        // One timeout for the whole catch-up, its middle included.
        Duration left = CATCH_UP_TIMEOUT.minus(Duration.between(submitted, Instant.now()));
        CatchUp.awaitCommitted(kafka, end, lane.group(), left, cluster.rest(), job);
        // Before the rows are counted: the count scans the tables (all of a history's), no part of the catch-up.
        CpuSeconds cpu = CpuSeconds.now(taskManager, postgres).since(cpuBefore);
        Map<String, Double> profile =
                CpuProfile.byPart(CpuProfile.stop(taskManager, common.workDir.resolve(lane.name() + "-catch-up.jfr")));
        CatchUp.Result catchUp = CatchUp.rows(db, end, submitted);
        requireAccounted(catchUp, generator);
        Benchmark.step(
                "  %,.0f events/s (%,d stored, %,d rejected in %.1f s); CPU s %s",
                catchUp.perSecond(), catchUp.stored(), catchUp.rejected(), catchUp.seconds(), cpu.asMap());
        if (middle.measured()) {
            Benchmark.step(
                    "  its middle (%.0f%% to %.0f%% of the rows, %,d rows at %,.0f rows/s, %.2f cores busy):"
                            + " TaskManager %.1f us/event, PostgreSQL %.1f us/row; CPU s %s",
                    CatchUpMiddle.FROM * 100,
                    CatchUpMiddle.TO * 100,
                    middle.rows(),
                    middle.rowsPerSecond(),
                    middle.coresBusy(),
                    middle.taskManagerMicrosPerEvent(),
                    middle.postgresMicrosPerRow(),
                    middle.cpu().asMap());
        } else {
            Benchmark.step("  its middle: too short to measure");
        }
        return new MeasuredCatchUp(job, catchUp, cpu, middle, profile);
    }

    /**
     * Submits a jar with the job submitter; every scenario's job starts afresh (the submitter would resume from
     * the newest checkpoint in the cluster's directory), or from its own savepoint. Returns the job id.
     */
    String submit(Path jar, List<String> args, String savepoint) throws Exception {
        return cluster.submit(
                JobSubmitter.JAR, jar, args, Map.of("RESUME_FROM", savepoint == null ? "none" : savepoint));
    }

    /** The job's flags for a lane: its topics, group and database, the scenario's flags, then --job-arg's. */
    List<String> jobArgs(Lane lane, List<String> scenarioFlags) {
        return JobArgs.lane(bootstrap, lane.topic(), lane.group(), lane.alertsTopic(), common.url(lane.name()))
                .then("--settings-topic", lane.settingsTopic())
                .parallelism(common.partitions)
                .then(scenarioFlags)
                .then(common.jobArgs) // last, so they win
                .list();
    }

    /** The same for the steady streams' jobs (outage, latency): with --alert-detection-profile, so alerts come. */
    List<String> alertJobArgs(Lane lane) {
        return jobArgs(lane, List.of("--detection-profile", common.alertDetectionProfile));
    }

    void cancel(String job) throws Exception {
        cluster.rest().cancel(job);
        cluster.rest().awaitJobState(job, "CANCELED", RUNNING_TIMEOUT);
    }

    /** Every pre-loaded message must be exactly one row, or the figure means nothing. */
    private static void requireAccounted(CatchUp.Result pipeline, GeneratorLoad.Result generator) {
        if (pipeline.stored() != generator.sent() - generator.invalid() || pipeline.rejected() != generator.invalid()) {
            throw new IllegalStateException(String.format(
                    "accounting failed: sent %d (%d invalid), stored %d, rejected %d",
                    generator.sent(), generator.invalid(), pipeline.stored(), pipeline.rejected()));
        }
    }
}
