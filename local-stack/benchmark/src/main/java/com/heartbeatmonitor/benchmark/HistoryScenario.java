package com.heartbeatmonitor.benchmark;

import com.heartbeatmonitor.generator.DurationConverter;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * {@code history} (only when named): days of many customers' history loaded by COPY in event-time order, as
 * the job writes it, then every dashboard query timed; no Kafka, no job. Writes its own {@code history.md}.
 */
final class HistoryScenario implements Scenario {

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
            description = "history, history-catchup: apply this sql/ folder (e.g. of an older checkout) instead of the"
                    + " built-in schema, to measure a schema change's before.")
    Path historySchemaDir;

    @Option(names = "--dashboard", defaultValue = "dashboards/json/heartbeat-monitor.json")
    Path dashboard;

    @Override
    public String name() {
        return "history";
    }

    @Override
    public Placement placement() {
        return Placement.DATABASE;
    }

    /** Its database is prepared by {@link HistoryQueries}, from the built-in schema or another one. */
    @Override
    public Section run(Stage stage) throws Exception {
        Path workDir = stage.common().workDir;
        HistoryQueries.Settings settings = new HistoryQueries.Settings(
                historyDays, historyCustomers, historyInterval, historyRuns, historySchemaDir, dashboard);
        HistoryQueries.Result history =
                HistoryQueries.run(stage.common().url("history"), stage.admin(), stage.roles(), settings);
        HistoryQueries.write(workDir, history, settings);
        System.out.println();
        System.out.println(HistoryQueries.markdown(history, settings));
        System.out.println("Written: " + workDir.resolve("history.md"));
        return null;
    }
}
