package com.heartbeatmonitor.benchmark;

import static com.heartbeatmonitor.benchmark.BenchmarkReport.rate;
import static com.heartbeatmonitor.benchmark.BenchmarkReport.ratio;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.heartbeatmonitor.generator.GeneratorSettings;
import com.heartbeatmonitor.generator.SimulationProfile;
import com.heartbeatmonitor.job.config.StateBackend;
import com.heartbeatmonitor.local.FlinkCluster;
import com.heartbeatmonitor.local.FlinkRest;
import com.heartbeatmonitor.local.TaskManagerMemory;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code backends} (only when named): the same pre-load (a million customers, a few readings each) caught up
 * by the job on each state backend, each on a fresh cluster with the same TaskManager size: the heap backend
 * gets the memory as heap, RocksDB keeps Flink's default share as managed memory for its caches. Then the
 * first checkpoint after the catch-up (it holds every customer) and the TaskManager's memory.
 */
final class BackendsScenario implements Scenario {

    /** Flink's own default share of managed memory, which RocksDB uses for its block cache and write buffers. */
    private static final String DEFAULT_MANAGED_FRACTION = "0.4";
    /** Checkpoints come every 10 s (the job's default); one with all of the state must follow within this. */
    private static final Duration CHECKPOINT_TIMEOUT = Duration.ofMinutes(3);
    /** Simulated rate of the pre-load: its event time spans events / this many seconds. */
    private static final double PRELOAD_EVENTS_PER_SECOND = 20_000;

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

    @Override
    public String name() {
        return "backends";
    }

    @Override
    public Placement placement() {
        return Placement.OWN_CLUSTERS;
    }

    @Override
    public List<Lane> lanes() {
        return backends.stream().map(BackendsScenario::lane).toList();
    }

    private static Lane lane(StateBackend backend) {
        return new Lane(backend.flinkName());
    }

    @Override
    public Section run(Stage stage) throws Exception {
        Benchmark common = stage.common();
        long count = (long) backendCustomers * backendReadings;
        List<Run> runs = new ArrayList<>();
        for (StateBackend backend : backends) {
            Lane lane = lane(backend);
            Benchmark.step(
                    "backends: generator: %,d customers x %,d readings into Kafka for %s",
                    backendCustomers, backendReadings, backend);
            Instant start = Instant.now().minusSeconds((long) (count / PRELOAD_EVENTS_PER_SECOND) + 60);
            GeneratorLoad.Result generator = stage.preload(
                    lane,
                    new GeneratorSettings(
                            backendCustomers,
                            PRELOAD_EVENTS_PER_SECOND,
                            start,
                            47,
                            common.invalidShare,
                            SimulationProfile.DEFAULT),
                    count);
            Benchmark.step("  %,.0f events/s", generator.perSecond());
            String managedFraction = backend == StateBackend.HASHMAP ? "0" : DEFAULT_MANAGED_FRACTION;
            Map<String, String> memory = Map.of(
                    "taskmanager.memory.process.size",
                    backendTaskManagerMemory,
                    "taskmanager.memory.managed.fraction",
                    managedFraction);
            try (FlinkCluster cluster = FlinkCluster.start(FlinkCluster.Settings.forJob(
                    common.flinkConf,
                    common.workDir.resolve("flink-" + backend),
                    stage.writer().jdbc(),
                    FlinkCluster.onFreePorts(memory)))) {
                runs.add(onBackend(stage, stage.jobsOn(cluster), backend, lane, generator, managedFraction));
            }
        }
        return new Result(backendCustomers, backendReadings, backendTaskManagerMemory, runs);
    }

    /**
     * The catch-up on one backend, then, with the whole state in place, the first checkpoint that follows it and
     * the TaskManager's memory.
     */
    private static Run onBackend(
            Stage stage,
            ClusterJobs jobs,
            StateBackend backend,
            Lane lane,
            GeneratorLoad.Result generator,
            String managedFraction)
            throws Exception {
        Benchmark.step("backends: the job on %s catches up with the topic", backend);
        try (Connection db = stage.connect(lane.name())) {
            ClusterJobs.MeasuredCatchUp measured =
                    jobs.catchUp(lane, db, generator, List.of("--state-backend", backend.flinkName()));
            String reported = jobs.rest().stateBackend(measured.job());
            FlinkRest.Checkpoint checkpoint = checkpointAfter(jobs.rest(), measured.job());
            List<Long> taskManager = jobs.cluster().taskManagerPids();
            long resident = TaskManagerMemory.residentBytes(taskManager);
            long liveHeap = TaskManagerMemory.liveHeapBytes(taskManager);
            Benchmark.step(
                    "  %s: checkpoint %d: state %,d KB, written %,d KB, %,d ms; TaskManager heap %,d MB,"
                            + " resident %,d MB",
                    reported,
                    checkpoint.id(),
                    checkpoint.stateSize() >> 10,
                    checkpoint.checkpointedSize() >> 10,
                    checkpoint.durationMillis(),
                    liveHeap >> 20,
                    resident >> 20);
            jobs.cancel(measured.job());
            return new Run(
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
    private static FlinkRest.Checkpoint checkpointAfter(FlinkRest rest, String job) throws Exception {
        long seen = rest.latestCheckpoint(job).map(FlinkRest.Checkpoint::id).orElse(0L);
        long deadline = System.nanoTime() + CHECKPOINT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<FlinkRest.Checkpoint> latest = rest.latestCheckpoint(job);
            if (latest.isPresent() && latest.get().id() > seen) {
                return latest.get();
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no checkpoint of job " + job + " completed in " + CHECKPOINT_TIMEOUT);
    }

    /**
     * One backend's catch-up, the first checkpoint after it (all customers in the state) and the TaskManager's
     * live heap and resident memory then. {@code reported} is the backend Flink ran.
     */
    record Run(
            String backend,
            String reported,
            String managedFraction,
            CatchUp.Result catchUp,
            CpuSeconds cpu,
            Map<String, Double> profile,
            FlinkRest.Checkpoint checkpoint,
            long liveHeapBytes,
            long residentBytes) {

        @JsonProperty
        double taskManagerMicrosPerEvent() {
            return cpu.taskManagerMicrosPer(catchUp.messages());
        }
    }

    /** The same pre-load caught up on each state backend; the first run is the ratios' base. */
    record Result(int customers, int readingsPerCustomer, String taskManagerMemory, List<Run> runs) implements Section {

        @Override
        public String key() {
            return "backends";
        }

        @Override
        public List<BenchmarkReport.Row> rows(BenchmarkReport report) {
            List<BenchmarkReport.Row> rows = new ArrayList<>();
            Run base = runs.get(0);
            for (Run run : runs) {
                String prefix = String.format(
                        Locale.ROOT,
                        "State backend %s (%s; TaskManager %s, managed fraction %s)",
                        run.backend(),
                        run.reported(),
                        taskManagerMemory,
                        run.managedFraction());
                rows.add(new BenchmarkReport.Row(
                        String.format(
                                Locale.ROOT,
                                "%s: catch-up of %,d customers x %,d readings (%,d messages, all accounted)",
                                prefix,
                                customers,
                                readingsPerCustomer,
                                run.catchUp().messages()),
                        rate(run.catchUp().perSecond(), "events/s"),
                        ratio(run.catchUp().perSecond() / base.catchUp().perSecond()),
                        "",
                        null));
                rows.add(new BenchmarkReport.Row(
                        prefix + ": TaskManager CPU per event",
                        BenchmarkReport.micros(run.taskManagerMicrosPerEvent(), run.cpu()),
                        ratio(run.taskManagerMicrosPerEvent() / base.taskManagerMicrosPerEvent()),
                        "",
                        null));
                FlinkRest.Checkpoint c = run.checkpoint();
                rows.add(new BenchmarkReport.Row(
                        prefix + ": first checkpoint after the catch-up: state size (per customer), written, duration",
                        String.format(
                                Locale.ROOT,
                                "%,.1f MB (%,.0f B), %,.1f MB, %,d ms",
                                c.stateSize() / 1e6,
                                (double) c.stateSize() / customers,
                                c.checkpointedSize() / 1e6,
                                c.durationMillis()),
                        ratio((double) c.stateSize() / base.checkpoint().stateSize()),
                        "",
                        null));
                rows.add(new BenchmarkReport.Row(
                        prefix + ": TaskManager live heap after full GC, resident memory",
                        String.format(
                                Locale.ROOT,
                                "%,.0f MB, %,.0f MB",
                                run.liveHeapBytes() / 1e6,
                                run.residentBytes() / 1e6),
                        ratio((double) run.liveHeapBytes() / base.liveHeapBytes()) + " heap",
                        "",
                        null));
            }
            return rows;
        }

        @Override
        public void notes(StringBuilder markdown, String machine) {
            for (Run run : runs) {
                BenchmarkReport.cpu(
                        markdown, machine, run.backend() + " backend", run.catchUp(), run.cpu(), run.profile());
            }
        }
    }
}
