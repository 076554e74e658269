package com.heartbeatmonitor.local;

import com.heartbeatmonitor.generator.DurationConverter;
import com.heartbeatmonitor.generator.GeneratorSettings;
import com.heartbeatmonitor.generator.SimulationProfile;
import com.heartbeatmonitor.job.config.JobOptions;
import com.heartbeatmonitor.migrate.MigrationException;
import com.heartbeatmonitor.migrate.Migrations;
import com.heartbeatmonitor.migrate.Roles;
import com.heartbeatmonitor.notifier.Notifier;
import com.heartbeatmonitor.notifier.NotifierConfig;
import com.heartbeatmonitor.replay.ReplayCommand;
import com.heartbeatmonitor.security.ExampleSecrets;
import com.heartbeatmonitor.security.KafkaSecurity;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * The whole pipeline on this machine, in one process: a KRaft Kafka broker, the schema on PostgreSQL,
 * the Flink job in a local cluster with the web UI, and the generator, a replay of a recording, or no
 * sender at all. Ctrl-C stops all of it.
 */
@Command(
        name = "run-local",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        showDefaultValues = true,
        description = {
            "Runs generator -> Kafka -> Flink job (web UI) -> PostgreSQL on this machine, no Docker.",
            "--replay PATH replays a real recording instead of running the generator;",
            "--no-generator sends nothing and prints where your own devices should send.",
            "Any other option is passed to the job (see the job's --help), e.g. --jdbc-url.",
            "With Kafka security options (e.g. --kafka-sasl-username), no broker is started here: the job and the",
            "generator use the one at --kafka-bootstrap-servers over those settings."
        })
public final class LocalPipeline implements Callable<Integer> {

    @Option(names = "--data-dir", defaultValue = ".run", description = "Kafka data, checkpoints and logs.")
    Path dataDir;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka listener port on 127.0.0.1.")
    int kafkaPort;

    @Option(names = "--kafka-controller-port", defaultValue = "9093", description = "KRaft controller port.")
    int controllerPort;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of the topic, when it is created.")
    int partitions;

    @Option(names = "--web-ui-port", defaultValue = "8081", description = "Port of the Flink web UI.")
    int webUiPort;

    @Option(
            names = "--slots",
            defaultValue = "2",
            description = "Task slots of the local Flink cluster (= job parallelism); with --cluster, of each "
                    + "TaskManager (job parallelism = slots x task managers).")
    int slots;

    @Option(
            names = "--task-managers",
            defaultValue = "1",
            description = "With --cluster: TaskManager JVMs to start, each with --slots slots.")
    int taskManagers;

    @Option(names = "--customers", defaultValue = "100", description = "Simulated customers.")
    int customers;

    @Option(names = "--rate", defaultValue = "100", description = "Generated events per second.")
    double rate;

    @Option(names = "--invalid-share", defaultValue = "0.01", description = "Share of invalid messages.")
    double invalidShare;

    @Option(
            names = "--anomaly-interval",
            defaultValue = "10m",
            converter = DurationConverter.class,
            description = "Mean event time between anomaly episodes of one customer.")
    Duration anomalyInterval;

    @Option(
            names = "--maintenance-interval",
            defaultValue = "1h",
            converter = DurationConverter.class,
            description = "How often the time partitions are maintained (created ahead, expired ones dropped; "
                    + "sql/V4__partitions.sql), as the database's administrator.")
    Duration maintenanceInterval;

    @Option(
            names = "--no-generator",
            description = "Run broker, job and PostgreSQL only, and send from your own devices or tools: "
                    + "the bootstrap server and topic to send to are printed.")
    boolean noGenerator;

    @Option(
            names = "--replay",
            paramLabel = "PATH",
            description = "Replay this recording instead of running the generator (repeatable), then keep running "
                    + "until Ctrl-C: a Fitbit CSV, an Empatica E4 folder of person folders (S01/HR.csv, ...) or "
                    + "HR.csv, or a plain CSV customer_id,timestamp,heart_rate. It goes to a topic and consumer "
                    + "group of its own (<topic>-replay-<UTC start>), read by a job with fresh state, each record "
                    + "stamped with its reading's time. More: "
                    + "java -jar data-source/target/heartbeat-generator.jar replay --help")
    List<Path> replay;

    @Option(names = "--replay-format", description = "fitbit, e4 or csv (default: detected).")
    String replayFormat;

    @Option(names = "--replay-speed", defaultValue = "realtime", description = "realtime, Nx (e.g. 60x) or max.")
    String replaySpeed;

    @Option(
            names = "--replay-zone",
            defaultValue = "UTC",
            description = "Zone of local times in the recording (Fitbit, CSV).")
    ZoneId replayZone;

    @Option(
            names = "--replay-align",
            defaultValue = "end-now",
            description = "end-now, start-now or none: shift the recording to end or start now, keeping its intervals.")
    String replayAlign;

    @Option(
            names = "--replay-per-person",
            description = "Align each person of the recording on their own "
                    + "(e.g. an E4 set whose sessions were recorded on different days).")
    boolean replayPerPerson;

    @Option(
            names = "--replay-customer-prefix",
            defaultValue = "",
            description = "Put before every person id, e.g. sp-.")
    String replayCustomerPrefix;

    @Option(names = "--status-every", defaultValue = "5", description = "Seconds between status lines.")
    int statusEverySeconds;

    @Option(
            names = "--cluster",
            description = {
                "Run the job on a standalone Flink cluster (JobManager and TaskManager JVMs from Flink's jars and",
                "flink-conf/), submitting the shaded jar through the web UI's REST calls, instead of in this JVM."
            })
    boolean cluster;

    @Option(
            names = "--metrics",
            description = {
                "With --cluster: start Flink's Prometheus reporters (JobManager 9249, TaskManager 9250). Off by",
                "default because Flink cannot bind them to loopback: they listen on every interface."
            })
    boolean metrics;

    @Option(
            names = "--job-jar",
            defaultValue = "flink-job/target/heartbeat-monitor-job.jar",
            description = "With --cluster: the jar to upload.")
    Path jobJar;

    @Option(
            names = "--flink-conf",
            defaultValue = "flink-conf",
            description = "With --cluster: the Flink config dir (config.yaml); its target/flink-classpath.txt lists "
                    + "Flink's jars.")
    Path flinkConf;

    @Option(
            names = "--db-admin-user",
            description = {
                "Who creates the database, schema and roles (env HEARTBEAT_DB_ADMIN_USER, then PGUSER, then the OS "
                        + "user).",
                "Used for that only: the job connects as --jdbc-user, the status line as --reader-user."
            })
    String adminUser;

    @Option(names = "--db-admin-password", description = "(env HEARTBEAT_DB_ADMIN_PASSWORD, then PGPASSWORD)")
    String adminPassword;

    @Option(
            names = "--reader-user",
            defaultValue = "${env:GRAFANA_DB_USER:-" + Roles.DEFAULT_READER + "}",
            description = "The read-only role, for dashboards (env GRAFANA_DB_USER).")
    String readerUser;

    @Option(
            names = "--reader-password",
            defaultValue = "${env:GRAFANA_DB_PASSWORD:-}",
            showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "Its password (env GRAFANA_DB_PASSWORD; empty for trust auth).")
    String readerPassword;

    @Option(
            names = "--console-port",
            defaultValue = "${env:HEARTBEAT_CONSOLE_PORT:-8090}",
            description = "Port of the care console on 127.0.0.1 (env HEARTBEAT_CONSOLE_PORT). The console starts"
                    + " when HEARTBEAT_CONSOLE_ADMIN_USER and its password name its first admin.")
    int consolePort;

    @Option(names = "--job-help", description = "Show the job's options (all accepted here too) and exit.")
    boolean jobHelp;

    @Unmatched
    List<String> jobArgs = new ArrayList<>();

    /** The console's first admin: naming one starts the console (its password: HEARTBEAT_CONSOLE_ADMIN_PASSWORD). */
    static final String CONSOLE_ADMIN_USER = "HEARTBEAT_CONSOLE_ADMIN_USER";

    static final String CONSOLE_DB_PASSWORD = "HEARTBEAT_CONSOLE_DB_PASSWORD";

    /** Counted down to stop, by Ctrl-C's shutdown hook or by {@link #stop()}. */
    private final CountDownLatch stopRequested = new CountDownLatch(1);

    private volatile String lastStatus = "";
    private volatile ReplayLane replayLane;

    public static void main(String[] args) {
        int exit = new CommandLine(new LocalPipeline()).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    @Override
    public Integer call() throws Exception {
        if (jobHelp) {
            JobOptions.parse("--help");
            return 0;
        }
        try {
            Optional<JobOptions> parsed = parseJobOptions();
            if (parsed.isEmpty()) {
                return 0; // the job's --help or --version was printed
            }
            checkOwnOptions();
            JobOptions job = parsed.get();
            ReplayCommand.Prepared recording = null;
            if (replay != null) { // read it before starting anything: a wrong path fails at once
                recording = readRecording();
                job = onReplayLane(job, recording);
            }
            NotifierConfig notifications = notifications(job);
            Postgres.Admin admin = admin();
            refuseExampleSecrets(job, admin);
            preparePostgres(job, admin, notifications);
            try (StartedParts parts = new StartedParts()) {
                String bootstrapServers = startKafka(job, parts);
                RunningJob running = parts.add("job", startJob(job));
                Notifier notifier = startNotifier(notifications, bootstrapServers, job, parts);
                startConsole(job, bootstrapServers, parts);
                Sender sender = startSender(job, bootstrapServers, recording);
                if (sender.sends()) {
                    parts.add("sender", sender);
                }
                System.out.println("Press Ctrl-C to stop.");
                printStatusUntilStopped(job, admin, parts, sender, running, notifier);
            }
            return 0;
        } catch (Refused e) {
            System.err.println(e.getMessage());
            return 2;
        }
    }

    /** A reason not to start (or to stop starting), for the user to fix: printed, exit code 2. */
    private static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private Optional<JobOptions> parseJobOptions() throws Refused {
        try {
            return jobOptions();
        } catch (IllegalArgumentException e) {
            throw new Refused(e.getMessage());
        }
    }

    private void checkOwnOptions() throws Refused {
        if (noGenerator && replay != null) {
            throw new Refused("--no-generator and --replay exclude each other");
        }
        if (taskManagers != 1 && !cluster) {
            throw new Refused("--task-managers needs --cluster (./run-cluster.sh): the local cluster has one");
        }
    }

    private ReplayCommand.Prepared readRecording() throws Refused {
        try {
            return ReplayCommand.prepare(
                    replay,
                    replayFormat,
                    replayZone,
                    replaySpeed,
                    replayAlign,
                    replayPerPerson,
                    replayCustomerPrefix,
                    null,
                    System.out,
                    System.err);
        } catch (IllegalArgumentException | ReplayCommand.ReplayException e) {
            throw new Refused("replay: " + e.getMessage());
        }
    }

    /** The job's options for a replay: a topic and consumer group of its own, kept as long as the recording. */
    private JobOptions onReplayLane(JobOptions job, ReplayCommand.Prepared recording) {
        Instant start = Instant.now();
        Duration oldest = Duration.between(recording.earliest(start), start);
        replayLane = ReplayLane.of(
                job.kafka(), start, ReplayCommand.retentionFor(oldest.isNegative() ? Duration.ZERO : oldest));
        jobArgs.addAll(replayLane.jobFlags());
        return jobOptions().orElseThrow();
    }

    /** Notifications are on when a contact point is set (docs: notifications); null when off. */
    private static NotifierConfig notifications(JobOptions job) throws Refused {
        Map<String, String> env = new LinkedHashMap<>(System.getenv());
        if (!NotifierConfig.anyContactPoint(env)) {
            return null;
        }
        env.putIfAbsent(NotifierConfig.JDBC_URL, job.jdbc().url());
        try {
            return NotifierConfig.fromEnvironment(env, job.kafka().security());
        } catch (IllegalArgumentException e) {
            throw new Refused("notifications: " + e.getMessage().replace("\n", "\nnotifications: "));
        }
    }

    private void refuseExampleSecrets(JobOptions job, Postgres.Admin admin) throws Refused {
        Map<String, String> passwords = new LinkedHashMap<>();
        passwords.put("--jdbc-password (HEARTBEAT_JDBC_PASSWORD)", job.jdbc().password());
        passwords.put("--reader-password (GRAFANA_DB_PASSWORD)", readerPassword);
        passwords.put("--db-admin-password (HEARTBEAT_DB_ADMIN_PASSWORD)", admin.password());
        passwords.put(CONSOLE_DB_PASSWORD, System.getenv(CONSOLE_DB_PASSWORD));
        List<String> examples = ExampleSecrets.problems(passwords);
        if (!examples.isEmpty()) {
            throw new Refused(String.join(System.lineSeparator(), examples));
        }
    }

    /** The database, its schema and the pipeline's roles, prepared by the administrator. */
    private void preparePostgres(JobOptions job, Postgres.Admin admin, NotifierConfig notifications) throws Refused {
        System.out.println("PostgreSQL:  " + job.jdbc().url() + " (job as "
                + job.jdbc().user() + ", reader " + readerUser + ", prepared by " + admin.user() + ")");
        try {
            Migrations.Result migrated = Postgres.prepare(
                    job.jdbc().url(),
                    admin,
                    new Roles(
                            job.jdbc().user(),
                            job.jdbc().password(),
                            readerUser,
                            readerPassword,
                            notifications != null ? notifications.dbUser() : Roles.DEFAULT_NOTIFIER,
                            notifications != null ? notifications.dbPassword() : "",
                            consoleDbUser(),
                            System.getenv().getOrDefault(CONSOLE_DB_PASSWORD, "")));
            System.out.println("Schema:      " + migrated.summary());
        } catch (MigrationException e) {
            throw new Refused(e.getMessage());
        } catch (SQLException e) {
            throw new Refused(noPostgresHelp(job, admin, e));
        }
    }

    /**
     * The broker started here listens in plaintext on loopback only. Kafka security flags mean a broker of the
     * user's own (e.g. the compose TLS overlay's): that one is used, over the same settings as the job, and only a
     * replay's topic is created on it. Returns the bootstrap servers.
     */
    private String startKafka(JobOptions job, StartedParts parts) throws Refused, IOException {
        KafkaSecurity security = job.kafka().security();
        String topics = job.kafka().topic() + ", " + job.kafka().alertsTopic() + ", " + job.settingsTopic();
        Map<String, String> topicConfig = replayLane == null ? Map.of() : replayLane.topicConfig();
        if (security.isPlaintext()) {
            KafkaBroker broker =
                    parts.add("broker", KafkaBroker.start(dataDir.resolve("kafka"), kafkaPort, controllerPort));
            broker.createTopic(job.kafka().topic(), partitions, topicConfig);
            broker.createTopic(job.kafka().alertsTopic(), partitions);
            broker.createTopic(job.settingsTopic(), partitions, KafkaBroker.COMPACTED);
            System.out.println("Kafka:       " + broker.bootstrapServers() + ", topics " + topics);
            printReplayLane();
            return broker.bootstrapServers();
        }
        String bootstrapServers = job.kafka().bootstrapServers();
        String notStarted = "Kafka:       " + bootstrapServers + " (" + security.describe() + "; not started here, ";
        if (replayLane == null) {
            System.out.println(notStarted + "topics " + topics + " must exist)");
            return bootstrapServers;
        }
        try (Admin kafkaAdmin = Admin.create(security.applyTo(adminProperties(bootstrapServers)))) {
            KafkaBroker.createTopic(kafkaAdmin, job.kafka().topic(), partitions, topicConfig);
        } catch (IllegalStateException e) {
            throw new Refused("replay: " + e.getMessage() + ": " + e.getCause() + "\nA replay needs a topic of its "
                    + "own (" + partitions + " partitions, retention.ms="
                    + replayLane.retention().toMillis()
                    + "): let " + security.username() + " create topics on " + bootstrapServers
                    + ", or replay on the broker run-local starts (without Kafka security flags).");
        }
        System.out.println(notStarted + "topic " + job.kafka().topic() + " created, "
                + job.kafka().alertsTopic() + " and " + job.settingsTopic() + " must exist)");
        printReplayLane();
        return bootstrapServers;
    }

    private void printReplayLane() {
        if (replayLane != null) {
            System.out.println("Replay:      topic " + replayLane.topic() + " and consumer group "
                    + replayLane.groupId()
                    + " of its own, job state fresh: its watermark starts at its first reading"
                    + " (the topic keeps records " + replayLane.retention().toDays()
                    + " d by their reading's time)");
        }
    }

    /** The job: in this JVM's local cluster, or submitted to a standalone cluster started here. */
    private RunningJob startJob(JobOptions job) throws Exception {
        RunningJob running = cluster
                ? ClusterJob.start(
                        job,
                        jobArgumentList(),
                        jobJar,
                        flinkConf,
                        dataDir.resolve("flink"),
                        webUiPort,
                        taskManagers,
                        slots,
                        metrics,
                        replayLane != null)
                : InProcessJob.start(job, webUiPort, slots, dataDir);
        System.out.println("Flink:       " + running.webUi()
                + (cluster
                        ? " (standalone cluster, " + taskManagers + " TaskManager JVM(s) x " + slots
                                + " slots, jar submitted over REST)"
                        : ""));
        return running;
    }

    /** The notifier, on the alerts topic of the broker in use; null when notifications are off. */
    private static Notifier startNotifier(
            NotifierConfig notifications, String bootstrapServers, JobOptions job, StartedParts parts) throws Refused {
        if (notifications == null) {
            System.out.println("Notifications: off (set " + NotifierConfig.WEBHOOK_URL + " or "
                    + NotifierConfig.SLACK_WEBHOOK_URL + " to notify new and escalated HIGH/CRITICAL alerts)");
            return null;
        }
        NotifierConfig here =
                notifications.readingFrom(bootstrapServers, job.kafka().alertsTopic());
        Notifier notifier;
        try {
            notifier = parts.add("notifier", Notifier.start(here));
        } catch (IllegalStateException e) {
            throw new Refused("notifications: " + e.getMessage());
        }
        System.out.println("Notifications: " + here.contactPoints() + " (or each customer's contacts, with escalation),"
                + " ledger alert_notifications as " + here.dbUser()
                + (notifier.metricsPort() < 0
                        ? ""
                        : "; metrics http://" + here.metricsHost() + ":" + notifier.metricsPort() + "/metrics"));
        return notifier;
    }

    /**
     * The care console as a process of its own from its jar, on this database as its own role and on this broker for
     * settings changes; its first admin and every other setting from the environment it inherits. Off unless a first
     * admin is named: on a database without one the console would refuse to start.
     */
    private void startConsole(JobOptions job, String bootstrapServers, StartedParts parts) throws Refused {
        if (System.getenv(CONSOLE_ADMIN_USER) == null) {
            System.out.println("Console:     off (set " + CONSOLE_ADMIN_USER + " and HEARTBEAT_CONSOLE_ADMIN_PASSWORD"
                    + " to start the care console with its first admin)");
            return;
        }
        String url = "http://127.0.0.1:" + consolePort + "/";
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("HEARTBEAT_CONSOLE_JDBC_URL", job.jdbc().url());
        environment.put("HEARTBEAT_CONSOLE_DB_USER", consoleDbUser());
        environment.put("HEARTBEAT_CONSOLE_ADDRESS", "127.0.0.1");
        environment.put("HEARTBEAT_CONSOLE_PORT", String.valueOf(consolePort));
        environment.put("HEARTBEAT_KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        environment.put("HEARTBEAT_SETTINGS_TOPIC", job.settingsTopic());
        Path log = dataDir.resolve("logs").resolve("console.log");
        try {
            parts.add("console", ConsoleProcess.start(ConsoleProcess.JAR, environment, url, log));
        } catch (IOException | IllegalStateException e) {
            throw new Refused("console: " + e.getMessage() + "\n(log: " + log + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refused("console: interrupted while starting");
        }
        System.out.println(
                "Console:     " + url + " (sign in as " + System.getenv(CONSOLE_ADMIN_USER) + "; log " + log + ")");
    }

    private static String consoleDbUser() {
        return System.getenv().getOrDefault("HEARTBEAT_CONSOLE_DB_USER", Roles.DEFAULT_CONSOLE);
    }

    /** The generator, the replay, or nothing (then it prints where to send). */
    private Sender startSender(JobOptions job, String bootstrapServers, ReplayCommand.Prepared recording) {
        KafkaSecurity security = job.kafka().security();
        String topic = job.kafka().topic();
        if (noGenerator) {
            System.out.println("No generator: send JSON readings (see the README's Event contract) to");
            System.out.println(
                    "             bootstrap server " + bootstrapServers + ", topic " + topic + ", key = customer_id");
            return Sender.none();
        }
        if (recording != null) {
            return Sender.replay(recording, bootstrapServers, security, topic);
        }
        System.out.printf(
                "Generator:   %d customers, %.0f events/s, %.1f%% invalid%n", customers, rate, invalidShare * 100);
        return Sender.generator(
                new GeneratorSettings(
                        customers,
                        rate,
                        Instant.now(),
                        System.nanoTime(),
                        invalidShare,
                        SimulationProfile.withAnomalyInterval(anomalyInterval)),
                bootstrapServers,
                security,
                topic);
    }

    /**
     * Maintains the partitions and prints a status line every --status-every seconds until Ctrl-C or {@link
     * #stop()}. Ctrl-C's shutdown hook stops everything itself: the JVM does not wait for this thread.
     */
    private void printStatusUntilStopped(
            JobOptions job,
            Postgres.Admin admin,
            StartedParts parts,
            Sender sender,
            RunningJob running,
            Notifier notifier)
            throws Exception {
        Thread ctrlC = new Thread(
                () -> {
                    stopRequested.countDown();
                    parts.close();
                },
                "local-pipeline-shutdown");
        Runtime.getRuntime().addShutdownHook(ctrlC);
        try (PartitionMaintenance maintenance = PartitionMaintenance.every(
                        maintenanceInterval, job.jdbc().url(), admin, System.out);
                StatusReporter status =
                        new StatusReporter(job.jdbc().url(), readerUser, readerPassword, sender::status, running)) {
            while (!stopRequested.await(statusEverySeconds, TimeUnit.SECONDS)) {
                lastStatus = status.line() + (notifier == null ? "" : "  notifier: " + notifier.status());
                System.out.println(lastStatus);
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(ctrlC);
            } catch (IllegalStateException e) {
                // Ctrl-C: the JVM is shutting down and the hook stops everything.
            }
        }
    }

    /** Stops what {@link #call()} started, as Ctrl-C does, and lets it return (for tests, which cannot press it). */
    void stop() {
        stopRequested.countDown();
    }

    /** The newest status line, empty before the first. */
    String lastStatus() {
        return lastStatus;
    }

    /** The topic and group of a replay, null without {@code --replay}. */
    ReplayLane replayLane() {
        return replayLane;
    }

    private static Properties adminProperties(String bootstrapServers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return props;
    }

    private Postgres.Admin admin() {
        Postgres.Admin fromEnvironment = Postgres.Admin.fromEnvironment();
        return new Postgres.Admin(
                adminUser != null ? adminUser : fromEnvironment.user(),
                adminPassword != null ? adminPassword : fromEnvironment.password());
    }

    /** The job's options: the local broker first, then whatever the user passed (which wins). */
    private Optional<JobOptions> jobOptions() {
        return JobOptions.parse(jobArgumentList().toArray(String[]::new));
    }

    private List<String> jobArgumentList() {
        return JobArgs.kafka("127.0.0.1:" + kafkaPort)
                .parallelism(slots * (cluster ? taskManagers : 1))
                .then(jobArgs)
                .list();
    }

    private static String noPostgresHelp(JobOptions job, Postgres.Admin admin, SQLException e) {
        boolean unreachable = e.getCause() instanceof ConnectException || "08001".equals(e.getSQLState());
        return "Cannot prepare PostgreSQL at " + job.jdbc().url() + " as user " + admin.user() + ": "
                + e.getMessage() + "\n"
                + (unreachable
                        ? "No PostgreSQL is reachable there. Get one:\n"
                                + "  Debian/Ubuntu: sudo apt-get install postgresql && sudo pg_ctlcluster $(ls "
                                + "/etc/postgresql) main start\n"
                                + "  Docker:        docker run -d -p 5432:5432 -e POSTGRES_PASSWORD=change-me "
                                + "postgres:17\n"
                        : "")
                + "Point the pipeline at yours with --jdbc-url (HEARTBEAT_JDBC_URL), and name an administrator who "
                + "may\ncreate the database, tables and roles with --db-admin-user/--db-admin-password\n"
                + "(HEARTBEAT_DB_ADMIN_USER/HEARTBEAT_DB_ADMIN_PASSWORD). The job itself runs as --jdbc-user.";
    }
}
