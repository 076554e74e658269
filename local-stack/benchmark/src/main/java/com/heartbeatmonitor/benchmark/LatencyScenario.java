package com.heartbeatmonitor.benchmark;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.heartbeatmonitor.job.config.JobOptions;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** {@code latency}: a fresh job on a steady stream; consecutive runs of event -> row and event -> alert latency. */
final class LatencyScenario extends SharedClusterScenario {

    static final double ROW_P99_MILLIS = 500;
    static final double ALERT_OVER_BOUND_MILLIS = 1_000;

    LatencyScenario() {
        super("latency", new Lane("latency"));
    }

    @Option(names = "--latency-runs", defaultValue = "3", description = "latency: consecutive measured runs.")
    int latencyRuns;

    @Override
    public Section run(Stage stage) throws Exception {
        Benchmark common = stage.common();
        ClusterJobs jobs = stage.jobs();
        List<String> args = jobs.alertJobArgs(lane);
        Duration bound = outOfOrderness(args);
        Benchmark.step(
                "latency: %d runs of %s at %,.0f events/s (%,d customers, after %s warm-up)",
                latencyRuns,
                Benchmark.human(common.latencyDuration),
                common.latencyRate,
                common.alertCustomers,
                Benchmark.human(common.latencyWarmUp));
        try (Connection db = stage.connect(lane.name());
                AlertWatch alerts = AlertWatch.start(stage.bootstrap(), lane.alertsTopic())) {
            String job = jobs.submit(common.jobJar, args, null);
            jobs.rest().awaitTasksRunning(job, ClusterJobs.RUNNING_TIMEOUT);
            LatencyRun.Result result = LatencyRun.run(
                    stage.bootstrap(),
                    lane.topic(),
                    common.alertStream(46),
                    common.latencyWarmUp,
                    common.latencyDuration,
                    latencyRuns,
                    db,
                    alerts,
                    bound);
            jobs.cancel(job);
            for (LatencyRun.Run run : result.runs()) {
                Benchmark.step(
                        "  event -> row %s; event -> alert %s (%,d alerts)",
                        run.eventToRow().format(),
                        run.eventToAlert().format(),
                        run.eventToAlert().count());
            }
            return new Result(common.alertDetectionProfile, common.alertCustomers, bound.toMillis(), result);
        }
    }

    /** The watermark bound the job runs with: its default, or what the flags set. */
    private static Duration outOfOrderness(List<String> jobArgs) {
        return JobOptions.parse(jobArgs.toArray(String[]::new)).orElseThrow().pipeline().stream()
                .outOfOrderness();
    }

    /** Consecutive latency runs on a steady stream. */
    record Result(String detectionProfile, int customers, long outOfOrdernessMillis, LatencyRun.Result result)
            implements Section {

        @Override
        public String key() {
            return "latency";
        }

        @JsonProperty
        double alertTargetMillis() {
            return outOfOrdernessMillis + ALERT_OVER_BOUND_MILLIS;
        }

        @Override
        public List<BenchmarkReport.Row> rows(BenchmarkReport report) {
            List<BenchmarkReport.Row> rows = new ArrayList<>();
            List<LatencyRun.Run> runs = result.runs();
            for (int i = 0; i < runs.size(); i++) {
                LatencyRun.Run run = runs.get(i);
                String prefix = String.format(
                        Locale.ROOT,
                        "Latency run %d of %d at %,.0f events/s (%s detection, %,d customers)",
                        i + 1,
                        runs.size(),
                        result.rate(),
                        detectionProfile,
                        customers);
                rows.add(new BenchmarkReport.Row(
                        String.format(
                                Locale.ROOT,
                                "%s, %,d messages: event -> row p50 / p95 / p99 / max",
                                prefix,
                                run.eventToRow().count()),
                        run.eventToRow().format(),
                        "",
                        String.format(Locale.ROOT, "p99 <= %,.0f ms", ROW_P99_MILLIS),
                        run.eventToRow().p99AtMost(ROW_P99_MILLIS)));
                rows.add(new BenchmarkReport.Row(
                        String.format(
                                Locale.ROOT,
                                "%s, %,d alerts: event -> alert p50 / p95 / p99 / max",
                                prefix,
                                run.eventToAlert().count()),
                        run.eventToAlert().format(),
                        "",
                        String.format(
                                Locale.ROOT,
                                "p99 <= %,.0f ms (out-of-orderness %,d ms + 1 s)",
                                alertTargetMillis(),
                                outOfOrdernessMillis),
                        run.eventToAlert().p99AtMost(alertTargetMillis())));
            }
            return rows;
        }

        @Override
        public void notes(StringBuilder markdown, String machine) {
            long unmatched = result.runs().stream()
                    .mapToLong(LatencyRun.Run::unmatchedAlerts)
                    .max()
                    .orElse(0);
            if (unmatched > 0) {
                markdown.append(String.format(
                        Locale.ROOT, "%n%,d alerts named no reading that was sent (left out).%n", unmatched));
            }
        }
    }
}
