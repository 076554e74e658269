package com.heartbeatmonitor.local;

import com.heartbeatmonitor.generator.DurationConverter;
import com.heartbeatmonitor.generator.GeneratorRun;
import com.heartbeatmonitor.generator.GeneratorSettings;
import com.heartbeatmonitor.generator.HeartbeatGenerator;
import com.heartbeatmonitor.generator.KafkaPublisher;
import com.heartbeatmonitor.generator.SimulationProfile;
import com.heartbeatmonitor.job.HeartbeatMonitorJob;
import com.heartbeatmonitor.job.config.JobOptions;
import com.heartbeatmonitor.migrate.Roles;
import com.heartbeatmonitor.notifier.NotifierConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.commons.io.FileUtils;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * The chaos soak ({@code ./run-soak.sh}): the whole pipeline on this machine (a standalone Flink cluster from
 * Flink's jars with several TaskManagers, a KRaft broker, PostgreSQL of its own, the notifier in its own JVM with a
 * real HTTP receiver, the generator's daily-life model at a steady rate), faults at random (seeded) one at a time,
 * and checks along the way and at the end: every acknowledged message exactly one reading or rejection, the alerts
 * table the newest revision of each alert on the topic, every notifiable revision delivered exactly once; the
 * TaskManagers' heap after GC, checkpoint size and duration, database size over time, and the time to recover after
 * each fault. Exit 1 on any loss, double, wrong notification count or fault not recovered from.
 */
@Command(
        name = "run-soak",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        showDefaultValues = true,
        description = {
            "Runs the pipeline under random faults, one at a time, and checks that nothing is lost or doubled.",
            "Everything it starts is its own (ports chosen free, PostgreSQL under --data-dir); it leaves the",
            "machine's servers alone. Writes the log and the summary table to --data-dir."
        })
public final class Soak implements Callable<Integer> {

    @Option(
            names = "--duration",
            defaultValue = "2h",
            converter = DurationConverter.class,
            description = "How long faults strike.")
    Duration duration;

    @Option(
            names = "--fault-every",
            defaultValue = "10m",
            converter = DurationConverter.class,
            description = "Mean time between faults; each strikes at a seeded random moment within +-25% of it, and"
                    + " never before the pipeline recovered from the one before. The kinds are drawn at random"
                    + " without replacement: each strikes once in every round of all of them.")
    Duration faultEvery;

    @Option(names = "--rate", defaultValue = "5000", description = "Generated events per second.")
    double rate;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seeds the faults' kinds, times and lengths, and the generator.")
    long seed;

    @Option(
            names = "--customers",
            defaultValue = "0",
            description = "Simulated customers; 0: rate / 1 s, one reading a second each.")
    int customers;

    @Option(
            names = "--check-every",
            defaultValue = "10m",
            converter = DurationConverter.class,
            description = "Time between checks.")
    Duration checkEvery;

    @Option(
            names = "--faults",
            split = ",",
            description = "The kinds to draw from (default: all): task-manager-kill, job-manager-kill, cluster-kill,"
                    + " broker-restart, database-stop, database-freeze, notifier-kill, savepoint-resume,"
                    + " checkpoints-read-only.")
    List<String> faultNames;

    @Option(names = "--in-order", description = "Strike the --faults in the order given (then again), not at random.")
    boolean inOrder;

    @Option(names = "--database-stop-min", defaultValue = "30s", converter = DurationConverter.class)
    Duration databaseStopMin;

    @Option(names = "--database-stop-max", defaultValue = "120s", converter = DurationConverter.class)
    Duration databaseStopMax;

    @Option(names = "--database-freeze", defaultValue = "30s", converter = DurationConverter.class)
    Duration databaseFreeze;

    @Option(names = "--broker-down", defaultValue = "10s", converter = DurationConverter.class)
    Duration brokerDown;

    @Option(names = "--read-only-for", defaultValue = "60s", converter = DurationConverter.class)
    Duration readOnlyFor;

    @Option(
            names = "--recovery-timeout",
            defaultValue = "10m",
            converter = DurationConverter.class,
            description = "A fault the pipeline has not recovered from by then fails the soak.")
    Duration recoveryTimeout;

    @Option(names = "--task-managers", defaultValue = "2")
    int taskManagers;

    @Option(
            names = "--slots",
            defaultValue = "1",
            description = "Task slots per TaskManager (parallelism = slots x TaskManagers).")
    int slots;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of the readings topic.")
    int partitions;

    @Option(names = "--checkpoint-interval", defaultValue = "10s")
    String checkpointInterval;

    @Option(names = "--invalid-share", defaultValue = "0.01")
    double invalidShare;

    @Option(
            names = "--anomaly-interval",
            defaultValue = "1d",
            converter = DurationConverter.class,
            description = "Mean event time between pathological episodes of one customer (the daily-life model's"
                    + " default); shorter gives a short soak alerts to notify.")
    Duration anomalyInterval;

    /** Any other option goes to the job, e.g. --detection-profile clinical. */
    @Unmatched
    List<String> jobFlags = new ArrayList<>();

    @Option(
            names = "--data-dir",
            defaultValue = ".run/soak",
            description = "Logs, summary, broker, cluster and PostgreSQL files (emptied first).")
    Path dataDir;

    @Option(
            names = "--postgres-port",
            defaultValue = "0",
            description = "Port of its own PostgreSQL on 127.0.0.1; 0: a free one.")
    int postgresPort;

    private static final Duration POLL = Duration.ofSeconds(1);
    /** How the webhook's body names an all clear (docs/operations/notifications.md). */
    private static final String ALL_CLEAR_KIND = "\"kind\":\"ALL_CLEAR\"";
    /** Slack around a fault when deciding whether a repeated delivery happened during it. */
    private static final Duration FAULT_MARGIN = Duration.ofSeconds(5);

    private static final Pattern JDBC_SERVER = Pattern.compile("jdbc:postgresql://[0-9.]+:[0-9]+");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration SUBMITTER_INTERVAL = Duration.ofSeconds(2);
    private static final String NOTIFIER_GROUP = "soak-notifier";
    /** Retries fast, so a delivery refused while the receiver was down is repeated within seconds. */
    private static final String NOTIFIER_RETRY_MAX = "5s";

    private Path root;
    private PrintStream log;
    private SoakReport report;
    private Random random;
    private KafkaBroker broker;
    private FlinkCluster cluster;
    private WebhookReceiver receiver;
    private NotifierProcess notifier;
    private AcknowledgedMessages acknowledged;
    private JobOptions job;
    private List<String> jobArgs;
    private String jdbcUrl;
    private SoakFaults faults;
    private final Postgres.Admin admin = new Postgres.Admin("postgres", "");

    public static void main(String[] args) {
        System.exit(new CommandLine(new Soak()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        List<SoakFault> kinds = faultNames == null
                ? List.of(SoakFault.values())
                : faultNames.stream().map(SoakFault::parse).toList();
        random = new Random(seed);
        root = Files.isDirectory(Path.of("flink-conf")) ? Path.of(".") : Path.of("..");
        prepareDataDir();
        try (PrintStream file = new PrintStream(
                        Files.newOutputStream(dataDir.resolve("soak.log")), true, StandardCharsets.UTF_8);
                StartedParts parts = new StartedParts()) {
            log = new PrintStream(new TeeStream(System.out, file), true, StandardCharsets.UTF_8);
            // Ctrl-C stops everything it started, as run-local does, and leaves no directory locked.
            Thread ctrlC = new Thread(parts::close, "soak-shutdown");
            Runtime.getRuntime().addShutdownHook(ctrlC);
            try {
                return run(parts, kinds);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(ctrlC);
                } catch (IllegalStateException e) {
                    // Ctrl-C: the JVM is shutting down and the hook stops everything.
                }
            }
        }
    }

    private int run(StartedParts parts, List<SoakFault> kinds) throws Exception {
        startParts(parts);
        faults = new SoakFaults(
                new FaultParts(),
                new SoakFaults.Timings(
                        brokerDown, databaseStopMin, databaseStopMax, databaseFreeze, readOnlyFor, recoveryTimeout),
                random);
        Instant start = Instant.now();
        report = new SoakReport(start);
        Generator generator = parts.add("generator", new Generator());
        say(
                "soak: %s, a fault every %s (%s), %.0f events/s, seed %d; faults from %s",
                SoakReport.human(duration),
                SoakReport.human(faultEvery),
                inOrder ? "in order" : "at random",
                rate,
                seed,
                kinds.stream().map(SoakFault::flag).toList());

        Instant end = start.plus(duration);
        Instant nextCheck = start.plus(checkEvery);
        int struck = 0;
        // Drawn without replacement, refilled when empty: random, yet every kind strikes once per round.
        List<SoakFault> bag = new ArrayList<>();
        Instant nextFault = start.plus(jittered(faultEvery));
        while (Instant.now().isBefore(end) || (inOrder && struck < kinds.size())) {
            if (!Instant.now().isBefore(nextFault)) {
                if (bag.isEmpty()) {
                    bag.addAll(kinds);
                    if (!inOrder) {
                        Collections.shuffle(bag, random);
                    }
                }
                SoakFault kind = bag.remove(0);
                struck++;
                strike(struck, kind);
                nextFault = max(start.plus(faultEvery.multipliedBy(struck)).plus(jittered(faultEvery)), Instant.now());
            }
            if (!Instant.now().isBefore(nextCheck)) {
                report.add(check(false));
                nextCheck = nextCheck.plus(checkEvery);
            }
            Thread.sleep(POLL.toMillis());
        }
        say("soak: %s over; the generator stops, then the final check", SoakReport.human(duration));
        generator.close();
        drain();
        SoakReport.Sample last = check(true);
        report.add(last);
        boolean alertsMatch = alertsMatch();
        AlertsOnTopic topic =
                AlertsOnTopic.read(broker.bootstrapServers(), job.kafka().alertsTopic());
        Set<String> notByRule = noticesNotSentByRule();
        Set<String> notifiable = new TreeSet<>(topic.notifiable().keySet());
        notifiable.removeAll(notByRule);
        Set<String> owedClears = topic.allClears();
        List<WebhookReceiver.Received> accepted = receiver.accepted();
        // Pages and all clears are owed apart: an all clear carries the key of the revision that ended the alert.
        Set<String> received = receivedKeys(accepted, false);
        Set<String> clears = receivedKeys(accepted, true);
        Set<String> ledger = deliveredInLedger(false);
        Set<String> ledgerClears = deliveredInLedger(true);
        List<String> unexplained = unexplainedRepeats(accepted);
        boolean notificationsExactlyOnce = unexplained.isEmpty()
                && received.equals(notifiable)
                && ledger.equals(received)
                && clears.equals(owedClears)
                && ledgerClears.equals(clears);
        if (!notificationsExactlyOnce) {
            say(
                    "notifications: notifiable not received %s; received not notifiable %s;"
                            + " ledger delivered but not received %s; all clears owed not received %s;"
                            + " all clears not owed %s; ledger's all clears not received %s;"
                            + " sent again outside a database or notifier fault %s",
                    difference(notifiable, received),
                    difference(received, notifiable),
                    difference(ledger, received),
                    difference(owedClears, clears),
                    difference(clears, owedClears),
                    difference(ledgerClears, clears),
                    unexplained);
        }
        String summary = report.summary(
                Duration.between(start, Instant.now()), notificationsExactlyOnce, alertsMatch, notByRule.size());
        Files.writeString(dataDir.resolve("summary.md"), summary);
        log.println();
        log.print(summary);
        boolean passed = last.account().exactlyOnce()
                && last.account().owed() == last.account().acknowledged()
                && alertsMatch
                && notificationsExactlyOnce
                && report.unrecovered() == 0;
        say(
                "soak %s (log %s, summary %s)",
                passed ? "PASSED" : "FAILED", dataDir.resolve("soak.log"), dataDir.resolve("summary.md"));
        return passed ? 0 : 1;
    }

    /**
     * Keys the receiver accepted more than once where the first acceptance was not during a database or notifier
     * fault (from its start to its recovery, a few seconds either side). Inside one, a repeat is the notifier's
     * documented window: the contact point accepted the POST, and the notifier died or lost the database before
     * recording it, so it sends the same Idempotency-Key again (docs/operations/notifications.md).
     */
    private List<String> unexplainedRepeats(List<WebhookReceiver.Received> accepted) {
        Map<String, Instant> first = new LinkedHashMap<>();
        List<String> unexplained = new ArrayList<>();
        for (WebhookReceiver.Received r : accepted) {
            Instant before = first.putIfAbsent(r.idempotencyKey(), r.at());
            if (before != null && !duringLedgerFault(before)) {
                unexplained.add(r.idempotencyKey() + " first at " + before);
            }
        }
        return unexplained;
    }

    private boolean duringLedgerFault(Instant at) {
        Set<SoakFault> ledgerFaults =
                Set.of(SoakFault.DATABASE_STOP, SoakFault.DATABASE_FREEZE, SoakFault.NOTIFIER_KILL);
        return report.faults().stream()
                .filter(f -> ledgerFaults.contains(f.kind()))
                .anyMatch(f -> {
                    Instant from = f.struck().minus(FAULT_MARGIN);
                    Instant to = f.struck()
                            .plus(f.outage())
                            .plus(f.recovery() == null ? recoveryTimeout : f.recovery())
                            .plus(FAULT_MARGIN);
                    return !at.isBefore(from) && !at.isAfter(to);
                });
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        return a.stream().filter(k -> !b.contains(k)).limit(10).collect(Collectors.toCollection(TreeSet::new));
    }

    private Duration jittered(Duration every) {
        return every.multipliedBy(3).dividedBy(4).plusMillis((long) (random.nextDouble() * every.toMillis() / 2));
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    // ---- starting the parts

    private void prepareDataDir() throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        if (Files.exists(dataDir.resolve("postgres").resolve("data").resolve("postmaster.pid"))) {
            postgres("stop");
        }
        SoakFaults.unlockCheckpoints(dataDir.resolve("flink").resolve("checkpoints"));
        for (String part : List.of("flink", "kafka", "logs", "jars", "postgres/data", "postgres/run")) {
            FileUtils.deleteDirectory(dataDir.resolve(part).toFile());
        }
    }

    private void startParts(StartedParts parts) throws Exception {
        if (postgresPort == 0) {
            postgresPort = FreePorts.any();
        }
        copyJars();
        parts.add(
                "checkpoint lock",
                () -> SoakFaults.unlockCheckpoints(dataDir.resolve("flink").resolve("checkpoints")));
        say("starting PostgreSQL of its own on 127.0.0.1:%d (%s)", postgresPort, dataDir.resolve("postgres"));
        String server = postgres("start");
        parts.add("postgres", () -> postgres("stop"));
        jdbcUrl = server + "/heartbeat";
        broker = parts.add("broker", KafkaBroker.startOnFreePorts(dataDir.resolve("kafka")));
        jobArgs = JobArgs.kafka(broker.bootstrapServers())
                .jdbcUrl(jdbcUrl)
                .parallelism(taskManagers * slots)
                .checkpointInterval(checkpointInterval)
                .then(jobFlags)
                .list();
        job = JobOptions.parse(jobArgs.toArray(String[]::new)).orElseThrow();
        Postgres.prepare(
                jdbcUrl,
                admin,
                new Roles(
                        job.jdbc().user(),
                        job.jdbc().password(),
                        Roles.DEFAULT_READER,
                        "",
                        Roles.DEFAULT_NOTIFIER,
                        ""));
        broker.createTopic(job.kafka().topic(), partitions);
        broker.createTopic(job.kafka().alertsTopic(), partitions);
        broker.createTopic(job.settingsTopic(), partitions, KafkaBroker.COMPACTED);

        receiver = parts.add("receiver", new WebhookReceiver());
        Map<String, String> env = new LinkedHashMap<>();
        env.put(NotifierConfig.BOOTSTRAP_SERVERS, broker.bootstrapServers());
        env.put(NotifierConfig.ALERTS_TOPIC, job.kafka().alertsTopic());
        env.put(NotifierConfig.GROUP_ID, NOTIFIER_GROUP);
        env.put(NotifierConfig.JDBC_URL, jdbcUrl);
        env.put(NotifierConfig.DB_USER, Roles.DEFAULT_NOTIFIER);
        env.put(NotifierConfig.WEBHOOK_URL, receiver.url());
        env.put(NotifierConfig.RETRY_MAX, NOTIFIER_RETRY_MAX);
        // The soak judges the ledger and the receiver, not the metrics: a free port, so that a notifier already on
        // this machine (run-local's, another soak's) cannot make this one exit on a taken 9260.
        env.put(NotifierConfig.METRICS_PORT, "0");
        notifier = parts.add("notifier", new NotifierProcess(env, dataDir.resolve("logs")));
        notifier.start();

        say("starting the standalone cluster: %d TaskManagers x %d slots", taskManagers, slots);
        cluster = parts.add(
                "cluster",
                FlinkCluster.start(FlinkCluster.Settings.forJob(
                                root.resolve("flink-conf"),
                                dataDir.resolve("flink").toAbsolutePath(),
                                job.jdbc(),
                                FlinkCluster.onFreePorts(Map.of(FlinkCluster.REPORTERS, "none")))
                        .withTaskManagers(taskManagers, slots)));
        parts.add("submitter", cluster.watch(submitterJar(), jobJar(), jobArgs, SUBMITTER_INTERVAL));
        String jobId = awaitRunningJob(START_TIMEOUT);
        say("job %s running on %s", jobId, cluster.webUiUrl());
    }

    private Path jobJar() {
        return dataDir.resolve("jars").resolve("heartbeat-monitor-job.jar");
    }

    private Path submitterJar() {
        return dataDir.resolve("jars").resolve(JobSubmitter.JAR_NAME);
    }

    /** Copies of the jars this run submits with: a build during a long soak must not change its job. */
    private void copyJars() throws IOException {
        Files.createDirectories(dataDir.resolve("jars"));
        Files.copy(
                root.resolve("flink-job").resolve("target").resolve("heartbeat-monitor-job.jar"),
                jobJar(),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(root.resolve(JobSubmitter.JAR), submitterJar(), StandardCopyOption.REPLACE_EXISTING);
    }

    /** local-stack/embedded-postgres.sh start|stop on this soak's directory; returns what it printed. */
    private String postgres(String command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                root.resolve("local-stack").resolve("embedded-postgres.sh").toString(),
                command,
                dataDir.resolve("postgres").toAbsolutePath().toString()));
        if (command.equals("start")) {
            cmd.add(String.valueOf(postgresPort));
        }
        String out = ExternalCommand.run("embedded PostgreSQL " + command, cmd, Map.of(), START_TIMEOUT);
        // Its first start fetches the binaries with Maven, whose output may come first.
        Matcher url = JDBC_SERVER.matcher(out);
        return url.find() ? url.group() : "";
    }

    /** The running parts as the faults reach them. */
    private final class FaultParts implements SoakFaults.Parts {
        @Override
        public FlinkCluster cluster() {
            return cluster;
        }

        @Override
        public KafkaBroker broker() {
            return broker;
        }

        @Override
        public WebhookReceiver receiver() {
            return receiver;
        }

        @Override
        public NotifierProcess notifier() {
            return notifier;
        }

        @Override
        public void postgres(String command) throws IOException, InterruptedException {
            Soak.this.postgres(command);
        }

        @Override
        public Path dataDir() {
            return dataDir;
        }

        @Override
        public String awaitRunningJob(Duration timeout) throws Exception {
            return Soak.this.awaitRunningJob(timeout);
        }

        @Override
        public String resubmit() throws Exception {
            return cluster.submit(submitterJar(), jobJar(), jobArgs);
        }

        @Override
        public long pendingDeliveries() throws SQLException {
            return Soak.this.pendingDeliveries();
        }
    }

    /** The generator's daily-life model at --rate, every acknowledgement recorded. */
    private final class Generator implements AutoCloseable {
        private final KafkaPublisher publisher;
        private final GeneratorRun run;
        private final Thread thread;

        Generator() {
            acknowledged = new AcknowledgedMessages();
            publisher =
                    new KafkaPublisher(broker.bootstrapServers(), job.kafka().topic(), acknowledged);
            run = new GeneratorRun(
                    new HeartbeatGenerator(new GeneratorSettings(
                            customers > 0 ? customers : (int) Math.max(1, Math.round(rate)),
                            rate,
                            Instant.now().truncatedTo(ChronoUnit.SECONDS),
                            seed,
                            invalidShare,
                            SimulationProfile.dailyLife().anomalyInterval(anomalyInterval))),
                    publisher,
                    GeneratorRun.Limits.UNBOUNDED,
                    null);
            thread = new Thread(run, "soak-generator");
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            if (thread.isAlive()) {
                run.stop();
                thread.join();
                publisher.flush();
                publisher.close();
            }
        }
    }

    // ---- faults

    private void strike(int number, SoakFault kind) throws Exception {
        Progress before = progress();
        int failuresBefore = failures(before.jobId());
        Instant struck = Instant.now();
        say("fault %d: %s - %s", number, kind.flag(), kind.description());
        String detail;
        try {
            detail = faults.inject(kind);
        } catch (Exception e) {
            detail = "injecting it failed: " + e;
        }
        Instant ended = Instant.now();
        Optional<Duration> recovery = awaitRecovered(kind, progress(), ended);
        detail += reachedTheJob(before.jobId(), failuresBefore);
        report.add(new SoakReport.Fault(kind, struck, Duration.between(struck, ended), recovery.orElse(null), detail));
        say(
                "fault %d: %s, %s; %s",
                number,
                kind.flag(),
                detail,
                recovery.map(d -> "recovered " + d.toSeconds() + " s after it ended (outage "
                                + Duration.between(struck, ended).toSeconds() + " s)")
                        .orElse("NOT recovered within " + SoakReport.human(recoveryTimeout)));
    }

    // ---- recovery

    /** The running job and its completed checkpoints, or none (e.g. a new JobManager without a job yet). */
    private record Progress(String jobId, long checkpoints) {}

    private Progress progress() {
        try {
            String jobId = runningJob();
            return new Progress(jobId, jobId == null ? 0 : cluster.rest().completedCheckpoints(jobId));
        } catch (Exception e) {
            return new Progress(null, 0);
        }
    }

    /**
     * Recovered: the job runs and has completed a checkpoint since the fault ended (so it reads, writes and commits
     * again), its committed offsets are within two checkpoint intervals of input of the topic's end, and the
     * notifier runs with nothing pending and the whole alerts topic read.
     */
    private Optional<Duration> awaitRecovered(SoakFault kind, Progress atEnd, Instant ended) throws Exception {
        long lagBound = (long) (rate * 2 * parseSeconds(checkpointInterval)) + 1_000;
        long deadline = System.nanoTime() + recoveryTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (cluster.replaceExitedJobManager()) {
                    say("the JobManager exited by itself (see its log): replaced, as its supervisor would");
                }
                for (String exited : cluster.replaceExitedTaskManagers()) {
                    say("%s exited by itself (see its log): replaced, as its supervisor would", exited);
                }
                if (!notifier.alive()) {
                    say(
                            "the notifier exited by itself (see %s): started again, as its supervisor would",
                            dataDir.resolve("logs"));
                    notifier.start();
                }
                Progress now = progress();
                boolean checkpointed = now.jobId() != null
                        && (now.jobId().equals(atEnd.jobId())
                                ? now.checkpoints() > atEnd.checkpoints()
                                : now.checkpoints() > 0);
                if (checkpointed
                        && broker.lag(job.kafka().topic(), job.kafka().groupId()) <= lagBound
                        && (kind != SoakFault.NOTIFIER_KILL || notifierCaughtUp())) {
                    return Optional.of(Duration.between(ended, Instant.now()));
                }
            } catch (Exception e) {
                // a part is still coming back
            }
            Thread.sleep(POLL.toMillis());
        }
        return Optional.empty();
    }

    /** Whether the fault reached the job, as Flink saw it: restarts of the same job, or a new one resumed. */
    private String reachedTheJob(String jobBefore, int failuresBefore) {
        Progress after = progress();
        if (after.jobId() == null) {
            return "; no job running";
        }
        if (!after.jobId().equals(jobBefore)) {
            return "; the job runs again as " + after.jobId();
        }
        return "; job restarts: " + (failures(after.jobId()) - failuresBefore);
    }

    /** How many failures the job has recovered from so far (0 when it cannot be asked). */
    private int failures(String jobId) {
        try {
            return jobId == null ? 0 : cluster.rest().failures(jobId);
        } catch (Exception e) {
            return 0;
        }
    }

    private boolean notifierCaughtUp() throws SQLException {
        return broker.lag(job.kafka().alertsTopic(), NOTIFIER_GROUP) == 0 && pendingDeliveries() == 0;
    }

    private static double parseSeconds(String interval) {
        return org.apache.flink.util.TimeUtils.parseDuration(interval).toMillis() / 1000.0;
    }

    private String runningJob() throws IOException, InterruptedException {
        return cluster.rest().jobsNamed(HeartbeatMonitorJob.JOB_NAME).entrySet().stream()
                .filter(e -> e.getValue().equals("RUNNING"))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
    }

    private String awaitRunningJob(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                String jobId = runningJob();
                if (jobId != null) {
                    return jobId;
                }
            } catch (IOException e) {
                // the JobManager is not up yet
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new IllegalStateException("no running " + HeartbeatMonitorJob.JOB_NAME + " job within " + timeout);
    }

    // ---- checks

    /** After the generator stopped: the job has committed the end of the topic, the notifier has delivered all. */
    private void drain() throws Exception {
        long deadline = System.nanoTime() + recoveryTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (broker.lag(job.kafka().topic(), job.kafka().groupId()) == 0 && notifierCaughtUp()) {
                    return;
                }
            } catch (Exception e) {
                // still recovering from the last fault
            }
            Thread.sleep(POLL.toMillis());
        }
        say("the job or the notifier did not catch up within %s", recoveryTimeout);
    }

    private SoakReport.Sample check(boolean last) throws Exception {
        Map<Integer, Long> settled =
                broker.committedOffsets(job.kafka().topic(), job.kafka().groupId());
        AcknowledgedMessages.Account account;
        int inTable;
        long databaseSize;
        try (Connection db = Postgres.connect(jdbcUrl, admin)) {
            account = acknowledged.account(db, job.kafka().topic(), settled);
            inTable = AlertsOnTopic.table(db).size();
            databaseSize = longQuery(db, "SELECT pg_database_size(current_database())");
        }
        AlertsOnTopic topic =
                AlertsOnTopic.read(broker.bootstrapServers(), job.kafka().alertsTopic());
        List<String> keys = receiver.accepted().stream()
                .filter(r -> !r.body().contains(ALL_CLEAR_KIND))
                .map(WebhookReceiver.Received::idempotencyKey)
                .toList();
        int distinct = new HashSet<>(keys).size();
        long heap = -1;
        long checkpointSize = -1;
        long checkpointMillis = -1;
        try {
            heap = TaskManagerMemory.liveHeapBytes(cluster.taskManagerPids());
            String jobId = runningJob();
            Optional<FlinkRest.Checkpoint> checkpoint =
                    jobId == null ? Optional.empty() : cluster.rest().latestCheckpoint(jobId);
            if (checkpoint.isPresent()) {
                checkpointSize = checkpoint.get().stateSize();
                checkpointMillis = checkpoint.get().durationMillis();
            }
        } catch (Exception e) {
            say("check: could not measure heap or checkpoint: %s", e);
        }
        int alerts = topic.newest().size();
        SoakReport.Sample sample = new SoakReport.Sample(
                Instant.now(),
                account,
                alerts,
                Math.max(0, alerts - inTable),
                topic.notifiable().size(),
                distinct,
                keys.size() - distinct,
                heap,
                checkpointSize,
                checkpointMillis,
                databaseSize);
        say("%s%s", last ? "final " : "", report.line(sample));
        if (!account.exactlyOnce()) {
            say("check: LOSS OR DOUBLE: %s", account);
        }
        return sample;
    }

    /** The table read before and after the topic, so an alert changing meanwhile does not count as a mismatch. */
    private boolean alertsMatch() throws Exception {
        for (int attempt = 0; attempt < 3; attempt++) {
            List<List<Object>> before;
            List<List<Object>> after;
            try (Connection db = Postgres.connect(jdbcUrl, admin)) {
                before = AlertsOnTopic.table(db);
            }
            List<List<Object>> onTopic = AlertsOnTopic.read(
                            broker.bootstrapServers(), job.kafka().alertsTopic())
                    .newest();
            try (Connection db = Postgres.connect(jdbcUrl, admin)) {
                after = AlertsOnTopic.table(db);
            }
            if (before.equals(after)) {
                if (!before.equals(onTopic)) {
                    say(
                            "alerts: the table differs from the newest revisions on the topic: %d in the table,"
                                    + " %d on the"
                                    + " topic; first differences: table %s, topic %s",
                            before.size(),
                            onTopic.size(),
                            before.stream()
                                    .filter(r -> !onTopic.contains(r))
                                    .limit(5)
                                    .toList(),
                            onTopic.stream()
                                    .filter(r -> !before.contains(r))
                                    .limit(5)
                                    .toList());
                }
                return before.equals(onTopic);
            }
        }
        say("alerts: the table kept changing after the input stopped");
        return false;
    }

    /** The keys the receiver accepted: the all clears, or else the pages (NEW and ESCALATED). */
    private static Set<String> receivedKeys(List<WebhookReceiver.Received> accepted, boolean allClears) {
        return accepted.stream()
                .filter(r -> r.body().contains(ALL_CLEAR_KIND) == allClears)
                .map(WebhookReceiver.Received::idempotencyKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The ledger's delivered rows: the all clears, or else the pages. */
    private Set<String> deliveredInLedger(boolean allClears) throws SQLException {
        Set<String> keys = new TreeSet<>();
        try (Connection db = Postgres.connect(jdbcUrl, admin);
                Statement query = db.createStatement();
                ResultSet rs = query.executeQuery("SELECT alert_id::text || ':' || revision FROM alert_notifications"
                        + " WHERE state = 'delivered' AND (kind = 'ALL_CLEAR') = " + allClears)) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        return keys;
    }

    /**
     * Deliveries owed now: pending rows already due. A WARNING's notice held for the customer's morning, or an
     * escalation step not yet due, is pending too, but nothing is late about it.
     */
    private long pendingDeliveries() throws SQLException {
        try (Connection db = Postgres.connect(jdbcUrl, admin)) {
            return longQuery(
                    db, "SELECT count(*) FROM alert_notifications WHERE state = 'pending' AND due_at <= now()");
        }
    }

    /**
     * The notices the notifier did not send, by its documented rule (docs/operations/notifications.md): held for the
     * customer's morning (due later), or cancelled because their alert ended before they went out.
     */
    private Set<String> noticesNotSentByRule() throws SQLException {
        Set<String> keys = new TreeSet<>();
        try (Connection db = Postgres.connect(jdbcUrl, admin);
                Statement query = db.createStatement();
                ResultSet rs = query.executeQuery("SELECT alert_id::text || ':' || revision FROM alert_notifications"
                        + " WHERE kind = 'NOTICE'"
                        + " AND (state = 'cancelled' OR (state = 'pending' AND due_at > now()))")) {
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
        }
        return keys;
    }

    private static long longQuery(Connection db, String sql) throws SQLException {
        try (Statement query = db.createStatement();
                ResultSet rs = query.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void say(String format, Object... args) {
        log.printf("%s %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS), String.format(format, args));
    }

    /** Writes to the console and the log file at once. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }
    }
}
