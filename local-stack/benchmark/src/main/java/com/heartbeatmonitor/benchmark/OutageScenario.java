package com.heartbeatmonitor.benchmark;

import com.heartbeatmonitor.generator.DurationConverter;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code outage}: the job on a steady stream, stopped with a savepoint (as an operator upgrades it), down
 * while the generator goes on, and resumed from the savepoint: the time to catch up, and the alert latency
 * meanwhile.
 */
final class OutageScenario extends SharedClusterScenario {

    OutageScenario() {
        super("outage", new Lane("outage"));
    }

    @Option(
            names = "--outage",
            defaultValue = "3m",
            converter = DurationConverter.class,
            description = "outage: how long the job stays stopped while the generator goes on.")
    Duration outage;

    @Override
    public Section run(Stage stage) throws Exception {
        Benchmark common = stage.common();
        ClusterJobs jobs = stage.jobs();
        List<String> args = jobs.alertJobArgs(lane);
        Benchmark.step(
                "outage: the job on %,.0f events/s (%,d customers) for %s, stopped with a savepoint for %s, resumed",
                common.latencyRate,
                common.alertCustomers,
                Benchmark.human(common.latencyWarmUp),
                Benchmark.human(outage));
        try (Connection db = stage.connect(lane.name())) {
            OutageRun.Result result = OutageRun.run(
                    stage.bootstrap(),
                    lane.topic(),
                    lane.alertsTopic(),
                    lane.group(),
                    common.alertStream(45),
                    common.latencyWarmUp,
                    outage,
                    stage.kafka(),
                    jobs.rest(),
                    db,
                    new OutageRun.Jobs() {
                        @Override
                        public String submit(String savepoint) throws Exception {
                            Benchmark.step(savepoint == null ? "  job started" : "  resumed from %s", savepoint);
                            return jobs.submit(common.jobJar, args, savepoint);
                        }

                        @Override
                        public void cancel(String job) throws Exception {
                            jobs.cancel(job);
                        }
                    });
            Benchmark.step(
                    "  backlog %,d messages; caught up in %.1f s (%,.0f events/s); alert latency meanwhile %s",
                    result.backlog(),
                    result.catchUp().seconds(),
                    result.backlogPerSecond(),
                    result.alertLatency().format());
            return new Result(common.alertDetectionProfile, common.alertCustomers, result);
        }
    }

    /** Stop with savepoint, outage, resume, on a steady stream. */
    record Result(String detectionProfile, int customers, OutageRun.Result result) implements Section {

        @Override
        public String key() {
            return "outage";
        }

        @Override
        public List<BenchmarkReport.Row> rows(BenchmarkReport report) {
            OutageRun.Result o = result;
            return List.of(
                    new BenchmarkReport.Row(
                            String.format(
                                    Locale.ROOT,
                                    "After an outage: job stopped with a savepoint for %.0f s at %,.0f events/s"
                                            + " (%s detection, %,d customers), resumed: time until all %,d messages"
                                            + " produced up to the restart are accounted (backlog %,d)",
                                    o.outageSeconds(),
                                    o.rate(),
                                    detectionProfile,
                                    customers,
                                    o.catchUp().messages(),
                                    o.backlog()),
                            String.format(
                                    Locale.ROOT,
                                    "%,.1f s (%,.0f events/s)",
                                    o.catchUp().seconds(),
                                    o.backlogPerSecond()),
                            "",
                            "",
                            null),
                    new BenchmarkReport.Row(
                            String.format(
                                    Locale.ROOT,
                                    "Alert latency during that catch-up, %,d alerts sent from the restart"
                                            + " until caught up (from their completing reading): p50 / p95 / p99 / max",
                                    o.alertLatency().count()),
                            o.alertLatency().format(),
                            "",
                            "",
                            null));
        }
    }
}
