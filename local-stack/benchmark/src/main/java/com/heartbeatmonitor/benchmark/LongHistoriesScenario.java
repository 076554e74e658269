package com.heartbeatmonitor.benchmark;

import static com.heartbeatmonitor.benchmark.BenchmarkReport.rate;
import static com.heartbeatmonitor.benchmark.BenchmarkReport.ratio;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.heartbeatmonitor.generator.GeneratorSettings;
import com.heartbeatmonitor.generator.SimulationProfile;
import com.heartbeatmonitor.job.config.JobOptions;
import com.heartbeatmonitor.local.JobArgs;
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
 * {@code long}: a few customers with long histories, what a restore or a replay of real wearers looks like,
 * pre-loaded before the job starts; the same catch-up as wide, and its ratio to wide's.
 */
final class LongHistoriesScenario extends SharedClusterScenario {

    /** Spacing of each customer's readings. */
    private static final Duration READING_INTERVAL = Duration.ofSeconds(1);

    static final double LONG_OVER_WIDE = 0.8;

    LongHistoriesScenario() {
        super("long", new Lane("long"));
    }

    @Option(names = "--long-customers", defaultValue = "20", description = "long: customers.")
    int longCustomers;

    @Option(
            names = "--long-readings",
            defaultValue = "100000",
            description = "long: readings per customer, 1 s apart in event time, pre-loaded.")
    long longReadings;

    /** Older readings would all be rejected as TIMESTAMP_TOO_OLD: accounted, but no history at all. */
    @Override
    public void validate(Benchmark common) {
        Duration maxAge = JobOptions.parse(JobArgs.empty()
                        .jdbcUrl(common.url(lane.name()))
                        .then(common.jobArgs)
                        .array())
                .orElseThrow()
                .validation()
                .maxEventAge();
        if (history().compareTo(maxAge) >= 0) {
            throw new IllegalArgumentException("--long-readings " + longReadings + " spans "
                    + Benchmark.human(history()) + " of event time, beyond the job's --max-event-age "
                    + Benchmark.human(maxAge) + "; pass a larger one with --job-arg=--max-event-age=...");
        }
    }

    /** Event time the pre-load spans, back from now. */
    private Duration history() {
        return READING_INTERVAL.multipliedBy(longReadings).plusSeconds(60);
    }

    @Override
    public Section run(Stage stage) throws Exception {
        long count = longCustomers * longReadings;
        Benchmark.step(
                "long: generator: %,d customers x %,d readings (%s apart), into Kafka as fast as it can",
                longCustomers, longReadings, Benchmark.human(READING_INTERVAL));
        double rate = longCustomers / (READING_INTERVAL.toMillis() / 1e3);
        Instant start = Instant.now().minus(history());
        GeneratorLoad.Result generator = stage.preload(
                lane,
                new GeneratorSettings(
                        longCustomers, rate, start, 44, stage.common().invalidShare, SimulationProfile.DEFAULT),
                count);
        Benchmark.step("  %,.0f events/s", generator.perSecond());
        Benchmark.step("long: the job catches up with the topic");
        try (Connection db = stage.connect(lane.name())) {
            ClusterJobs.MeasuredCatchUp measured = stage.jobs().catchUp(lane, db, generator);
            stage.jobs().cancel(measured.job());
            return new Result(
                    longCustomers, longReadings, generator, measured.catchUp(), measured.cpu(), measured.profile());
        }
    }

    /** A few customers with long histories, pre-loaded: the same catch-up as wide. */
    record Result(
            int customers,
            long readingsPerCustomer,
            GeneratorLoad.Result generator,
            CatchUp.Result catchUp,
            CpuSeconds cpu,
            Map<String, Double> profile)
            implements Section {

        @Override
        public String key() {
            return "longHistories";
        }

        @JsonProperty
        double taskManagerMicrosPerEvent() {
            return cpu.taskManagerMicrosPer(catchUp.messages());
        }

        @Override
        public List<BenchmarkReport.Row> rows(BenchmarkReport report) {
            List<BenchmarkReport.Row> rows = new ArrayList<>();
            Optional<WideScenario.Result> wide = report.section(WideScenario.Result.class);
            String measure = String.format(
                    Locale.ROOT,
                    "Pipeline catch-up, long histories: %,d customers x %,d readings"
                            + " 1 s apart (%,d invalid), pre-loaded (all accounted)",
                    customers,
                    readingsPerCustomer,
                    generator.invalid());
            String figure = rate(catchUp.perSecond(), "events/s");
            if (wide.isEmpty()) {
                rows.add(new BenchmarkReport.Row(
                        measure,
                        figure,
                        "",
                        String.format(Locale.ROOT, ">= %.1f x wide: not run", LONG_OVER_WIDE),
                        null));
            } else {
                double overWide = catchUp.perSecond() / wide.get().pipelinePerSecond();
                rows.add(new BenchmarkReport.Row(
                        measure,
                        figure,
                        ratio(overWide) + " x wide",
                        String.format(Locale.ROOT, ">= %.1f x wide", LONG_OVER_WIDE),
                        overWide >= LONG_OVER_WIDE));
            }
            rows.add(new BenchmarkReport.Row(
                    "TaskManager CPU per event, long-histories catch-up",
                    BenchmarkReport.micros(taskManagerMicrosPerEvent(), cpu),
                    wide.map(w -> ratio(taskManagerMicrosPerEvent() / w.taskManagerMicrosPerEvent()) + " x wide")
                            .orElse(""),
                    "",
                    null));
            return rows;
        }

        @Override
        public void notes(StringBuilder markdown, String machine) {
            BenchmarkReport.cpu(markdown, machine, "long-histories", catchUp, cpu, profile);
        }
    }
}
