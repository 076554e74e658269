package com.heartbeatmonitor.benchmark;

import static com.heartbeatmonitor.benchmark.BenchmarkReport.rate;
import static com.heartbeatmonitor.benchmark.BenchmarkReport.ratio;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.heartbeatmonitor.generator.GeneratorSettings;
import com.heartbeatmonitor.generator.SimulationProfile;
import com.heartbeatmonitor.local.TaskManagerMemory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code wide}: many customers with short histories, pre-loaded; the job's catch-up against the machine's
 * ceilings (COPY into PostgreSQL, a plain Kafka consumer) and a Flink SQL peer, its memory, then latency
 * on the same job at a steady rate.
 */
final class WideScenario extends SharedClusterScenario {

    static final Lane LANE = new Lane("pipeline");
    private static final String PEER_GROUP = "bench-sql-peer";

    // Targets of the issue "A write path that scales", measured in one run.
    static final double PIPELINE_OVER_COPY = 0.8;
    static final double TASK_MANAGER_MICROS_PER_EVENT = 12;
    static final double POSTGRES_MICROS_PER_READING = 16;
    // Earlier targets of the wide scenario.
    static final double PIPELINE_OVER_PEER = 1.5;
    static final double WIDE_LATENCY_P99_MILLIS = 1_000;
    static final double GENERATOR_OVER_PIPELINE = 4;

    WideScenario() {
        super("wide", LANE);
    }

    @Option(names = "--events", defaultValue = "2000000", description = "wide: events pre-loaded into Kafka.")
    long events;

    @Option(names = "--customers", defaultValue = "100000", description = "wide: distinct customers.")
    int customers;

    @Option(names = "--peer-jar", defaultValue = "flink-sql-peer/target/heartbeat-sql-peer.jar")
    Path peerJar;

    /** What is measured before the cluster starts: the generator and both ceilings. */
    private GeneratorLoad.Result generator;

    private TopicReader.Result consumer;
    private CopyCeiling.Result copy;

    /** The pre-load of --events over --customers that wide catches up with, and history-catchup too. */
    WideLoad load() {
        return new WideLoad(events, customers);
    }

    @Override
    public List<String> databases() {
        return List.of("copy", LANE.name(), "peer");
    }

    @Override
    public void prepare(Stage stage) throws Exception {
        grantUpsertToPeer(stage, stage.writer().jdbc().user());
        WideLoad load = load();
        generator = load.send(stage, name(), LANE, load.start());

        Benchmark.step("wide: plain Kafka consumer over the topic");
        consumer = TopicReader.readAll(stage.bootstrap(), LANE.topic(), record -> {});
        Benchmark.step("  %,.0f msgs/s", consumer.perSecond());

        Benchmark.step("wide: COPY of the same rows into an empty heartbeats table");
        copy = copyCeiling(stage);
        Benchmark.step("  %,.0f rows/s (%,d rows)", copy.perSecond(), copy.rows());
    }

    /** The job's catch-up over the pre-load, its memory, then latency on the same job; then the peer. */
    @Override
    public Section run(Stage stage) throws Exception {
        Benchmark common = stage.common();
        ClusterJobs jobs = stage.jobs();
        List<Long> taskManager = jobs.cluster().taskManagerPids();
        long idleHeap = TaskManagerMemory.liveHeapBytes(taskManager);
        Benchmark.step("wide: the job catches up with the topic");
        try (Connection db = stage.connect(LANE.name())) {
            ClusterJobs.MeasuredCatchUp measured = jobs.catchUp(LANE, db, generator);

            long liveHeap = TaskManagerMemory.liveHeapBytes(taskManager);
            long checkpoint = jobs.rest().latestCheckpointSize(measured.job());
            Benchmark.step(
                    "  TaskManager live heap %,d MB (idle %,d MB), checkpoint %,d KB",
                    liveHeap >> 20, idleHeap >> 20, checkpoint >> 10);

            Benchmark.step(
                    "wide: latency at %,.0f events/s for %s (after %s warm-up)",
                    common.latencyRate, Benchmark.human(common.latencyDuration), Benchmark.human(common.latencyWarmUp));
            LatencyRun.Result latency = LatencyRun.run(
                    stage.bootstrap(),
                    LANE.topic(),
                    new GeneratorSettings(
                            customers,
                            common.latencyRate,
                            Instant.now(),
                            43,
                            common.invalidShare,
                            SimulationProfile.DEFAULT),
                    common.latencyWarmUp,
                    common.latencyDuration,
                    db);
            Benchmark.step("  event -> row %s", latency.eventToRow().format());
            jobs.cancel(measured.job());

            Benchmark.step("wide: Flink SQL peer: the same topic into its own database");
            CatchUp.Result peer = runPeer(stage);
            Benchmark.step(
                    "  %,.0f events/s (%,d messages, %,d stored in %.1f s)",
                    peer.perSecond(), peer.messages(), peer.stored(), peer.seconds());
            return new Result(
                    events,
                    customers,
                    generator,
                    consumer,
                    copy,
                    measured.catchUp(),
                    peer,
                    latency,
                    idleHeap,
                    liveHeap,
                    checkpoint,
                    measured.cpu(),
                    measured.middle(),
                    measured.profile());
        }
    }

    /** The topic parsed into the job's rows, then one COPY of them into the copy database. */
    private static CopyCeiling.Result copyCeiling(Stage stage) throws Exception {
        Path csv = stage.common().workDir.resolve("rows.csv");
        CopyCeiling.writeRows(stage.bootstrap(), LANE.topic(), csv);
        try (Connection db = stage.connect("copy")) {
            return CopyCeiling.copy(db, csv);
        } finally {
            Files.delete(csv);
        }
    }

    private CatchUp.Result runPeer(Stage stage) throws Exception {
        Benchmark common = stage.common();
        // stringtype=unspecified: the SQL table's STRING event_id goes into the uuid column.
        String peerUrl = common.url("peer") + "?reWriteBatchedInserts=true&stringtype=unspecified";
        Instant submitted = Instant.now();
        String job = stage.jobs()
                .submit(
                        peerJar,
                        List.of(
                                "--bootstrap-servers",
                                stage.bootstrap(),
                                "--topic",
                                LANE.topic(),
                                "--group-id",
                                PEER_GROUP,
                                "--jdbc-url",
                                peerUrl,
                                "--parallelism",
                                String.valueOf(common.partitions)),
                        null);
        try (Connection db = stage.connect("peer")) {
            CatchUp.Result peer = CatchUp.await(
                    stage.kafka(),
                    LANE.topic(),
                    PEER_GROUP,
                    db,
                    submitted,
                    ClusterJobs.CATCH_UP_TIMEOUT,
                    stage.jobs().rest(),
                    job);
            stage.jobs().cancel(job);
            return peer; // its messages: the pre-load and the latency run's
        }
    }

    /**
     * The peer's JDBC table has a primary key, so the connector upserts: that needs UPDATE, which the job never does.
     */
    private static void grantUpsertToPeer(Stage stage, String writer) throws Exception {
        try (Connection db = stage.connect("peer");
                Statement s = db.createStatement()) {
            s.execute("GRANT UPDATE ON heartbeats TO \"" + writer.replace("\"", "\"\"") + "\"");
        }
    }

    /** Many customers with short histories: the job against COPY, Kafka and the SQL peer; memory; latency. */
    record Result(
            long events,
            int customers,
            GeneratorLoad.Result generator,
            TopicReader.Result kafkaConsumer,
            CopyCeiling.Result copy,
            CatchUp.Result pipeline,
            CatchUp.Result sqlPeer,
            LatencyRun.Result latency,
            long idleHeapBytes,
            long liveHeapBytes,
            long checkpointBytes,
            CpuSeconds pipelineCpu,
            CatchUpMiddle pipelineMiddle,
            Map<String, Double> pipelineProfile)
            implements Section {

        @Override
        public String key() {
            return "wide";
        }

        @JsonProperty
        double pipelinePerSecond() {
            return pipeline.perSecond();
        }

        @JsonProperty
        double pipelineOverCopy() {
            return pipelinePerSecond() / copy.perSecond();
        }

        @JsonProperty
        double pipelineOverPeer() {
            return pipelinePerSecond() / sqlPeer.perSecond();
        }

        @JsonProperty
        double generatorOverPipeline() {
            return generator.perSecond() / pipelinePerSecond();
        }

        @JsonProperty
        double taskManagerMicrosPerEvent() {
            return pipelineCpu.taskManagerMicrosPer(pipeline.messages());
        }

        @JsonProperty
        double postgresMicrosPerReading() {
            return pipelineCpu.postgresMicrosPer(pipeline.stored());
        }

        @Override
        public List<BenchmarkReport.Row> rows(BenchmarkReport report) {
            List<BenchmarkReport.Row> rows = new ArrayList<>();
            rows.add(new BenchmarkReport.Row(
                    String.format(
                            Locale.ROOT,
                            "Pipeline catch-up, wide: %,d events (%,d invalid) over %,d customers"
                                    + " (generator -> Kafka -> job -> PostgreSQL, all accounted)",
                            events,
                            generator.invalid(),
                            customers),
                    rate(pipelinePerSecond(), "events/s"),
                    "1",
                    "",
                    null));
            rows.add(new BenchmarkReport.Row(
                    "PostgreSQL COPY into an empty heartbeats (same indexes): ceiling",
                    rate(copy.perSecond(), "rows/s"),
                    ratio(pipelineOverCopy()),
                    ">= " + PIPELINE_OVER_COPY,
                    pipelineOverCopy() >= PIPELINE_OVER_COPY));
            rows.add(new BenchmarkReport.Row(
                    "Plain Kafka consumer, same topic: ceiling",
                    rate(kafkaConsumer.perSecond(), "msgs/s"),
                    ratio(pipelinePerSecond() / kafkaConsumer.perSecond()),
                    "",
                    null));
            rows.add(new BenchmarkReport.Row(
                    String.format(
                            Locale.ROOT,
                            "Flink SQL peer (Kafka JSON table -> filter -> JDBC upsert table),"
                                    + " same cluster, %,d messages",
                            sqlPeer.messages()),
                    rate(sqlPeer.perSecond(), "events/s"),
                    ratio(pipelineOverPeer()),
                    ">= " + PIPELINE_OVER_PEER,
                    pipelineOverPeer() >= PIPELINE_OVER_PEER));
            rows.add(new BenchmarkReport.Row(
                    "Generator into Kafka (acks=all, lz4)",
                    rate(generator.perSecond(), "events/s"),
                    ratio(generatorOverPipeline()) + " x pipeline",
                    ">= " + (int) GENERATOR_OVER_PIPELINE,
                    generatorOverPipeline() >= GENERATOR_OVER_PIPELINE));
            Percentiles eventToRow = latency.eventToRow();
            rows.add(new BenchmarkReport.Row(
                    String.format(
                            Locale.ROOT,
                            "Latency at %,.0f events/s, %,d messages: p50 / p95 / p99 / max",
                            latency.rate(),
                            eventToRow.count()),
                    eventToRow.format(),
                    "",
                    String.format(Locale.ROOT, "p99 <= %,.0f ms", WIDE_LATENCY_P99_MILLIS),
                    eventToRow.p99AtMost(WIDE_LATENCY_P99_MILLIS)));
            rows.add(new BenchmarkReport.Row(
                    String.format(
                            Locale.ROOT,
                            "TaskManager live heap after full GC, %,d customers (idle before the job)",
                            customers),
                    String.format(Locale.ROOT, "%,.0f MB (%,.0f MB)", liveHeapBytes / 1e6, idleHeapBytes / 1e6),
                    "",
                    "",
                    null));
            rows.add(new BenchmarkReport.Row(
                    "Checkpointed state, same moment",
                    String.format(
                            Locale.ROOT,
                            "%,.1f MB (%,.0f B per customer)",
                            checkpointBytes / 1e6,
                            (double) checkpointBytes / customers),
                    "",
                    "",
                    null));
            rows.add(new BenchmarkReport.Row(
                    "TaskManager CPU per event, wide catch-up",
                    BenchmarkReport.micros(taskManagerMicrosPerEvent(), pipelineCpu),
                    "",
                    String.format(Locale.ROOT, "<= %.0f us", TASK_MANAGER_MICROS_PER_EVENT),
                    taskManagerMicrosPerEvent() <= TASK_MANAGER_MICROS_PER_EVENT));
            rows.add(new BenchmarkReport.Row(
                    "Of that, the JIT compiler and the garbage collector threads; the rest per event (a freshly"
                            + " submitted job compiles its code while it catches up)",
                    String.format(
                            Locale.ROOT,
                            "JIT %.1f CPU s, GC %.1f CPU s; without JIT %.1f us/event",
                            pipelineCpu.taskManagerJit(),
                            pipelineCpu.taskManagerGc(),
                            pipelineCpu.taskManagerCompiledMicrosPer(pipeline.messages())),
                    "",
                    "",
                    null));
            rows.add(new BenchmarkReport.Row(
                    "PostgreSQL CPU per stored reading, wide catch-up (into an empty heartbeats)",
                    BenchmarkReport.postgresMicros(postgresMicrosPerReading(), pipelineCpu),
                    "",
                    String.format(Locale.ROOT, "<= %.0f us", POSTGRES_MICROS_PER_READING),
                    postgresMicrosPerReading() <= POSTGRES_MICROS_PER_READING));
            if (pipelineMiddle.measured()) {
                rows.addAll(middleRows());
            }
            return rows;
        }

        /** The catch-up's middle ({@link CatchUpMiddle}): the TaskManager's CPU per event and PostgreSQL's per row. */
        private List<BenchmarkReport.Row> middleRows() {
            List<BenchmarkReport.Row> rows = new ArrayList<>();
            rows.add(new BenchmarkReport.Row(
                    String.format(
                            Locale.ROOT,
                            "TaskManager CPU per event in the catch-up's middle (%.0f%% to %.0f%% of the rows, %,d:"
                                    + " the job compiled, every customer's state built); of that, JIT and GC",
                            CatchUpMiddle.FROM * 100,
                            CatchUpMiddle.TO * 100,
                            pipelineMiddle.rows()),
                    String.format(
                            Locale.ROOT,
                            "%s; JIT %.1f, GC %.1f CPU s",
                            BenchmarkReport.micros(pipelineMiddle.taskManagerMicrosPerEvent(), pipelineMiddle.cpu()),
                            pipelineMiddle.cpu().taskManagerJit(),
                            pipelineMiddle.cpu().taskManagerGc()),
                    "",
                    "",
                    null));
            rows.add(new BenchmarkReport.Row(
                    "PostgreSQL CPU per row in the catch-up's middle (a reading or a rejection)",
                    String.format(
                            Locale.ROOT,
                            "%.1f us/row (%.1f CPU s)",
                            pipelineMiddle.postgresMicrosPerRow(),
                            pipelineMiddle.cpu().postgres()),
                    "",
                    "",
                    null));
            return rows;
        }

        @Override
        public void notes(StringBuilder markdown, String machine) {
            BenchmarkReport.cpu(markdown, machine, "wide", pipeline, pipelineCpu, pipelineProfile);
        }
    }
}
