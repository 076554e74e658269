package com.heartbeatmonitor.benchmark;

import com.heartbeatmonitor.generator.DurationConverter;
import com.heartbeatmonitor.generator.GeneratorSettings;
import com.heartbeatmonitor.generator.SimulationProfile;
import com.heartbeatmonitor.job.config.JdbcSettings;
import com.heartbeatmonitor.job.config.JobOptions;
import com.heartbeatmonitor.local.FlinkCluster;
import com.heartbeatmonitor.local.KafkaBroker;
import com.heartbeatmonitor.local.Postgres;
import com.heartbeatmonitor.migrate.Roles;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.apache.commons.io.FileUtils;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The benchmark: in one run on this machine, the scenarios named by {@code --scenarios}, each a class of its
 * own ({@link Scenario}): the pipeline against the machine's own ceilings and a Flink SQL peer ({@code wide}),
 * the same catch-up on top of days of history ({@code history-catchup}), long histories ({@code long}), a stop
 * with savepoint and resume ({@code outage}), event -> row and event -> alert latency ({@code latency}), the
 * dashboard queries over days of history ({@code history}), the state backends at a million customers
 * ({@code backends}) and per-customer settings ({@code settings}). This class holds what they share: the settings, the
 * databases, the broker and the cluster, in that order. Prints a markdown table, writes it and JSON.
 */
@Command(
        name = "run-benchmark",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        showDefaultValues = true,
        description = "Measures the pipeline against COPY, a plain Kafka consumer and a Flink SQL peer, over long"
                + " histories, after an outage and at a steady rate; the dashboard queries and the catch-up over"
                + " days of history.")
public final class Benchmark implements Callable<Integer> {

    /**
     * Every scenario, in the order they run; a new one is a class of its own added here. Fresh instances per
     * command line: picocli fills in each one's options.
     */
    static final List<Supplier<Scenario>> SCENARIOS = List.of(
            WideScenario::new,
            HistoryCatchUpScenario::new,
            LongHistoriesScenario::new,
            OutageScenario::new,
            LatencyScenario::new,
            HistoryScenario::new,
            BackendsScenario::new,
            SettingsScenario::new);

    /** The scenarios' names, for --scenarios' help. */
    static final class ScenarioNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return SCENARIOS.stream().map(s -> s.get().name()).iterator();
        }
    }

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--scenarios",
            split = ",",
            defaultValue = "wide,long,outage,latency",
            completionCandidates = ScenarioNames.class,
            paramLabel = "<scenario>",
            description = "Scenarios to run, comma-separated: ${COMPLETION-CANDIDATES}.")
    List<String> scenarioNames;

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
            names = "--jdbc-base-url",
            defaultValue = "jdbc:postgresql://localhost:5432/",
            description = "Server of the benchmark's databases (<prefix>copy, pipeline, peer, long, outage, latency;"
                    + " dropped first), e.g. jdbc:postgresql://127.0.0.1:55432/.")
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

    @Option(names = "--work-dir", defaultValue = ".run/benchmark", description = "Kafka data, cluster files, results.")
    Path workDir;

    @Option(names = "--job-jar", defaultValue = "flink-job/target/heartbeat-monitor-job.jar")
    Path jobJar;

    @Option(names = "--flink-conf", defaultValue = "flink-conf")
    Path flinkConf;

    /** The scenarios of this command line, their options among the command's. */
    private final List<Scenario> scenarios = new ArrayList<>();

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command with every scenario's options: what main runs and what the docs check reads. */
    public static CommandLine commandLine() {
        Benchmark benchmark = new Benchmark();
        CommandLine cli = new CommandLine(benchmark).setCaseInsensitiveEnumValuesAllowed(true);
        for (Supplier<Scenario> supplier : SCENARIOS) {
            Scenario scenario = supplier.get();
            benchmark.scenarios.add(scenario);
            cli.addMixin(scenario.name(), scenario);
        }
        return cli;
    }

    @Override
    public Integer call() throws Exception {
        List<Scenario> selected = selected();
        selected.forEach(scenario -> scenario.validate(this));
        JobOptions writer =
                JobOptions.parse("--jdbc-url", url(WideScenario.LANE.name())).orElseThrow();
        Postgres.Admin admin = Postgres.Admin.fromEnvironment();
        Roles roles =
                Roles.withDefaultReader(writer.jdbc().user(), writer.jdbc().password());
        Stage database = new Stage(this, admin, roles, writer, null, null, null);
        List<Scenario.Section> sections = new ArrayList<>();
        for (Scenario scenario : placed(selected, Scenario.Placement.DATABASE)) {
            add(sections, scenario.run(database));
        }
        selected.removeIf(scenario -> scenario.placement() == Scenario.Placement.DATABASE);
        if (selected.isEmpty()) {
            return 0;
        }
        for (Scenario scenario : selected) {
            for (String db : scenario.databases()) {
                Postgres.dropDatabase(url(db), admin);
                Postgres.prepare(url(db), admin, roles);
            }
        }
        FileUtils.deleteDirectory(workDir.resolve("kafka").toFile());
        FileUtils.deleteDirectory(workDir.resolve("flink").toFile());

        try (KafkaBroker broker = KafkaBroker.startOnFreePorts(workDir.resolve("kafka"));
                Admin kafka = broker.admin()) {
            for (Scenario scenario : selected) {
                for (Lane lane : scenario.lanes()) {
                    broker.createTopic(lane.topic(), partitions);
                    broker.createTopic(lane.alertsTopic(), partitions);
                    broker.createTopic(lane.settingsTopic(), partitions, KafkaBroker.COMPACTED);
                }
            }
            Stage stage = new Stage(this, admin, roles, writer, broker.bootstrapServers(), kafka, null);
            // Every scenario's preparation first, own-cluster ones' too: a long one (a history) fails before the
            // shared cluster's scenarios have run, not after.
            for (Scenario scenario : selected) {
                scenario.prepare(stage);
            }
            List<Scenario> shared = placed(selected, Scenario.Placement.SHARED_CLUSTER);
            if (!shared.isEmpty()) {
                try (FlinkCluster cluster = FlinkCluster.start(cluster("flink", writer.jdbc()))) {
                    Stage onCluster = stage.on(cluster);
                    for (Scenario scenario : shared) {
                        add(sections, scenario.run(onCluster));
                    }
                }
            }
            for (Scenario scenario : placed(selected, Scenario.Placement.OWN_CLUSTERS)) {
                add(sections, scenario.run(stage));
            }

            BenchmarkReport report = new BenchmarkReport(
                    LocalDate.now().toString(),
                    machine()
                            + String.format(
                                    Locale.ROOT,
                                    "; Flink: %d TaskManager JVM(s) x %d slots, job parallelism %d",
                                    taskManagers,
                                    slotsPerTaskManager(),
                                    partitions),
                    sections,
                    String.join(" ", jobArgs));
            report.write(workDir);
            System.out.println();
            System.out.println(report.markdown());
            System.out.println("Written: " + workDir.resolve("results.md") + ", " + workDir.resolve("results.json"));
            return report.targetsMet() ? 0 : 1;
        }
    }

    /**
     * One scenario with its options, selected or not: for a scenario that repeats another's work at its sizes
     * (history-catchup runs wide's catch-up, under history's --history-schema-dir).
     */
    <T extends Scenario> T scenario(Class<T> type) {
        return scenarios.stream()
                .filter(type::isInstance)
                .map(type::cast)
                .findFirst()
                .orElseThrow();
    }

    /** The scenarios --scenarios names, in the order they run; an unknown name fails naming the known ones. */
    private List<Scenario> selected() {
        List<Scenario> selected = new ArrayList<>();
        for (String name : scenarioNames) {
            Scenario scenario = scenarios.stream()
                    .filter(s -> s.name().equalsIgnoreCase(name.trim()))
                    .findFirst()
                    .orElseThrow(() -> new CommandLine.ParameterException(
                            spec.commandLine(),
                            "--scenarios: no scenario '" + name + "'; there are "
                                    + String.join(", ", new ScenarioNames())));
            if (!selected.contains(scenario)) {
                selected.add(scenario);
            }
        }
        selected.sort((a, b) -> Integer.compare(scenarios.indexOf(a), scenarios.indexOf(b)));
        return selected;
    }

    private static List<Scenario> placed(List<Scenario> scenarios, Scenario.Placement placement) {
        return scenarios.stream().filter(s -> s.placement() == placement).toList();
    }

    private static void add(List<Scenario.Section> sections, Scenario.Section section) {
        if (section != null) {
            sections.add(section);
        }
    }

    /**
     * The shared cluster's settings (config.yaml, --task-managers, slots for --partitions), in a directory of
     * {@code --work-dir}: also for a scenario whose catch-up must start on a cluster as fresh as wide's.
     */
    FlinkCluster.Settings cluster(String dir, JdbcSettings jdbc) throws IOException {
        return FlinkCluster.Settings.forJob(flinkConf, workDir.resolve(dir), jdbc, FlinkCluster.onFreePorts(Map.of()))
                .withTaskManagers(taskManagers, slotsPerTaskManager());
    }

    /** Enough slots for the jobs' parallelism (--partitions) over the TaskManagers, at least config.yaml's 2. */
    private int slotsPerTaskManager() {
        return Math.max(2, (partitions + taskManagers - 1) / taskManagers);
    }

    /** The steady stream of the outage and latency scenarios: a reading a second per customer, frequent anomalies. */
    GeneratorSettings alertStream(long seed) {
        return new GeneratorSettings(
                alertCustomers,
                latencyRate,
                Instant.now(),
                seed,
                invalidShare,
                SimulationProfile.withAnomalyInterval(anomalyInterval));
    }

    /** The JDBC URL of one of the run's databases; --jdbc-base-url with or without its closing slash. */
    String url(String database) {
        return jdbcBaseUrl + (jdbcBaseUrl.endsWith("/") ? "" : "/") + databasePrefix + database;
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
    static String human(Duration duration) {
        return duration.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    static void step(String format, Object... args) {
        System.out.printf("[%tT] %s%n", System.currentTimeMillis(), String.format(format, args));
    }
}
