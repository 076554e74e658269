package com.heartbeatmonitor.local;

import com.heartbeatmonitor.generator.DurationConverter;
import com.heartbeatmonitor.generator.GeneratorRun;
import com.heartbeatmonitor.generator.GeneratorSettings;
import com.heartbeatmonitor.generator.HeartbeatGenerator;
import com.heartbeatmonitor.generator.KafkaPublisher;
import com.heartbeatmonitor.generator.SimulationProfile;
import com.heartbeatmonitor.job.config.JobOptions;
import java.net.ConnectException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * The whole pipeline on this machine, in one process: a KRaft Kafka broker, the schema on PostgreSQL,
 * the Flink job in a local cluster with the web UI, and the generator. Ctrl-C stops all of it.
 */
@Command(
        name = "run-local",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        showDefaultValues = true,
        description = {
            "Runs generator -> Kafka -> Flink job (web UI) -> PostgreSQL on this machine, no Docker.",
            "Any other option is passed to the job (see the job's --help), e.g. --jdbc-url."
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

    @Option(names = "--slots", defaultValue = "2", description = "Task slots of the local Flink cluster (= job parallelism).")
    int slots;

    @Option(names = "--customers", defaultValue = "100", description = "Simulated customers.")
    int customers;

    @Option(names = "--rate", defaultValue = "100", description = "Generated events per second.")
    double rate;

    @Option(names = "--invalid-share", defaultValue = "0.01", description = "Share of invalid messages.")
    double invalidShare;

    @Option(names = "--anomaly-interval", defaultValue = "10m", converter = DurationConverter.class,
            description = "Mean event time between anomaly episodes of one customer.")
    Duration anomalyInterval;

    @Option(names = "--status-every", defaultValue = "5", description = "Seconds between status lines.")
    int statusEverySeconds;

    @Option(names = "--cluster", description = {
        "Run the job on a standalone Flink cluster (JobManager and TaskManager JVMs from Flink's jars and",
        "flink-conf/), submitting the shaded jar through the web UI's REST calls, instead of in this JVM."})
    boolean cluster;

    @Option(names = "--job-jar", defaultValue = "flink-job/target/heartbeat-monitor-job.jar",
            description = "With --cluster: the jar to upload.")
    Path jobJar;

    @Option(names = "--flink-conf", defaultValue = "flink-conf",
            description = "With --cluster: the Flink config dir (config.yaml); its target/flink-classpath.txt lists Flink's jars.")
    Path flinkConf;

    @Option(names = "--db-admin-user", description = {
        "Who creates the database, schema and roles (env HEARTBEAT_DB_ADMIN_USER, then PGUSER, then the OS user).",
        "Used for that only: the job connects as --jdbc-user, the status line as --reader-user."})
    String adminUser;

    @Option(names = "--db-admin-password", description = "(env HEARTBEAT_DB_ADMIN_PASSWORD, then PGPASSWORD)")
    String adminPassword;

    @Option(names = "--reader-user", defaultValue = "${env:GRAFANA_DB_USER:-" + Postgres.Roles.DEFAULT_READER + "}",
            description = "The read-only role, for dashboards (env GRAFANA_DB_USER).")
    String readerUser;

    @Option(names = "--reader-password", defaultValue = "${env:GRAFANA_DB_PASSWORD:-}",
            showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "Its password (env GRAFANA_DB_PASSWORD; empty for trust auth).")
    String readerPassword;

    @Option(names = "--job-help", description = "Show the job's options (all accepted here too) and exit.")
    boolean jobHelp;

    @Unmatched
    List<String> jobArgs = new ArrayList<>();

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
        Optional<JobOptions> parsed;
        try {
            parsed = jobOptions();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        if (parsed.isEmpty()) {
            return 0;
        }
        JobOptions job = parsed.get();

        Postgres.Admin admin = admin();
        System.out.println("PostgreSQL:  " + job.jdbc().url() + " (job as " + job.jdbc().user() + ", reader "
                + readerUser + ", prepared by " + admin.user() + ")");
        try {
            Postgres.prepare(job.jdbc().url(), admin,
                    new Postgres.Roles(job.jdbc().user(), job.jdbc().password(), readerUser, readerPassword));
        } catch (SQLException e) {
            System.err.println(noPostgresHelp(job, admin, e));
            return 2;
        }

        KafkaBroker broker = KafkaBroker.start(dataDir.resolve("kafka"), kafkaPort, controllerPort);
        broker.createTopic(job.kafka().topic(), partitions);
        broker.createTopic(job.kafka().alertsTopic(), partitions);
        System.out.println("Kafka:       " + broker.bootstrapServers() + ", topics " + job.kafka().topic() + ", "
                + job.kafka().alertsTopic());

        RunningJob running = cluster
                ? ClusterJob.start(job, jobArgumentList(), jobJar, flinkConf, dataDir.resolve("flink"), webUiPort)
                : InProcessJob.start(job, webUiPort, slots, dataDir);
        System.out.println("Flink:       " + running.webUi() + (cluster ? " (standalone cluster, jar submitted over REST)" : ""));

        KafkaPublisher publisher = new KafkaPublisher(broker.bootstrapServers(), job.kafka().topic(), (m, md) -> {});
        GeneratorRun generator = new GeneratorRun(
                new HeartbeatGenerator(new GeneratorSettings(customers, rate, Instant.now(), System.nanoTime(),
                        invalidShare, SimulationProfile.withAnomalyInterval(anomalyInterval))),
                publisher, GeneratorRun.Limits.UNBOUNDED, null);
        Thread generatorThread = new Thread(generator, "generator");
        generatorThread.start();
        System.out.printf("Generator:   %d customers, %.0f events/s, %.1f%% invalid%n", customers, rate, invalidShare * 100);
        System.out.println("Press Ctrl-C to stop.");

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nstopping: generator, job, broker...");
            generator.stop();
            join(generatorThread);
            publisher.close();
            try {
                running.close();
            } catch (Exception e) {
                System.err.println("stopping the job: " + e);
            }
            broker.close();
            System.out.println("stopped.");
            stopped.countDown();
        }, "local-pipeline-shutdown"));

        try (StatusReporter status = new StatusReporter(
                job.jdbc().url(), readerUser, readerPassword, generator, running)) {
            while (stopped.getCount() > 0) {
                Thread.sleep(statusEverySeconds * 1000L);
                System.out.println(status.line());
            }
        }
        return 0;
    }

    private Postgres.Admin admin() {
        Postgres.Admin fromEnvironment = Postgres.Admin.fromEnvironment();
        return new Postgres.Admin(adminUser != null ? adminUser : fromEnvironment.user(),
                adminPassword != null ? adminPassword : fromEnvironment.password());
    }

    /** The job's options: the local broker first, then whatever the user passed (which wins). */
    private Optional<JobOptions> jobOptions() {
        return JobOptions.parse(jobArgumentList().toArray(String[]::new));
    }

    private List<String> jobArgumentList() {
        List<String> args = new ArrayList<>(List.of(
                "--kafka-bootstrap-servers", "127.0.0.1:" + kafkaPort,
                "--parallelism", String.valueOf(slots)));
        args.addAll(jobArgs);
        return args;
    }

    private static String noPostgresHelp(JobOptions job, Postgres.Admin admin, SQLException e) {
        boolean unreachable = e.getCause() instanceof ConnectException || "08001".equals(e.getSQLState());
        return "Cannot prepare PostgreSQL at " + job.jdbc().url() + " as user " + admin.user() + ": "
                + e.getMessage() + "\n"
                + (unreachable
                        ? "No PostgreSQL is reachable there. Get one:\n"
                                + "  Debian/Ubuntu: sudo apt-get install postgresql && sudo pg_ctlcluster $(ls /etc/postgresql) main start\n"
                                + "  Docker:        docker run -d -p 5432:5432 -e POSTGRES_PASSWORD=change-me postgres:17\n"
                        : "")
                + "Point the pipeline at yours with --jdbc-url (HEARTBEAT_JDBC_URL), and name an administrator who may\n"
                + "create the database, tables and roles with --db-admin-user/--db-admin-password\n"
                + "(HEARTBEAT_DB_ADMIN_USER/HEARTBEAT_DB_ADMIN_PASSWORD). The job itself runs as --jdbc-user.";
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
