package com.heartbeatmonitor.local;

import com.heartbeatmonitor.job.config.JdbcSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;

/**
 * A real standalone Flink session cluster without Docker and without flink-dist: a JobManager and one
 * or more TaskManagers, each its own JVM on this machine, run from Flink's Maven jars (the classpath
 * that {@code flink-conf/} resolves) with a config directory. Started the way {@code bin/jobmanager.sh} and
 * {@code bin/taskmanager.sh} do: Flink's {@code BashJavaUtils} computes the JVM memory flags and
 * dynamic properties, {@code env.java.opts.all} and the role's own ({@code env.java.opts.jobmanager} or
 * {@code .taskmanager}) are added, then the entrypoint class is run.
 */
public final class FlinkCluster implements AutoCloseable {

    private static final String BASH_JAVA_UTILS = "org.apache.flink.runtime.util.bash.BashJavaUtils";
    private static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";
    private static final String JOB_MANAGER = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TASK_MANAGER = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration SUBMIT_TIMEOUT = Duration.ofSeconds(150);
    private static final Duration BASH_JAVA_UTILS_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Where and how to run it. {@code properties} override config.yaml, as {@code -D key=value} would;
     * {@code taskManagers} is how many TaskManager JVMs the cluster starts with.
     */
    public record Settings(
            Path configDir,
            String classpath,
            Path workDir,
            Map<String, String> properties,
            Map<String, String> environment,
            int taskManagers) {

        /**
         * A cluster for the heartbeat job: Flink's jars from {@code configDir/target/flink-classpath.txt},
         * this run's files under {@code workDir}, {@code overrides} on top, and the job's database
         * credentials in its processes' environment (the job's main reads them there on the JobManager).
         */
        public static Settings forJob(Path configDir, Path workDir, JdbcSettings jdbc, Map<String, String> overrides)
                throws IOException {
            Map<String, String> properties = new LinkedHashMap<>(workDirProperties(workDir));
            properties.putAll(overrides);
            return new Settings(
                    configDir,
                    classpathFrom(configDir.resolve("target").resolve("flink-classpath.txt")),
                    workDir,
                    properties,
                    Map.of("HEARTBEAT_JDBC_USER", jdbc.user(), "HEARTBEAT_JDBC_PASSWORD", jdbc.password()),
                    1);
        }

        /** The same with {@code count} TaskManager JVMs of {@code slots} task slots each. */
        public Settings withTaskManagers(int count, int slots) {
            if (count < 1 || slots < 1) {
                throw new IllegalArgumentException(
                        "a cluster needs at least one TaskManager with one slot, not " + count + " x " + slots);
            }
            Map<String, String> withSlots = new LinkedHashMap<>(properties);
            withSlots.put(TaskManagerOptions.NUM_TASK_SLOTS.key(), String.valueOf(slots));
            return new Settings(configDir, classpath, workDir, withSlots, environment, count);
        }
    }

    private final Settings settings;
    private final List<String> overrides;
    private final FlinkRest rest;
    private Process jobManager;
    /** The TaskManager JVMs started and not killed, oldest first, by resource id (= log file name). */
    private final Map<String, Process> taskManagers = new LinkedHashMap<>();

    private int taskManagerStarts;
    private int jobManagerStarts;

    private FlinkCluster(Settings settings) {
        this.settings = settings;
        this.overrides = new ArrayList<>();
        settings.properties().forEach((key, value) -> overrides.addAll(List.of("-D", key + "=" + value)));
        Configuration config = configuration();
        this.rest = new FlinkRest("http://" + config.get(RestOptions.ADDRESS) + ":" + config.get(RestOptions.PORT));
    }

    /** Starts the JobManager and the TaskManagers and waits until all their slots are registered. */
    public static FlinkCluster start(Settings settings) throws IOException, InterruptedException {
        FlinkCluster cluster = new FlinkCluster(settings);
        try {
            cluster.startAgain();
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Which configured metric reporters start; unset: all of them. */
    public static final String REPORTERS = "metrics.reporters";

    /** The Prometheus reporter's port setting: a port, a range or a comma-separated list of them. */
    public static final String PROMETHEUS_PORTS = "metrics.reporter.prom.port";

    /**
     * {@code settings} plus free ports for REST, RPC and metrics, so a cluster of a test or the benchmark
     * never meets a running one (e.g. run-cluster.sh on the default ports). The metrics ports are two
     * free ones, one each for the JobManager's and the TaskManager's reporter (each takes the first
     * one still free), so a test can scrape exactly these.
     */
    public static Map<String, String> onFreePorts(Map<String, String> settings) throws IOException {
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.put("rest.port", String.valueOf(FreePorts.any()));
        all.put("jobmanager.rpc.port", String.valueOf(FreePorts.any()));
        all.put(PROMETHEUS_PORTS, FreePorts.any() + "," + FreePorts.any());
        return all;
    }

    /** Reads the classpath file that {@code mvn package} writes into flink-conf/target. */
    private static String classpathFrom(Path classpathFile) throws IOException {
        if (!Files.exists(classpathFile)) {
            throw new IllegalStateException(classpathFile + " is missing: build first (mvn -DskipTests package)");
        }
        return Files.readString(classpathFile, StandardCharsets.UTF_8).trim();
    }

    public FlinkRest rest() {
        return rest;
    }

    public String webUiUrl() {
        return rest.baseUrl();
    }

    /**
     * Where the JobManager's and the TaskManager's Prometheus reporters listen, as {@code host:port}
     * targets of a scrape config: the ports {@link #onFreePorts} chose, on loopback.
     */
    public List<String> prometheusTargets() {
        String ports = settings.properties().getOrDefault(PROMETHEUS_PORTS, "");
        if (!ports.matches("\\d+(,\\d+)+")) {
            throw new IllegalStateException("no list of metrics ports (" + PROMETHEUS_PORTS + "=" + ports
                    + "): start the cluster with onFreePorts");
        }
        return Arrays.stream(ports.split(",")).map(port -> "127.0.0.1:" + port).toList();
    }

    /**
     * Submits a jar with the {@link JobSubmitter}'s own jar, as docker compose runs it: the web UI's upload and
     * run calls, resumed from the newest checkpoint retained in this cluster's checkpoint directory, if any.
     * Returns the job id.
     */
    public String submit(Path submitter, Path jar, List<String> programArgs) throws IOException, InterruptedException {
        return submit(submitter, jar, programArgs, Map.of());
    }

    /** The same, with more of its settings as environment, e.g. {@code RESUME_FROM=none} for another job's jar. */
    public String submit(Path submitter, Path jar, List<String> programArgs, Map<String, String> settings)
            throws IOException, InterruptedException {
        String output = ExternalCommand.run(
                        "submitting " + jar, submitCommand(submitter, jar, programArgs), settings, SUBMIT_TIMEOUT)
                .trim();
        String[] lines = output.split("\n");
        return lines[lines.length - 1].trim();
    }

    /**
     * Runs the submitter in watch mode, as compose's job-submitter does: it submits the job when the JobManager
     * has none (resumed from the newest retained checkpoint) and checks again every {@code interval}. Its output
     * goes to {@code log/submitter.log} in the work dir. Closing it stops it.
     */
    public Watcher watch(Path submitter, Path jar, List<String> programArgs, Duration interval) throws IOException {
        Path log = Files.createDirectories(settings.workDir().resolve("log")).resolve("submitter.log");
        List<String> command = new ArrayList<>(submitCommand(submitter, jar, List.of()));
        command.addAll(
                command.indexOf("--"), List.of("--watch-interval", String.valueOf(Math.max(1, interval.toSeconds()))));
        command.addAll(programArgs);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new Watcher(builder.start(), log);
    }

    /** {@code java -jar <submitter> --flink-rest <this cluster> --job-jar <jar> -- <program arguments>}. */
    private List<String> submitCommand(Path submitter, Path jar, List<String> programArgs) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                submitter.toAbsolutePath().toString(),
                "--flink-rest",
                rest.baseUrl(),
                "--job-jar",
                jar.toAbsolutePath().toString(),
                "--"));
        command.addAll(programArgs);
        return command;
    }

    /** A running {@link #watch} submitter. */
    public record Watcher(Process process, Path log) implements AutoCloseable {

        public String output() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** The running TaskManager JVMs' process ids, oldest first, for tools such as jcmd. */
    public List<Long> taskManagerPids() {
        return taskManagers.values().stream().map(Process::pid).toList();
    }

    /**
     * The running TaskManagers' resource ids, oldest first: {@code taskmanager-1}, {@code taskmanager-2}, ...
     * in the order they were started; Flink's REST API and web UI name them so, and so do their log files.
     */
    public List<String> taskManagerIds() {
        return List.copyOf(taskManagers.keySet());
    }

    /**
     * Kills the oldest running TaskManager JVM with SIGKILL, as {@code kill -9} does: no shutdown hook, no
     * goodbye. Returns its resource id.
     */
    public String killTaskManager() throws InterruptedException {
        Map.Entry<String, Process> oldest = taskManagers.entrySet().iterator().next();
        taskManagers.remove(oldest.getKey());
        oldest.getValue().destroyForcibly().waitFor();
        return oldest.getKey();
    }

    /**
     * Kills the JobManager and every TaskManager JVM with SIGKILL: the whole cluster gone at once, no
     * shutdown hook anywhere. Without HA the JobManager forgets its jobs; the retained checkpoints stay.
     */
    public void killAll() throws InterruptedException {
        jobManager.destroyForcibly();
        taskManagers.values().forEach(Process::destroyForcibly);
        jobManager.waitFor();
        for (Process taskManager : taskManagers.values()) {
            taskManager.waitFor();
        }
        taskManagers.clear();
    }

    /**
     * Starts a new TaskManager for each one whose JVM has exited (e.g. it could not start its RPC system on a
     * machine under load), as a supervisor would. Returns the resource ids of those that had exited.
     */
    public List<String> replaceExitedTaskManagers() throws IOException, InterruptedException {
        List<String> exited = taskManagers.entrySet().stream()
                .filter(tm -> !tm.getValue().isAlive())
                .map(Map.Entry::getKey)
                .toList();
        for (String id : exited) {
            taskManagers.remove(id);
            startTaskManager();
        }
        return exited;
    }

    /**
     * Starts a new JobManager if its JVM has exited by itself, as a supervisor would; returns whether it had.
     */
    public boolean replaceExitedJobManager() throws IOException, InterruptedException {
        if (jobManager == null || jobManager.isAlive()) {
            return false;
        }
        startJobManager();
        return true;
    }

    /**
     * Kills the JobManager JVM alone with SIGKILL and starts a new one on the same ports, as a supervisor would:
     * the TaskManagers stay and register with it. Without HA the new JobManager knows no job; a watching
     * submitter ({@link #watch}) resubmits it from the newest retained checkpoint.
     */
    public void restartJobManager() throws IOException, InterruptedException {
        jobManager.destroyForcibly().waitFor();
        startJobManager();
    }

    /**
     * Starts the JobManager and the settings' TaskManagers (again, e.g. after {@link #killAll()}) with the
     * same ports and directories, and waits until all their slots are registered.
     */
    public void startAgain() throws IOException, InterruptedException {
        startJobManager();
        for (int i = 0; i < settings.taskManagers(); i++) {
            startTaskManager();
        }
        rest.awaitSlots(
                settings.taskManagers() * configuration().get(TaskManagerOptions.NUM_TASK_SLOTS), START_TIMEOUT);
    }

    /**
     * Starts one more TaskManager JVM, e.g. a new one after {@link #killTaskManager()}, as a supervisor or
     * Kubernetes would; its slots register on their own. Returns its resource id.
     */
    public String startTaskManager() throws IOException, InterruptedException {
        taskManagerStarts++;
        String id = "taskmanager-" + taskManagerStarts;
        taskManagers.put(
                id,
                launch(
                        id,
                        "GET_TM_RESOURCE_PARAMS",
                        CoreOptions.FLINK_TM_JVM_OPTIONS,
                        TASK_MANAGER,
                        List.of("-D", TaskManagerOptions.TASK_MANAGER_RESOURCE_ID.key() + "=" + id)));
        return id;
    }

    private void startJobManager() throws IOException, InterruptedException {
        jobManagerStarts++;
        jobManager = launch(
                jobManagerStarts == 1 ? "jobmanager" : "jobmanager-" + jobManagerStarts,
                "GET_JM_RESOURCE_PARAMS",
                CoreOptions.FLINK_JM_JVM_OPTIONS,
                JOB_MANAGER,
                List.of());
    }

    /** Starts a JVM as the bin scripts do; {@code properties} are its own dynamic properties, after the cluster's. */
    private Process launch(
            String name,
            String resourceCommand,
            ConfigOption<String> roleJvmOptions,
            String mainClass,
            List<String> properties)
            throws IOException, InterruptedException {
        List<String> resources = bashJavaUtils(resourceCommand);
        Path logDir = Files.createDirectories(settings.workDir().resolve("log"));
        List<String> command = new ArrayList<>(List.of(javaExecutable()));
        command.addAll(split(resources.get(0)));
        command.addAll(split(configuration().get(CoreOptions.FLINK_JVM_OPTIONS)));
        command.addAll(split(configuration().get(roleJvmOptions)));
        command.add("-Dlog.file=" + logDir.resolve(name + ".log").toAbsolutePath());
        command.add("-Dlog4j.configurationFile="
                + settings.configDir().resolve("log4j.properties").toUri());
        command.addAll(List.of("-cp", settings.classpath(), mainClass));
        command.addAll(
                List.of("--configDir", settings.configDir().toAbsolutePath().toString()));
        command.addAll(split(resources.get(1)));
        command.addAll(overrides);
        command.addAll(properties);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logDir.resolve(name + ".out").toFile());
        builder.environment().putAll(settings.environment());
        return builder.start();
    }

    /** JVM flags (first line) and dynamic properties (second line), as the bin scripts obtain them. */
    private List<String> bashJavaUtils(String command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                javaExecutable(),
                "-cp",
                settings.classpath(),
                BASH_JAVA_UTILS,
                command,
                "--configDir",
                settings.configDir().toAbsolutePath().toString()));
        cmd.addAll(overrides);
        String output = ExternalCommand.run("BashJavaUtils " + command, cmd, Map.of(), BASH_JAVA_UTILS_TIMEOUT);
        List<String> results = output.lines()
                .filter(l -> l.startsWith(RESULT_PREFIX))
                .map(l -> l.substring(RESULT_PREFIX.length()))
                .toList();
        if (results.size() != 2) {
            throw new IllegalStateException("unexpected BashJavaUtils output:\n" + output);
        }
        return results;
    }

    private Configuration configuration() {
        Configuration dynamic = new Configuration();
        settings.properties().forEach(dynamic::setString);
        return GlobalConfiguration.loadConfiguration(
                settings.configDir().toAbsolutePath().toString(), dynamic);
    }

    private static List<String> split(String flags) {
        return flags == null || flags.isBlank()
                ? List.of()
                : Arrays.asList(flags.trim().split("\\s+"));
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    @Override
    public void close() throws InterruptedException {
        for (Process taskManager : taskManagers.values()) {
            taskManager.destroy(); // all at once: each takes its time to shut down
        }
        for (Process taskManager : taskManagers.values()) {
            stop(taskManager);
        }
        stop(jobManager);
    }

    private static void stop(Process process) throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy(); // SIGTERM: Flink's shutdown hooks release ports and temp files
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** Cluster properties that keep one run's files in its work dir. */
    private static Map<String, String> workDirProperties(Path workDir) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(
                "execution.checkpointing.dir",
                workDir.resolve("checkpoints").toUri().toString());
        properties.put(
                "execution.checkpointing.savepoint-dir",
                workDir.resolve("savepoints").toUri().toString());
        properties.put("io.tmp.dirs", workDir.resolve("tmp").toAbsolutePath().toString());
        properties.put(
                "web.upload.dir", workDir.resolve("uploads").toAbsolutePath().toString());
        properties.put(
                "blob.storage.directory",
                workDir.resolve("blobs").toAbsolutePath().toString());
        return properties;
    }
}
