package com.heartbeatmonitor.benchmark;

import static com.heartbeatmonitor.benchmark.BenchmarkReport.rate;
import static com.heartbeatmonitor.benchmark.BenchmarkReport.ratio;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.heartbeatmonitor.generator.DurationConverter;
import com.heartbeatmonitor.local.FlinkCluster;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoublePredicate;
import picocli.CommandLine.Option;

/**
 * {@code history-catchup} (only when named): wide's catch-up (its --events over its --customers) into a database
 * that already holds days of the customers' past, by its figures next to wide's on an empty table: does the write
 * cost grow with history? The history is loaded by {@link HistoryLoad} while the scenarios prepare, before any
 * cluster starts (so a lack of disk stops the run before the others have run), ending where the catch-up's readings
 * begin; with --history-schema-dir under another checkout's schema, the same run measures the schema before a
 * change.
 */
final class HistoryCatchUpScenario implements Scenario {

    private static final Lane LANE = new Lane("history_catchup");

    /** Issue 23, "A write path that scales": on top of the history, the catch-up within this factor of wide's. */
    static final double WITHIN_OF_WIDE = 1.3;

    @Option(
            names = "--history-catchup-days",
            defaultValue = "30",
            description = "history-catchup: days of history under the catch-up (30: the readings' retention).")
    int days;

    @Option(
            names = "--history-catchup-customers",
            defaultValue = "10000",
            description = "history-catchup: customers of the history; the catch-up's first ones (it has --customers).")
    int customers;

    @Option(
            names = "--history-catchup-interval",
            defaultValue = "3m",
            converter = DurationConverter.class,
            description = "history-catchup: time between two readings of a customer in the history (3m: 144 M"
                    + " readings over 30 days x 10,000).")
    Duration interval;

    /** Sent before the history is loaded: its first reading's time is where the history ends. */
    private GeneratorLoad.Result generator;

    private HistoryLoad.Result history;

    @Override
    public String name() {
        return "history-catchup";
    }

    /**
     * A cluster of its own, after the shared one is gone: the catch-up starts on a cluster as fresh as wide's (cold
     * JIT, empty heap), not on one that ran wide's jobs before.
     */
    @Override
    public Placement placement() {
        return Placement.OWN_CLUSTERS;
    }

    @Override
    public List<Lane> lanes() {
        return List.of(LANE);
    }

    @Override
    public void validate(Benchmark common) {
        if (days < 1 || customers < 1 || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("--history-catchup-days and --history-catchup-customers must be at"
                    + " least 1 and --history-catchup-interval positive");
        }
        if (interval.compareTo(Duration.ofDays(days)) > 0) {
            throw new IllegalArgumentException("--history-catchup-interval " + Benchmark.human(interval)
                    + " is longer than the history's " + days + " days: no reading at all");
        }
    }

    /** Its database is created here, with the schema --history-schema-dir names (this checkout's by default). */
    @Override
    public List<String> databases() {
        return List.of();
    }

    @Override
    public void prepare(Stage stage) throws Exception {
        Benchmark common = stage.common();
        Path schemaDir = common.scenario(HistoryScenario.class).historySchemaDir;
        String url = common.url(LANE.name());
        HistorySchema.recreate(name(), url, stage.admin(), stage.roles(), schemaDir);
        WideLoad load = common.scenario(WideScenario.class).load();
        // The pre-load first: the history ends where its readings begin, however long the history takes to load.
        // The job judges a reading's age by its Kafka record's time, so the wait does not age it.
        Instant start = load.start();
        generator = load.send(stage, name(), LANE, start);
        history = HistoryLoad.load(
                url,
                stage.admin(),
                HistoryRows.ending(start, days, customers, interval),
                days,
                schemaDir == null ? "this checkout's" : schemaDir.toString());
    }

    @Override
    public Section run(Stage stage) throws Exception {
        Benchmark common = stage.common();
        WideLoad load = common.scenario(WideScenario.class).load();
        try (FlinkCluster cluster = FlinkCluster.start(
                        common.cluster("flink-history-catchup", stage.writer().jdbc()));
                Connection db = stage.connect(LANE.name())) {
            Benchmark.step("history-catchup: the job catches up with the topic, on top of the history");
            ClusterJobs jobs = stage.jobsOn(cluster);
            ClusterJobs.MeasuredCatchUp measured = jobs.catchUp(LANE, db, generator);
            jobs.cancel(measured.job());
            return new Result(
                    history,
                    load.events(),
                    load.customers(),
                    generator,
                    measured.catchUp(),
                    measured.cpu(),
                    measured.profile());
        }
    }

    /** The wide catch-up on top of a history, with the history's load and size. */
    record Result(
            HistoryLoad.Result history,
            long events,
            int customers,
            GeneratorLoad.Result generator,
            CatchUp.Result catchUp,
            CpuSeconds cpu,
            Map<String, Double> profile)
            implements Section {

        @Override
        public String key() {
            return "historyCatchUp";
        }

        @JsonProperty
        double taskManagerMicrosPerEvent() {
            return cpu.taskManagerMicrosPer(catchUp.messages());
        }

        @JsonProperty
        double postgresMicrosPerReading() {
            return cpu.postgresMicrosPer(catchUp.stored());
        }

        @Override
        public List<BenchmarkReport.Row> rows(BenchmarkReport report) {
            Optional<WideScenario.Result> wide = report.section(WideScenario.Result.class);
            List<BenchmarkReport.Row> rows = new ArrayList<>();
            rows.add(new BenchmarkReport.Row(
                    String.format(
                            Locale.ROOT,
                            "History under the catch-up: %s (%s schema), COPY in event-time order, then VACUUM"
                                    + " ANALYZE %.0f s",
                            history.describe(),
                            history.schema(),
                            history.vacuumSeconds()),
                    String.format(
                            Locale.ROOT,
                            "%,d rows in %.0f s (%s)",
                            history.rows(),
                            history.copySeconds(),
                            rate(history.rowsPerSecond(), "rows/s")),
                    "",
                    "",
                    null));
            Long freeBefore = history.before().diskFree();
            rows.add(new BenchmarkReport.Row(
                    "Database after the history (and the disk's free space before it)",
                    String.format(
                            Locale.ROOT,
                            "%s (before: %s); %,.0f B per reading",
                            HistoryLoad.describe(history.after()),
                            freeBefore == null ? "unknown" : HistoryLoad.gigabytes(freeBefore),
                            history.bytesPerRow()),
                    "",
                    "",
                    null));
            rows.add(overWide(
                    String.format(
                            Locale.ROOT,
                            "Pipeline catch-up on top of the history: wide's %,d events (%,d invalid) over %,d"
                                    + " customers (all accounted)",
                            events,
                            generator.invalid(),
                            customers),
                    rate(catchUp.perSecond(), "events/s"),
                    wide.map(w -> catchUp.perSecond() / w.pipelinePerSecond()),
                    ">= 1/" + WITHIN_OF_WIDE + " x wide",
                    overWide -> overWide >= 1 / WITHIN_OF_WIDE));
            rows.add(overWide(
                    "PostgreSQL CPU per stored reading, catch-up on top of the history",
                    BenchmarkReport.postgresMicros(postgresMicrosPerReading(), cpu),
                    wide.map(w -> postgresMicrosPerReading() / w.postgresMicrosPerReading()),
                    "<= " + WITHIN_OF_WIDE + " x wide",
                    overWide -> overWide <= WITHIN_OF_WIDE));
            rows.add(new BenchmarkReport.Row(
                    "TaskManager CPU per event, catch-up on top of the history",
                    BenchmarkReport.micros(taskManagerMicrosPerEvent(), cpu),
                    wide.map(w -> ratio(taskManagerMicrosPerEvent() / w.taskManagerMicrosPerEvent()) + " x wide")
                            .orElse(""),
                    "",
                    null));
            return rows;
        }

        /** A row whose target is a ratio to wide's figure; without wide in the run, it says so. */
        private static BenchmarkReport.Row overWide(
                String measure, String figure, Optional<Double> overWide, String target, DoublePredicate met) {
            return overWide.map(
                            r -> new BenchmarkReport.Row(measure, figure, ratio(r) + " x wide", target, met.test(r)))
                    .orElseGet(() -> new BenchmarkReport.Row(measure, figure, "", target + ": wide not run", null));
        }

        @Override
        public void notes(StringBuilder markdown, String machine) {
            BenchmarkReport.cpu(markdown, machine, "history-catchup", catchUp, cpu, profile);
        }
    }
}
