package com.heartbeatmonitor.local.benchmark;

import com.heartbeatmonitor.generator.DurationConverter;
import com.heartbeatmonitor.generator.GeneratorRun;
import com.heartbeatmonitor.generator.GeneratorSettings;
import com.heartbeatmonitor.generator.SimulationProfile;
import com.heartbeatmonitor.job.config.JdbcSettings;
import com.heartbeatmonitor.job.config.JobOptions;
import com.heartbeatmonitor.local.FlinkCluster;
import com.heartbeatmonitor.local.KafkaBroker;
import com.heartbeatmonitor.local.Postgres;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.commons.io.FileUtils;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark: in one run on this machine, the pipeline against the machine's own ceilings (COPY
 * into PostgreSQL, a plain Kafka consumer) and a Flink SQL peer, the latency at a steady rate, the
 * generator's speed and the TaskManager's memory. Prints a markdown table, writes it and JSON.
 */
@Command(name = "run-benchmark", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
        description = "Measures the pipeline against COPY, a plain Kafka consumer and a Flink SQL peer.")
public final class Benchmark implements Callable<Integer> {

    static final String TOPIC = "bench-heartbeats";
    static final String ALERTS_TOPIC = "bench-heartbeat-alerts";
    private static final String PIPELINE_GROUP = "bench-pipeline";
    private static final String PEER_GROUP = "bench-sql-peer";
    /** Simulated rate of the pre-loaded data: its event time spans events / this many seconds. */
    private static final double PRELOAD_EVENTS_PER_SECOND = 20_000;
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(20);

    @Option(names = "--events", defaultValue = "2000000", description = "Events pre-loaded into Kafka.")
    long events;

    @Option(names = "--customers", defaultValue = "100000", description = "Distinct customers.")
    int customers;

    @Option(names = "--invalid-share", defaultValue = "0.01", description = "Share of invalid messages.")
    double invalidShare;

    @Option(names = "--partitions", defaultValue = "2", description = "Partitions of the benchmark topic.")
    int partitions;

    @Option(names = "--latency-rate", defaultValue = "5000", description = "Events per second of the latency run.")
    double latencyRate;

    @Option(names = "--latency-duration", defaultValue = "60s", converter = DurationConverter.class,
            description = "Measured part of the latency run.")
    Duration latencyDuration;

    @Option(names = "--latency-warm-up", defaultValue = "10s", converter = DurationConverter.class,
            description = "Unmeasured start of the latency run.")
    Duration latencyWarmUp;

    @Option(names = "--jdbc-base-url", defaultValue = "jdbc:postgresql://localhost:5432/",
            description = "Server of the benchmark's databases (heartbeat_bench_copy, _pipeline, _peer; dropped first).")
    String jdbcBaseUrl;

    @Option(names = "--job-arg", description = "An extra flag for the job, e.g. --job-arg=--jdbc-batch-size=2000 (repeatable).")
    List<String> jobArgs = new ArrayList<>();

    @Option(names = "--work-dir", defaultValue = ".run/benchmark", description = "Kafka data, cluster files, results.")
    Path workDir;

    @Option(names = "--job-jar", defaultValue = "flink-job/target/heartbeat-monitor-job.jar")
    Path jobJar;

    @Option(names = "--peer-jar", defaultValue = "flink-sql-peer/target/heartbeat-sql-peer.jar")
    Path peerJar;

    @Option(names = "--flink-conf", defaultValue = "flink-conf")
    Path flinkConf;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Benchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        JobOptions writer = JobOptions.parse("--jdbc-url", url("pipeline")).orElseThrow();
        Postgres.Admin admin = Postgres.Admin.fromEnvironment();
        Postgres.Roles roles = Postgres.Roles.withDefaultReader(writer.jdbc());
        for (String db : List.of("copy", "pipeline", "peer")) {
            Postgres.dropDatabase(url(db), admin);
            Postgres.prepare(url(db), admin, roles);
        }
        grantUpsertToPeer(admin, writer.jdbc().user());
        FileUtils.deleteDirectory(workDir.resolve("kafka").toFile());
        FileUtils.deleteDirectory(workDir.resolve("flink").toFile());

        try (KafkaBroker broker = KafkaBroker.startOnFreePorts(workDir.resolve("kafka"));
                Admin kafka = broker.admin()) {
            String bootstrap = broker.bootstrapServers();
            broker.createTopic(TOPIC, partitions);
            broker.createTopic(ALERTS_TOPIC, partitions);

            step("generator: %,d events, %,d customers, into Kafka as fast as it can", events, customers);
            GeneratorLoad.Result generator = GeneratorLoad.send(bootstrap, TOPIC, preloadSettings(),
                    new GeneratorRun.Limits(events, Duration.ZERO, false), (message, at) -> {});
            step("  %,.0f events/s", generator.perSecond());

            step("plain Kafka consumer over the topic");
            TopicReader.Result consumer = TopicReader.readAll(bootstrap, TOPIC, record -> {});
            step("  %,.0f msgs/s", consumer.perSecond());

            step("COPY of the same rows into an empty heartbeats table");
            CopyCeiling.Result copy = copyCeiling(bootstrap, admin);
            step("  %,.0f rows/s (%,d rows)", copy.perSecond(), copy.rows());

            try (FlinkCluster cluster = FlinkCluster.start(FlinkCluster.Settings.forJob(flinkConf, workDir.resolve("flink"),
                    writer.jdbc(), FlinkCluster.onFreePorts(Map.of())))) {
                PipelineRun pipeline = runPipeline(cluster, kafka, bootstrap, admin, generator);

                step("Flink SQL peer: the same topic into its own database");
                CatchUp.Result peer = runPeer(cluster, kafka, bootstrap, admin);
                step("  %,.0f events/s (%,d messages, %,d stored in %.1f s)", peer.perSecond(), peer.messages(),
                        peer.stored(), peer.seconds());

                BenchmarkReport report = new BenchmarkReport(LocalDate.now().toString(), machine(), events, customers,
                        generator, consumer, copy, pipeline.catchUp(), peer, pipeline.latency(), pipeline.idleHeap(),
                        pipeline.liveHeap(), pipeline.checkpointBytes(), pipeline.cpu(), pipeline.profile(),
                        String.join(" ", jobArgs));
                report.write(workDir);
                System.out.println();
                System.out.println(report.markdown());
                System.out.println("Written: " + workDir.resolve("results.md") + ", " + workDir.resolve("results.json"));
                return report.targetsMet() ? 0 : 1;
            }
        }
    }

    /** What the job's own run measured: catch-up, where its CPU went, memory, then latency. */
    private record PipelineRun(CatchUp.Result catchUp, CpuSeconds cpu, Map<String, Double> profile, long idleHeap,
            long liveHeap, long checkpointBytes, LatencyRun.Result latency) {}

    /** The topic parsed into the job's rows, then one COPY of them into the copy database. */
    private CopyCeiling.Result copyCeiling(String bootstrap, Postgres.Admin admin) throws Exception {
        Path csv = workDir.resolve("rows.csv");
        CopyCeiling.writeRows(bootstrap, TOPIC, csv);
        try (Connection db = Postgres.connect(url("copy"), admin)) {
            return CopyCeiling.copy(db, csv);
        } finally {
            Files.delete(csv);
        }
    }

    private PipelineRun runPipeline(FlinkCluster cluster, Admin kafka, String bootstrap, Postgres.Admin admin,
            GeneratorLoad.Result generator) throws Exception {
        long taskManager = cluster.taskManagerPid();
        long idleHeap = TaskManagerMemory.liveHeapBytes(taskManager);

        step("pipeline: the job catches up with the topic");
        CpuProfile.start(taskManager);
        CpuSeconds cpuBefore = CpuSeconds.now(taskManager);
        Instant submitted = Instant.now();
        String job = cluster.submit(flinkConf.resolve("submit-job.sh"), jobJar, pipelineArgs(bootstrap));
        try (Connection db = Postgres.connect(url("pipeline"), admin)) {
            CatchUp.Result catchUp = CatchUp.await(kafka, TOPIC, PIPELINE_GROUP, db, submitted, CATCH_UP_TIMEOUT,
                    cluster.rest(), job);
            CpuSeconds cpu = CpuSeconds.now(taskManager).since(cpuBefore);
            Path recording = workDir.resolve("pipeline-catch-up.jfr");
            CpuProfile.stop(taskManager, recording);
            Map<String, Double> profile = CpuProfile.byPart(recording);
            requireAccounted(catchUp, generator);
            step("  %,.0f events/s (%,d stored, %,d rejected in %.1f s); CPU s %s", catchUp.perSecond(),
                    catchUp.stored(), catchUp.rejected(), catchUp.seconds(), cpu.asMap());

            long liveHeap = TaskManagerMemory.liveHeapBytes(taskManager);
            long checkpoint = cluster.rest().latestCheckpointSize(job);
            step("  TaskManager live heap %,d MB (idle %,d MB), checkpoint %,d KB", liveHeap >> 20,
                    idleHeap >> 20, checkpoint >> 10);

            step("latency at %,.0f events/s for %s (after %s warm-up)", latencyRate, latencyDuration, latencyWarmUp);
            LatencyRun.Result latency = LatencyRun.run(bootstrap, TOPIC, latencySettings(), latencyWarmUp,
                    latencyDuration, db);
            step("  p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms", latency.p50Millis(),
                    latency.p95Millis(), latency.p99Millis(), latency.maxMillis());
            cancel(cluster, job);
            return new PipelineRun(catchUp, cpu, profile, idleHeap, liveHeap, checkpoint, latency);
        }
    }

    private GeneratorSettings preloadSettings() {
        Instant start = Instant.now().minusSeconds((long) (events / PRELOAD_EVENTS_PER_SECOND) + 60);
        return new GeneratorSettings(customers, PRELOAD_EVENTS_PER_SECOND, start, 42, invalidShare,
                SimulationProfile.DEFAULT);
    }

    private GeneratorSettings latencySettings() {
        return new GeneratorSettings(customers, latencyRate, Instant.now(), 43, invalidShare, SimulationProfile.DEFAULT);
    }

    private List<String> pipelineArgs(String bootstrap) {
        List<String> args = new ArrayList<>(List.of("--kafka-bootstrap-servers", bootstrap, "--kafka-topic", TOPIC,
                "--kafka-group-id", PIPELINE_GROUP, "--alerts-topic", ALERTS_TOPIC, "--jdbc-url", url("pipeline"),
                "--parallelism", String.valueOf(partitions)));
        args.addAll(jobArgs);
        return args;
    }

    private CatchUp.Result runPeer(FlinkCluster cluster, Admin kafka, String bootstrap, Postgres.Admin admin)
            throws Exception {
        // stringtype=unspecified: the SQL table's STRING event_id goes into the uuid column.
        String peerUrl = url("peer") + "?reWriteBatchedInserts=true&stringtype=unspecified";
        Instant submitted = Instant.now();
        String job = cluster.submit(flinkConf.resolve("submit-job.sh"), peerJar, List.of("--bootstrap-servers", bootstrap,
                "--topic", TOPIC, "--group-id", PEER_GROUP, "--jdbc-url", peerUrl,
                "--parallelism", String.valueOf(partitions)));
        try (Connection db = Postgres.connect(url("peer"), admin)) {
            CatchUp.Result peer = CatchUp.await(kafka, TOPIC, PEER_GROUP, db, submitted, CATCH_UP_TIMEOUT,
                    cluster.rest(), job);
            cancel(cluster, job);
            return peer; // its messages: the pre-load and the latency run's
        }
    }

    /** The peer's JDBC table has a primary key, so the connector upserts: that needs UPDATE, which the job never does. */
    private void grantUpsertToPeer(Postgres.Admin admin, String writer) throws Exception {
        try (Connection db = Postgres.connect(url("peer"), admin); Statement s = db.createStatement()) {
            s.execute("GRANT UPDATE ON heartbeats TO \"" + writer.replace("\"", "\"\"") + "\"");
        }
    }

    /** Every pre-loaded message must be exactly one row, or the figure means nothing. */
    private static void requireAccounted(CatchUp.Result pipeline, GeneratorLoad.Result generator) {
        if (pipeline.stored() != generator.sent() - generator.invalid() || pipeline.rejected() != generator.invalid()) {
            throw new IllegalStateException(String.format("accounting failed: sent %d (%d invalid), stored %d, rejected %d",
                    generator.sent(), generator.invalid(), pipeline.stored(), pipeline.rejected()));
        }
    }

    private static void cancel(FlinkCluster cluster, String job) throws Exception {
        cluster.rest().cancel(job);
        cluster.rest().awaitJobState(job, "CANCELED", Duration.ofSeconds(60));
    }

    private String url(String database) {
        return jdbcBaseUrl + "heartbeat_bench_" + database;
    }

    private static String machine() {
        long ramBytes = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return String.format("%d cores, %.0f GiB RAM, %s, Java %s", Runtime.getRuntime().availableProcessors(),
                ramBytes / (double) (1L << 30), System.getProperty("os.name"), System.getProperty("java.version"));
    }

    private static void step(String format, Object... args) {
        System.out.printf("[%tT] %s%n", System.currentTimeMillis(), String.format(format, args));
    }
}
