package com.heartbeatmonitor.benchmark;

import com.heartbeatmonitor.generator.GeneratorSettings;
import com.heartbeatmonitor.generator.SimulationProfile;
import java.sql.Connection;
import java.time.Instant;
import picocli.CommandLine.Option;

/**
 * {@code settings}: --settings-customers customers with settings of their own and --settings-without without,
 * caught up like wide: what per-customer settings cost in throughput, CPU per event and checkpointed state.
 */
final class SettingsScenario extends SharedClusterScenario {

    private static final Lane LANE = new Lane("settings");
    /** Simulated rate of the pre-load, as wide's: its event time spans events / this many seconds. */
    private static final double PRELOAD_EVENTS_PER_SECOND = 20_000;

    private static final long SEED = 48;

    SettingsScenario() {
        super("settings", LANE);
    }

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

    @Override
    public Section run(Stage stage) throws Exception {
        int all = settingsCustomers + settingsWithout;
        long count = (long) all * settingsReadings;
        Benchmark.step("settings: %,d customers' settings into %s", settingsCustomers, LANE.settingsTopic());
        SettingsRun.sendSettings(stage.bootstrap(), LANE.settingsTopic(), settingsCustomers);
        Benchmark.step("settings: generator: %,d customers x %,d readings into Kafka", all, settingsReadings);
        Instant start = Instant.now().minusSeconds((long) (count / PRELOAD_EVENTS_PER_SECOND) + 60);
        GeneratorLoad.Result generator = stage.preload(
                LANE,
                new GeneratorSettings(
                        all,
                        PRELOAD_EVENTS_PER_SECOND,
                        start,
                        SEED,
                        stage.common().invalidShare,
                        SimulationProfile.DEFAULT),
                count);
        ClusterJobs jobs = stage.jobs();
        try (Connection db = stage.connect(LANE.name())) {
            ClusterJobs.MeasuredCatchUp measured = jobs.catchUp(LANE, db, generator);
            long checkpoint = jobs.rest().latestCheckpointSize(measured.job());
            long applied = SettingsRun.countSettings(db);
            jobs.cancel(measured.job());
            SettingsRun.Result result = new SettingsRun.Result(
                    settingsCustomers, settingsWithout, measured.catchUp(), measured.cpu(), checkpoint, applied);
            Benchmark.step("  %s", result.summary());
            return result;
        }
    }
}
