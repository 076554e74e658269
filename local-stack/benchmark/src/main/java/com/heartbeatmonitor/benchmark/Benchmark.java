package com.heartbeatmonitor.benchmark;

import com.heartbeatmonitor.generator.DurationConverter;
import com.heartbeatmonitor.generator.GeneratorRun;
import com.heartbeatmonitor.generator.GeneratorSettings;
import com.heartbeatmonitor.generator.SimulationProfile;
import com.heartbeatmonitor.job.config.JobOptions;
import com.heartbeatmonitor.job.config.StateBackend;
import com.heartbeatmonitor.local.FlinkCluster;
import com.heartbeatmonitor.local.FlinkRest;
import com.heartbeatmonitor.local.JobArgs;
import com.heartbeatmonitor.local.KafkaBroker;
import com.heartbeatmonitor.local.Postgres;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.commons.io.FileUtils;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark: in one run on this machine, the pipeline against the machine's own ceilings (COPY
 * into PostgreSQL, a plain Kafka consumer) and a Flink SQL peer, the latency at a steady rate, the
 * generator's speed and the TaskManager's memory (scenario {@code wide}); the catch-up over a few
 * customers with long histories ({@code long}); a stop with savepoint and resume while the generator
 * goes on ({@code outage}); and event -> row and event -> alert latency over consecutive runs at a
 * steady rate ({@code latency}). Prints a markdown table, writes it and JSON.
 */
@Command(
        name = "run-benchmark",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        showDefaultValues = true,
        description = "Measures the pipeline against COPY, a plain Kafka consumer and a Flink SQL peer, over long"
                + " histories, after an outage and at a steady rate; the dashboard queries over days of history.")
public final class Benchmark implements Callable<Integer> {

    /** What a run measures; each can be left out with --scenarios. */
    enum Scenario {
        /** Many customers with short histories: catch-up against COPY, Kafka, the SQL peer; memory; latency. */
        WIDE,
        /** A few customers with long histories: the same catch-up. */
        LONG,
        /** Stop with savepoint, outage, resume: time to catch up, alert latency meanwhile. */
        OUTAGE,
        /** Consecutive runs at a steady rate: event -> row and event -> alert latency. */
        LATENCY,
        /** Days of many customers' history loaded by COPY, then every dashboard query timed; no Kafka, no job. */
        HISTORY,
        /** The same catch-up over a million customers on each state backend: speed, checkpoints, memory. */
        BACKENDS,
        /**
         * Per-customer settings: --settings-customers customers with settings of their own and --settings-without
         * without, a catch-up like wide's: throughput, CPU per event and checkpoint bytes per customer.
         */
        SETTINGS
    }

    /** Where one job of the benchmark reads and writes: its own topics, consumer group and database. */
    record Lane(String name) {
        String topic() {
            return "bench-" + name + "-heartbeats";
        }

        String alertsTopic() {
            return "bench-" + name + "-alerts";
        }

        String group() {
            return "bench-" + name;
        }

        String settingsTopic() {
            return "bench-" + name + "-settings";
        }
    }

    private static final Lane WIDE_LANE = new Lane("pipeline");
    private static final Lane LONG_LANE = new Lane("long");
    private static final Lane OUTAGE_LANE = new Lane("outage");
    private static final Lane LATENCY_LANE = new Lane("latency");
    private static final Lane SETTINGS_LANE = new Lane("settings");
    /** Only the backends scenario runs on clusters of its own; the others share one. */
    private static final Set<Scenario> ON_THE_SHARED_CLUSTER =
            EnumSet.of(Scenario.WIDE, Scenario.LONG, Scenario.OUTAGE, Scenario.LATENCY, Scenario.SETTINGS);
    /** Checkpoints come every 10 s (the job's default); one with all of the state must follow within this. */
    private static final Duration CHECKPOINT_TIMEOUT = Duration.ofMinutes(3);

    private static final String PEER_GROUP = "bench-sql-peer";
    /** Simulated rate of the wide pre-load: its event time spans events / this many seconds. */
    private static final double PRELOAD_EVENTS_PER_SECOND = 20_000;
    /** Spacing of each long-history customer's readings. */
    private static final Duration LONG_READING_INTERVAL = Duration.ofSeconds(1);

    /** Flink's own default share of managed memory, which RocksDB uses for its block cache and write buffers. */
    private static final String DEFAULT_MANAGED_FRACTION = "0.4";

    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(20);
    private static final Duration RUNNING_TIMEOUT = Duration.ofSeconds(60);

    @Option(
            names = "--scenarios",
            split = ",",
            defaultValue = "wide,long,outage,latency",
            description = "Scenarios to run, comma-separated: ${COMPLETION-CANDIDATES}.")
    List<Scenario> scenarios;

    @Option(names = "--events", defaultValue = "2000000", description = "wide: events pre-loaded into Kafka.")
    long events;

    @Option(names = "--customers", defaultValue = "100000", description = "wide: distinct customers.")
    int customers;

    @Option(
            names = "--settings-customers",
            defaultValue = "10000",
            description = "settings: customers with settings of their own.")
    int settingsCustomers;

    @Option(
            names = "--settings-without",
            defaultValue = "90000",
            description = "settings: customers without (the deployment's defaults).")
    int settingsWithout;

    @Option(names = "--settings-readings", defaultValue = "20", description = "settings: readings per customer.")
    int settingsReadings;

    @Option(names = "--long-customers", defaultValue = "20", description = "long: customers.")
    int longCustomers;

    @Option(
            names = "--long-readings",
            defaultValue = "100000",
            description = "long: readings per customer, 1 s apart in event time, pre-loaded.")
    long longReadings;

    @Option(
            names = "--invalid-share",
            defaultValue = "0.01",
            description = "Share of invalid messages, every scenario.")
    double invalidShare;

    @Option(names = "--partitions", defaultValue = "2", description = "Partitions of the benchmark topics.")
    int partitions;

    @Option(
            names = "--task-managers",
            defaultValue = "1",
            description = "TaskManager JVMs of the cluster, each with config.yaml's slots; the jobs run with"
                    + " --partitions as their parallelism. CPU, memory and profile are summed over them.")
    int taskManagers;

    @Option(
            names = "--latency-rate",
            defaultValue = "5000",
            description = "Events per second of the steady streams (wide's latency run, outage, latency).")
    double latencyRate;

    @Option(
            names = "--latency-duration",
            defaultValue = "60s",
            converter = DurationConverter.class,
            description = "Measured part of each latency run.")
    Duration latencyDuration;

    @Option(
            names = "--latency-warm-up",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Unmeasured start of the steady streams (latency runs; outage: before the stop).")
    Duration latencyWarmUp;

    @Option(names = "--latency-runs", defaultValue = "3", description = "latency: consecutive measured runs.")
    int latencyRuns;

    @Option(
            names = "--outage",
            defaultValue = "3m",
            converter = DurationConverter.class,
            description = "outage: how long the job stays stopped while the generator goes on.")
    Duration outage;

    @Option(
            names = "--alert-customers",
            defaultValue = "5000",
            description =
                    "outage, latency: customers of the steady stream (5,000 at 5,000 events/s: a reading a second "
                            + "each).")
    int alertCustomers;

    @Option(
            names = "--anomaly-interval",
            defaultValue = "5m",
            converter = DurationConverter.class,
            description =
                    "outage, latency: mean event time between a customer's anomaly episodes, so alerts come often.")
    Duration anomalyInterval;

    @Option(
            names = "--alert-detection-profile",
            defaultValue = "clinical",
            description =
                    "outage, latency: the job's --detection-profile (clinical: alerts after 30 s, spikes at once).")
    String alertDetectionProfile;

    @Option(
            names = "--backends",
            split = ",",
            defaultValue = "hashmap,rocksdb",
            description = "backends: the state backends to compare, each on a cluster of its own; the first is the"
                    + " ratios' base.")
    List<StateBackend> backends;

    @Option(
            names = "--backend-customers",
            defaultValue = "1000000",
            description = "backends: distinct customers of the pre-load.")
    int backendCustomers;

    @Option(
            names = "--backend-readings",
            defaultValue = "3",
            description = "backends: readings per customer (events = customers x readings).")
    int backendReadings;

    @Option(
            names = "--backend-taskmanager-memory",
            defaultValue = "3g",
            description = "backends: TaskManager process size, the same for every backend; the heap backend gets"
                    + " the managed memory RocksDB would use as heap instead.")
    String backendTaskManagerMemory;

    @Option(
            names = "--jdbc-base-url",
            defaultValue = "jdbc:postgresql://localhost:5432/",
            description = "Server of the benchmark's databases (<prefix>copy, pipeline, peer, long, outage, latency;"
                    + " dropped first).")
    String jdbcBaseUrl;

    @Option(
            names = "--database-prefix",
            defaultValue = "heartbeat_bench_",
            description = "Prefix of the benchmark's database names, e.g. so two checkouts can share one server.")
    String databasePrefix;

    @Option(
            names = "--job-arg",
            description = "An extra flag for every job, e.g. --job-arg=--jdbc-batch-size=2000"
                    + " (repeatable; wins over the scenarios' own flags).")
    List<String> jobArgs = new ArrayList<>();

    @Option(names = "--history-days", defaultValue = "7", description = "history: days of readings.")
    int historyDays;

    @Option(names = "--history-customers", defaultValue = "1000", description = "history: customers.")
    int historyCustomers;

    @Option(
            names = "--history-interval",
            defaultValue = "1m",
            converter = DurationConverter.class,
            description = "history: time between two readings of a customer (1m: 10 M readings over 7 days x 1,000).")
    Duration historyInterval;

    @Option(
            names = "--history-runs",
            defaultValue = "5",
            description = "history: timed runs of each dashboard query (after one warm-up); the median is reported.")
    int historyRuns;

    @Option(
            names = "--history-schema-dir",
            description = "history: apply this sql/ folder (e.g. of an older checkout) instead of the built-in "
                    + "schema, to measure a schema change's before.")
    Path historySchemaDir;

    @Option(names = "--dashboard", defaultValue = "dashboards/json/heartbeat-monitor.json")
    Path dashboard;

    @Option(names = "--work-dir", defaultValue = ".run/benchmark", description = "Kafka data, cluster files, results.")
    Path workDir;

    @Option(names = "--job-jar", defaultValue = "flink-job/target/heartbeat-monitor-job.jar")
    Path jobJar;

    @Option(names = "--peer-jar", defaultValue = "flink-sql-peer/target/heartbeat-sql-peer.jar")
    Path peerJar;

    @Option(names = "--flink-conf", defaultValue = "flink-conf")
    Path flinkConf;

    private Postgres.Admin admin;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Benchmark())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Set<Scenario> selected = EnumSet.copyOf(scenarios);
        if (selected.contains(Scenario.LONG)) {
            requireLongHistoryWithinMaxEventAge();
        }
        JobOptions writer =
                JobOptions.parse("--jdbc-url", url(WIDE_LANE.name())).orElseThrow();
        admin = Postgres.Admin.fromEnvironment();
        Postgres.Roles roles = Postgres.Roles.withDefaultReader(writer.jdbc());
        if (selected.contains(Scenario.HISTORY)) {
            HistoryQueries.Settings settings = new HistoryQueries.Settings(
                    historyDays, historyCustomers, historyInterval, historyRuns, historySchemaDir, dashboard);
            HistoryQueries.Result history = HistoryQueries.run(url("history"), admin, roles, settings);
            HistoryQueries.write(workDir, history, settings);
            System.out.println();
            System.out.println(HistoryQueries.markdown(history, settings));
            System.out.println("Written: " + workDir.resolve("history.md"));
            selected.remove(Scenario.HISTORY);
            if (selected.isEmpty()) {
                return 0;
            }
        }
        for (String db : databases(selected)) {
            Postgres.dropDatabase(url(db), admin);
            Postgres.prepare(url(db), admin, roles);
        }
        if (selected.contains(Scenario.WIDE)) {
            grantUpsertToPeer(writer.jdbc().user());
        }
        FileUtils.deleteDirectory(workDir.resolve("kafka").toFile());
        FileUtils.deleteDirectory(workDir.resolve("flink").toFile());

        try (KafkaBroker broker = KafkaBroker.startOnFreePorts(workDir.resolve("kafka"));
                Admin kafka = broker.admin()) {
            String bootstrap = broker.bootstrapServers();
            for (Lane lane : lanes(selected)) {
                broker.createTopic(lane.topic(), partitions);
                broker.createTopic(lane.alertsTopic(), partitions);
                broker.createTopic(lane.settingsTopic(), partitions, KafkaBroker.COMPACTED);
            }
            WidePreload preload = selected.contains(Scenario.WIDE) ? widePreload(bootstrap) : null;

            BenchmarkReport.Wide wide = null;
            BenchmarkReport.LongHistories longHistories = null;
            BenchmarkReport.Outage outageRun = null;
            BenchmarkReport.Latency latency = null;
            SettingsRun.Result settingsRun = null;
            if (selected.stream().anyMatch(ON_THE_SHARED_CLUSTER::contains)) {
                try (FlinkCluster cluster = FlinkCluster.start(FlinkCluster.Settings.forJob(
                                flinkConf, workDir.resolve("flink"), writer.jdbc(), FlinkCluster.onFreePorts(Map.of()))
                        .withTaskManagers(taskManagers, slotsPerTaskManager()))) {
                    Jobs jobs = new Jobs(cluster, kafka, bootstrap);
                    wide = preload == null ? null : jobs.wide(preload);
                    longHistories = selected.contains(Scenario.LONG) ? jobs.longHistories() : null;
                    outageRun = selected.contains(Scenario.OUTAGE) ? jobs.outage() : null;
                    latency = selected.contains(Scenario.LATENCY) ? jobs.latency() : null;
                    settingsRun = selected.contains(Scenario.SETTINGS) ? jobs.settings() : null;
                }
            }
            BenchmarkReport.Backends backendRuns =
                    selected.contains(Scenario.BACKENDS) ? compareBackends(bootstrap, kafka, writer) : null;

            BenchmarkReport report = new BenchmarkReport(
                    LocalDate.now().toString(),
                    machine()
                            + String.format(
                                    Locale.ROOT,
                                    "; Flink: %d TaskManager JVM(s) x %d slots, job parallelism %d",
                                    taskManagers,
                                    slotsPerTaskManager(),
                                    partitions),
                    wide,
                    longHistories,
                    outageRun,
                    latency,
                    backendRuns,
                    String.join(" ", jobArgs));
            report.write(workDir);
            System.out.println();
            System.out.println(report.markdown());
            if (settingsRun != null) {
                System.out.println(settingsRun.markdown());
                Files.writeString(workDir.resolve("settings.md"), settingsRun.markdown());
            }
            System.out.println("Written: " + workDir.resolve("results.md") + ", " + workDir.resolve("results.json"));
            return report.targetsMet() ? 0 : 1;
        }
    }

    /**
     * The same pre-load (a million customers, a few readings each) caught up by the job on each backend,
     * each on a fresh cluster with the same TaskManager size: the heap backend gets the memory as heap,
     * RocksDB keeps Flink's default share as managed memory for its caches.
     */
    private BenchmarkReport.Backends compareBackends(String bootstrap, Admin kafka, JobOptions writer)
            throws Exception {
        long count = (long) backendCustomers * backendReadings;
        List<BenchmarkReport.BackendRun> runs = new ArrayList<>();
        for (StateBackend backend : backends) {
            Lane lane = backendLane(backend);
            step(
                    "backends: generator: %,d customers x %,d readings into Kafka for %s",
                    backendCustomers, backendReadings, backend);
            GeneratorLoad.Result generator = preload(bootstrap, lane, backendSettings(), count);
            step("  %,.0f events/s", generator.perSecond());
            String managedFraction = backend == StateBackend.HASHMAP ? "0" : DEFAULT_MANAGED_FRACTION;
            Map<String, String> memory = Map.of(
                    "taskmanager.memory.process.size",
                    backendTaskManagerMemory,
                    "taskmanager.memory.managed.fraction",
                    managedFraction);
            try (FlinkCluster cluster = FlinkCluster.start(FlinkCluster.Settings.forJob(
                    flinkConf, workDir.resolve("flink-" + backend), writer.jdbc(), FlinkCluster.onFreePorts(memory)))) {
                runs.add(new Jobs(cluster, kafka, bootstrap).onBackend(backend, lane, generator, managedFraction));
            }
        }
        return new BenchmarkReport.Backends(backendCustomers, backendReadings, backendTaskManagerMemory, runs);
    }

    private static Lane backendLane(StateBackend backend) {
        return new Lane(backend.flinkName());
    }

    private GeneratorSettings backendSettings() {
        long count = (long) backendCustomers * backendReadings;
        Instant start = Instant.now().minusSeconds((long) (count / PRELOAD_EVENTS_PER_SECOND) + 60);
        return new GeneratorSettings(
                backendCustomers, PRELOAD_EVENTS_PER_SECOND, start, 47, invalidShare, SimulationProfile.DEFAULT);
    }

    private List<String> databases(Set<Scenario> selected) {
        List<String> databases = new ArrayList<>();
        if (selected.contains(Scenario.WIDE)) {
            databases.addAll(List.of("copy", WIDE_LANE.name(), "peer"));
        }
        lanes(selected).stream().filter(lane -> lane != WIDE_LANE).forEach(lane -> databases.add(lane.name()));
        return databases;
    }

    private List<Lane> lanes(Set<Scenario> selected) {
        List<Lane> lanes = new ArrayList<>();
        if (selected.contains(Scenario.WIDE)) {
            lanes.add(WIDE_LANE);
        }
        if (selected.contains(Scenario.LONG)) {
            lanes.add(LONG_LANE);
        }
        if (selected.contains(Scenario.OUTAGE)) {
            lanes.add(OUTAGE_LANE);
        }
        if (selected.contains(Scenario.LATENCY)) {
            lanes.add(LATENCY_LANE);
        }
        if (selected.contains(Scenario.SETTINGS)) {
            lanes.add(SETTINGS_LANE);
        }
        if (selected.contains(Scenario.BACKENDS)) {
            backends.forEach(backend -> lanes.add(backendLane(backend)));
        }
        return lanes;
    }

    /** What the wide scenario measures before the cluster starts: the generator and both ceilings. */
    private record WidePreload(GeneratorLoad.Result generator, TopicReader.Result consumer, CopyCeiling.Result copy) {}

    private WidePreload widePreload(String bootstrap) throws Exception {
        step("wide: generator: %,d events, %,d customers, into Kafka as fast as it can", events, customers);
        GeneratorLoad.Result generator = preload(bootstrap, WIDE_LANE, preloadSettings(), events);
        step("  %,.0f events/s", generator.perSecond());

        step("wide: plain Kafka consumer over the topic");
        TopicReader.Result consumer = TopicReader.readAll(bootstrap, WIDE_LANE.topic(), record -> {});
        step("  %,.0f msgs/s", consumer.perSecond());

        step("wide: COPY of the same rows into an empty heartbeats table");
        CopyCeiling.Result copy = copyCeiling(bootstrap);
        step("  %,.0f rows/s (%,d rows)", copy.perSecond(), copy.rows());
        return new WidePreload(generator, consumer, copy);
    }

    private GeneratorLoad.Result preload(String bootstrap, Lane lane, GeneratorSettings settings, long count) {
        return GeneratorLoad.send(
                bootstrap,
                lane.topic(),
                settings,
                new GeneratorRun.Limits(count, Duration.ZERO, false),
                (message, at) -> {});
    }

    /** The topic parsed into the job's rows, then one COPY of them into the copy database. */
    private CopyCeiling.Result copyCeiling(String bootstrap) throws Exception {
        Path csv = workDir.resolve("rows.csv");
        CopyCeiling.writeRows(bootstrap, WIDE_LANE.topic(), csv);
        try (Connection db = Postgres.connect(url("copy"), admin)) {
            return CopyCeiling.copy(db, csv);
        } finally {
            Files.delete(csv);
        }
    }

    /** The scenarios that run jobs on the cluster. */
    private final class Jobs {
        private final FlinkCluster cluster;
        private final Admin kafka;
        private final String bootstrap;

        Jobs(FlinkCluster cluster, Admin kafka, String bootstrap) {
            this.cluster = cluster;
            this.kafka = kafka;
            this.bootstrap = bootstrap;
        }

        /** The job's catch-up over the wide pre-load, its memory, then latency on the same job; then the peer. */
        BenchmarkReport.Wide wide(WidePreload preload) throws Exception {
            List<Long> taskManager = cluster.taskManagerPids();
            long idleHeap = TaskManagerMemory.liveHeapBytes(taskManager);
            step("wide: the job catches up with the topic");
            try (Connection db = Postgres.connect(url(WIDE_LANE.name()), admin)) {
                MeasuredCatchUp measured = catchUp(WIDE_LANE, db, preload.generator());

                long liveHeap = TaskManagerMemory.liveHeapBytes(taskManager);
                long checkpoint = cluster.rest().latestCheckpointSize(measured.job());
                step(
                        "  TaskManager live heap %,d MB (idle %,d MB), checkpoint %,d KB",
                        liveHeap >> 20, idleHeap >> 20, checkpoint >> 10);

                step(
                        "wide: latency at %,.0f events/s for %s (after %s warm-up)",
                        latencyRate, human(latencyDuration), human(latencyWarmUp));
                LatencyRun.Result latency = LatencyRun.run(
                        bootstrap,
                        WIDE_LANE.topic(),
                        new GeneratorSettings(
                                customers, latencyRate, Instant.now(), 43, invalidShare, SimulationProfile.DEFAULT),
                        latencyWarmUp,
                        latencyDuration,
                        db);
                step("  event -> row %s", latency.eventToRow().format());
                cancel(measured.job());

                step("wide: Flink SQL peer: the same topic into its own database");
                CatchUp.Result peer = runPeer();
                step(
                        "  %,.0f events/s (%,d messages, %,d stored in %.1f s)",
                        peer.perSecond(), peer.messages(), peer.stored(), peer.seconds());
                return new BenchmarkReport.Wide(
                        events,
                        customers,
                        preload.generator(),
                        preload.consumer(),
                        preload.copy(),
                        measured.catchUp(),
                        peer,
                        latency,
                        idleHeap,
                        liveHeap,
                        checkpoint,
                        measured.cpu(),
                        measured.profile());
            }
        }

        /** Few customers, long histories, pre-loaded before the job starts: the same catch-up as wide. */
        BenchmarkReport.LongHistories longHistories() throws Exception {
            long count = longCustomers * longReadings;
            step(
                    "long: generator: %,d customers x %,d readings (%s apart), into Kafka as fast as it can",
                    longCustomers, longReadings, human(LONG_READING_INTERVAL));
            double rate = longCustomers / (LONG_READING_INTERVAL.toMillis() / 1e3);
            Instant start = Instant.now().minus(longHistory());
            GeneratorLoad.Result generator = preload(
                    bootstrap,
                    LONG_LANE,
                    new GeneratorSettings(longCustomers, rate, start, 44, invalidShare, SimulationProfile.DEFAULT),
                    count);
            step("  %,.0f events/s", generator.perSecond());
            step("long: the job catches up with the topic");
            try (Connection db = Postgres.connect(url(LONG_LANE.name()), admin)) {
                MeasuredCatchUp measured = catchUp(LONG_LANE, db, generator);
                cancel(measured.job());
                return new BenchmarkReport.LongHistories(
                        longCustomers, longReadings, generator, measured.catchUp(), measured.cpu(), measured.profile());
            }
        }

        /**
         * Settings for the first --settings-customers of the generator's customers (their ids), then the readings of
         * all of them, caught up like wide: what settings cost per event and per customer's state.
         */
        SettingsRun.Result settings() throws Exception {
            int all = settingsCustomers + settingsWithout;
            long count = (long) all * settingsReadings;
            step("settings: %,d customers' settings into %s", settingsCustomers, SETTINGS_LANE.settingsTopic());
            SettingsRun.sendSettings(bootstrap, SETTINGS_LANE.settingsTopic(), settingsCustomers);
            step("settings: generator: %,d customers x %,d readings into Kafka", all, settingsReadings);
            Instant start = Instant.now().minusSeconds((long) (count / PRELOAD_EVENTS_PER_SECOND) + 60);
            GeneratorLoad.Result generator = preload(
                    bootstrap,
                    SETTINGS_LANE,
                    new GeneratorSettings(
                            all, PRELOAD_EVENTS_PER_SECOND, start, 48, invalidShare, SimulationProfile.DEFAULT),
                    count);
            try (Connection db = Postgres.connect(url(SETTINGS_LANE.name()), admin)) {
                MeasuredCatchUp measured = catchUp(SETTINGS_LANE, db, generator);
                long checkpoint = cluster.rest().latestCheckpointSize(measured.job());
                long applied = SettingsRun.countSettings(db);
                cancel(measured.job());
                SettingsRun.Result result = new SettingsRun.Result(
                        settingsCustomers, settingsWithout, measured.catchUp(), measured.cpu(), checkpoint, applied);
                step("  %s", result.summary());
                return result;
            }
        }

        /** The job on a steady stream, stopped with a savepoint, down for --outage, resumed from the savepoint. */
        BenchmarkReport.Outage outage() throws Exception {
            List<String> args = jobArgs(OUTAGE_LANE, List.of("--detection-profile", alertDetectionProfile));
            step(
                    "outage: the job on %,.0f events/s (%,d customers) for %s, stopped with a savepoint for %s, "
                            + "resumed",
                    latencyRate, alertCustomers, human(latencyWarmUp), human(outage));
            try (Connection db = Postgres.connect(url(OUTAGE_LANE.name()), admin)) {
                OutageRun.Result result = OutageRun.run(
                        bootstrap,
                        OUTAGE_LANE.topic(),
                        OUTAGE_LANE.alertsTopic(),
                        OUTAGE_LANE.group(),
                        alertStream(45),
                        latencyWarmUp,
                        outage,
                        kafka,
                        cluster.rest(),
                        db,
                        new OutageRun.Jobs() {
                            @Override
                            public String submit(String savepoint) throws Exception {
                                step(savepoint == null ? "  job started" : "  resumed from %s", savepoint);
                                return cluster.submit(
                                        flinkConf.resolve("submit-job.sh"), jobJar, args, fresh(savepoint));
                            }

                            @Override
                            public void cancel(String job) throws Exception {
                                Jobs.this.cancel(job);
                            }
                        });
                step(
                        "  backlog %,d messages; caught up in %.1f s (%,.0f events/s); alert latency meanwhile %s",
                        result.backlog(),
                        result.catchUp().seconds(),
                        result.backlogPerSecond(),
                        result.alertLatency().format());
                return new BenchmarkReport.Outage(alertDetectionProfile, alertCustomers, result);
            }
        }

        /** A fresh job on a steady stream: consecutive runs of event -> row and event -> alert latency. */
        BenchmarkReport.Latency latency() throws Exception {
            List<String> args = jobArgs(LATENCY_LANE, List.of("--detection-profile", alertDetectionProfile));
            Duration bound = outOfOrderness(args);
            step(
                    "latency: %d runs of %s at %,.0f events/s (%,d customers, after %s warm-up)",
                    latencyRuns, human(latencyDuration), latencyRate, alertCustomers, human(latencyWarmUp));
            try (Connection db = Postgres.connect(url(LATENCY_LANE.name()), admin);
                    AlertWatch alerts = AlertWatch.start(bootstrap, LATENCY_LANE.alertsTopic())) {
                String job = cluster.submit(flinkConf.resolve("submit-job.sh"), jobJar, args, fresh(null));
                cluster.rest().awaitTasksRunning(job, RUNNING_TIMEOUT);
                LatencyRun.Result result = LatencyRun.run(
                        bootstrap,
                        LATENCY_LANE.topic(),
                        alertStream(46),
                        latencyWarmUp,
                        latencyDuration,
                        latencyRuns,
                        db,
                        alerts,
                        bound);
                cancel(job);
                for (LatencyRun.Run run : result.runs()) {
                    step(
                            "  event -> row %s; event -> alert %s (%,d alerts)",
                            run.eventToRow().format(),
                            run.eventToAlert().format(),
                            run.eventToAlert().count());
                }
                return new BenchmarkReport.Latency(alertDetectionProfile, alertCustomers, bound.toMillis(), result);
            }
        }

        /**
         * The catch-up on one backend, then, with the whole state in place, the first checkpoint that
         * follows it and the TaskManager's memory.
         */
        BenchmarkReport.BackendRun onBackend(
                StateBackend backend, Lane lane, GeneratorLoad.Result generator, String managedFraction)
                throws Exception {
            step("backends: the job on %s catches up with the topic", backend);
            try (Connection db = Postgres.connect(url(lane.name()), admin)) {
                MeasuredCatchUp measured =
                        catchUp(lane, db, generator, List.of("--state-backend", backend.flinkName()));
                String reported = cluster.rest().stateBackend(measured.job());
                FlinkRest.Checkpoint checkpoint = checkpointAfter(measured.job());
                List<Long> taskManager = cluster.taskManagerPids();
                long resident = TaskManagerMemory.residentBytes(taskManager);
                long liveHeap = TaskManagerMemory.liveHeapBytes(taskManager);
                step(
                        "  %s: checkpoint %d: state %,d KB, written %,d KB, %,d ms; TaskManager heap %,d MB,"
                                + " resident %,d MB",
                        reported,
                        checkpoint.id(),
                        checkpoint.stateSize() >> 10,
                        checkpoint.checkpointedSize() >> 10,
                        checkpoint.durationMillis(),
                        liveHeap >> 20,
                        resident >> 20);
                cancel(measured.job());
                return new BenchmarkReport.BackendRun(
                        backend.flinkName(),
                        reported,
                        managedFraction,
                        measured.catchUp(),
                        measured.cpu(),
                        measured.profile(),
                        checkpoint,
                        liveHeap,
                        resident);
            }
        }

        /** The first checkpoint to complete after now: it holds every customer the job has seen. */
        private FlinkRest.Checkpoint checkpointAfter(String job) throws Exception {
            long seen = cluster.rest()
                    .latestCheckpoint(job)
                    .map(FlinkRest.Checkpoint::id)
                    .orElse(0L);
            long deadline = System.nanoTime() + CHECKPOINT_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                Optional<FlinkRest.Checkpoint> latest = cluster.rest().latestCheckpoint(job);
                if (latest.isPresent() && latest.get().id() > seen) {
                    return latest.get();
                }
                Thread.sleep(500);
            }
            throw new IllegalStateException("no checkpoint of job " + job + " completed in " + CHECKPOINT_TIMEOUT);
        }

        /** What a catch-up measured: speed, the TaskManager's CPU and where it went; the job still runs. */
        private record MeasuredCatchUp(
                String job, CatchUp.Result catchUp, CpuSeconds cpu, Map<String, Double> profile) {}

        /** Submits the lane's job on its pre-loaded topic and times it through; every event must be one row. */
        private MeasuredCatchUp catchUp(Lane lane, Connection db, GeneratorLoad.Result generator) throws Exception {
            return catchUp(lane, db, generator, List.of());
        }

        private MeasuredCatchUp catchUp(
                Lane lane, Connection db, GeneratorLoad.Result generator, List<String> scenarioFlags) throws Exception {
            List<Long> taskManager = cluster.taskManagerPids();
            CpuProfile.start(taskManager);
            CpuSeconds cpuBefore = CpuSeconds.now(taskManager);
            Instant submitted = Instant.now();
            String job = cluster.submit(
                    flinkConf.resolve("submit-job.sh"), jobJar, jobArgs(lane, scenarioFlags), fresh(null));
            CatchUp.Result catchUp = CatchUp.await(
                    kafka, lane.topic(), lane.group(), db, submitted, CATCH_UP_TIMEOUT, cluster.rest(), job);
            CpuSeconds cpu = CpuSeconds.now(taskManager).since(cpuBefore);
            Map<String, Double> profile =
                    CpuProfile.byPart(CpuProfile.stop(taskManager, workDir.resolve(lane.name() + "-catch-up.jfr")));
            requireAccounted(catchUp, generator);
            step(
                    "  %,.0f events/s (%,d stored, %,d rejected in %.1f s); CPU s %s",
                    catchUp.perSecond(), catchUp.stored(), catchUp.rejected(), catchUp.seconds(), cpu.asMap());
            return new MeasuredCatchUp(job, catchUp, cpu, profile);
        }

        private CatchUp.Result runPeer() throws Exception {
            // stringtype=unspecified: the SQL table's STRING event_id goes into the uuid column.
            String peerUrl = url("peer") + "?reWriteBatchedInserts=true&stringtype=unspecified";
            Instant submitted = Instant.now();
            String job = cluster.submit(
                    flinkConf.resolve("submit-job.sh"),
                    peerJar,
                    List.of(
                            "--bootstrap-servers",
                            bootstrap,
                            "--topic",
                            WIDE_LANE.topic(),
                            "--group-id",
                            PEER_GROUP,
                            "--jdbc-url",
                            peerUrl,
                            "--parallelism",
                            String.valueOf(partitions)),
                    fresh(null));
            try (Connection db = Postgres.connect(url("peer"), admin)) {
                CatchUp.Result peer = CatchUp.await(
                        kafka, WIDE_LANE.topic(), PEER_GROUP, db, submitted, CATCH_UP_TIMEOUT, cluster.rest(), job);
                cancel(job);
                return peer; // its messages: the pre-load and the latency run's
            }
        }

        /** The job's flags for a lane: its topics, group and database, the scenario's flags, then --job-arg's. */
        private List<String> jobArgs(Lane lane, List<String> scenarioFlags) {
            return JobArgs.lane(bootstrap, lane.topic(), lane.group(), lane.alertsTopic(), url(lane.name()))
                    .then("--settings-topic", lane.settingsTopic())
                    .parallelism(partitions)
                    .then(scenarioFlags)
                    .then(jobArgs) // last, so they win
                    .list();
        }

        private void cancel(String job) throws Exception {
            cluster.rest().cancel(job);
            cluster.rest().awaitJobState(job, "CANCELED", RUNNING_TIMEOUT);
        }
    }

    /** Enough slots for the jobs' parallelism (--partitions) over the TaskManagers, at least config.yaml's 2. */
    private int slotsPerTaskManager() {
        return Math.max(2, (partitions + taskManagers - 1) / taskManagers);
    }

    /** Event time the long-history pre-load spans, back from now. */
    private Duration longHistory() {
        return LONG_READING_INTERVAL.multipliedBy(longReadings).plusSeconds(60);
    }

    /** Older readings would all be rejected as TIMESTAMP_TOO_OLD: accounted, but no history at all. */
    private void requireLongHistoryWithinMaxEventAge() {
        Duration maxAge = JobOptions.parse(JobArgs.empty()
                        .jdbcUrl(url(LONG_LANE.name()))
                        .then(jobArgs)
                        .array())
                .orElseThrow()
                .validation()
                .maxEventAge();
        if (longHistory().compareTo(maxAge) >= 0) {
            throw new IllegalArgumentException("--long-readings " + longReadings + " spans " + human(longHistory())
                    + " of event time, beyond the job's --max-event-age " + human(maxAge)
                    + "; pass a larger one with --job-arg=--max-event-age=...");
        }
    }

    /** The steady stream of the outage and latency scenarios: a reading a second per customer, frequent anomalies. */
    private GeneratorSettings alertStream(long seed) {
        return new GeneratorSettings(
                alertCustomers,
                latencyRate,
                Instant.now(),
                seed,
                invalidShare,
                SimulationProfile.withAnomalyInterval(anomalyInterval));
    }

    private GeneratorSettings preloadSettings() {
        Instant start = Instant.now().minusSeconds((long) (events / PRELOAD_EVENTS_PER_SECOND) + 60);
        return new GeneratorSettings(
                customers, PRELOAD_EVENTS_PER_SECOND, start, 42, invalidShare, SimulationProfile.DEFAULT);
    }

    /**
     * The submit script resumes from the newest checkpoint in the cluster's directory by default; every
     * scenario's job starts afresh, or from its own savepoint.
     */
    private static Map<String, String> fresh(String savepoint) {
        return Map.of("RESUME_FROM", savepoint == null ? "none" : savepoint);
    }

    /** The watermark bound the job runs with: its default, or what the flags set. */
    private static Duration outOfOrderness(List<String> jobArgs) {
        return JobOptions.parse(jobArgs.toArray(String[]::new)).orElseThrow().pipeline().stream()
                .outOfOrderness();
    }

    /**
     * The peer's JDBC table has a primary key, so the connector upserts: that needs UPDATE, which the job never does.
     */
    private void grantUpsertToPeer(String writer) throws Exception {
        try (Connection db = Postgres.connect(url("peer"), admin);
                Statement s = db.createStatement()) {
            s.execute("GRANT UPDATE ON heartbeats TO \"" + writer.replace("\"", "\"\"") + "\"");
        }
    }

    /** Every pre-loaded message must be exactly one row, or the figure means nothing. */
    private static void requireAccounted(CatchUp.Result pipeline, GeneratorLoad.Result generator) {
        if (pipeline.stored() != generator.sent() - generator.invalid() || pipeline.rejected() != generator.invalid()) {
            throw new IllegalStateException(String.format(
                    "accounting failed: sent %d (%d invalid), stored %d, rejected %d",
                    generator.sent(), generator.invalid(), pipeline.stored(), pipeline.rejected()));
        }
    }

    private String url(String database) {
        return jdbcBaseUrl + databasePrefix + database;
    }

    private static String machine() {
        long ramBytes = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
        return String.format(
                "%d cores, %.0f GiB RAM, %s, Java %s",
                Runtime.getRuntime().availableProcessors(),
                ramBytes / (double) (1L << 30),
                System.getProperty("os.name"),
                System.getProperty("java.version"));
    }

    /** 10s, 3m, 1m30s rather than PT10S. */
    private static String human(Duration duration) {
        return duration.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    static void step(String format, Object... args) {
        System.out.printf("[%tT] %s%n", System.currentTimeMillis(), String.format(format, args));
    }
}
