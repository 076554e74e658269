package com.heartbeatmonitor.local;

import com.heartbeatmonitor.job.HeartbeatMonitorJob;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Submits the job jar the way the web UI's "Submit New Job" page does (upload, then run) through
 * {@link FlinkRest}, resuming from the newest checkpoint or savepoint the cluster retained, by checkpoint id.
 * With {@code --watch-interval} it keeps running and resubmits the job, resumed, whenever the JobManager comes
 * back without it (without HA it forgets its jobs when it restarts); a job cancelled, stopped or failed on
 * this JobManager is left as it is. Docker compose runs it (service job-submitter, from its own small jar
 * {@value #JAR_NAME}), and so do {@code ./run-cluster.sh}, the benchmark and the tests.
 *
 * <p>Prints the job's id as the last line of its output; says on stderr what it resumed from. Does nothing
 * (and prints that job's id) when the job already runs, or is starting or restarting.
 */
@Command(
        name = "job-submitter",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        showDefaultValues = true,
        description = {
            "Uploads and runs the job jar on a Flink cluster, resumed from the newest retained checkpoint or",
            "savepoint (by checkpoint id); with --watch-interval, keeps resubmitting it whenever the JobManager",
            "comes back without it. Program arguments follow --, each one as it is (spaces included)."
        })
public final class JobSubmitter implements Callable<Integer> {

    /** The submitter's own jar, with only what it needs (Jackson, picocli): what compose mounts and runs. */
    public static final String JAR_NAME = "job-submitter.jar";
    /** Where {@code mvn package} writes it, from the repository root. */
    public static final Path JAR = Path.of("local-stack", "target", JAR_NAME);

    /** States in which a job is over: anything else runs, starts or restarts. */
    private static final Set<String> ENDED = Set.of("FINISHED", "CANCELED", "FAILED");

    private static final String LATEST = "latest";
    private static final String NONE = "none";
    private static final Duration SLOTS_TIMEOUT = Duration.ofSeconds(120);
    private static final int EXIT_FAILED = 1;
    private static final int EXIT_USAGE = 2;

    @Option(
            names = "--flink-rest",
            defaultValue = "${env:FLINK_REST}",
            description = "REST address of the JobManager, e.g. http://jobmanager:8081.")
    URI flinkRest;

    @Option(
            names = "--job-jar",
            defaultValue = "${env:JOB_JAR:-flink-job/target/heartbeat-monitor-job.jar}",
            description = "The jar to upload and run.")
    Path jobJar;

    @Option(
            names = "--parallelism",
            defaultValue = "${env:PARALLELISM}",
            description = "The job's parallelism; unset: the cluster's (as the REST call gives it, 1).")
    Integer parallelism;

    @Option(
            names = "--resume-from",
            defaultValue = "${env:RESUME_FROM:-" + LATEST + "}",
            description = LATEST + ": the newest completed checkpoint or savepoint the cluster retained (by checkpoint"
                    + " id); " + NONE + ": start afresh; or the path of a checkpoint or savepoint directory.")
    String resumeFrom;

    @Option(
            names = "--allow-non-restored-state",
            defaultValue = "${env:ALLOW_NON_RESTORED_STATE:-false}",
            arity = "0..1",
            description = "Resume although the state of an operator the new version dropped cannot be mapped.")
    boolean allowNonRestoredState;

    @Option(
            names = "--checkpoint-dir",
            defaultValue = "${env:CHECKPOINT_DIR}",
            description = "Where the JobManager writes checkpoints, as this process sees it (a path or a file: URI);"
                    + " default: the JobManager's execution.checkpointing.dir.")
    String checkpointDir;

    @Option(
            names = "--savepoint-dir",
            defaultValue = "${env:SAVEPOINT_DIR}",
            description = "The same for savepoints; default: the JobManager's execution.checkpointing.savepoint-dir.")
    String savepointDir;

    @Option(
            names = "--watch-interval",
            defaultValue = "${env:WATCH_INTERVAL}",
            description = "Seconds: keep running and check this often that the JobManager has the job.")
    Integer watchSeconds;

    @Parameters(paramLabel = "PROGRAM_ARG", description = "The job's arguments, after --.")
    List<String> programArgs = new ArrayList<>();

    private final PrintStream log = System.err;
    /** The ended jobs last reported in watch mode, so each is said once. */
    private String lastEnded = "";

    public static void main(String[] args) {
        System.exit(new CommandLine(new JobSubmitter()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (flinkRest == null) {
            log("set --flink-rest (or FLINK_REST), e.g. http://localhost:8081");
            return EXIT_USAGE;
        }
        if (!Files.isRegularFile(jobJar)) {
            log("%s not found; build it first: mvn -B -DskipTests package", jobJar);
            return EXIT_USAGE;
        }
        FlinkRest rest = new FlinkRest(flinkRest.toString().replaceAll("/+$", ""));
        if (watchSeconds == null) {
            try {
                String job = ensureJob(rest, false).orElseThrow();
                System.out.println(job);
                return 0;
            } catch (IOException | IllegalStateException e) {
                log("%s", e.getMessage());
                return EXIT_FAILED;
            }
        }
        log("watching %s every %d s", rest.baseUrl(), watchSeconds);
        String last = "";
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Optional<String> job = ensureJob(rest, true);
                if (job.isPresent() && !job.get().equals(last)) {
                    log("job %s", job.get());
                    last = job.get();
                }
            } catch (IOException | IllegalStateException e) {
                log("%s; will try again in %d s", e.getMessage(), watchSeconds);
            }
            Thread.sleep(watchSeconds * 1000L);
        }
        return 0;
    }

    /**
     * The id of the job that runs (or starts, or restarts) afterwards: the one the JobManager has, else a new
     * submission. Watching, a job this JobManager ended (cancelled, stopped, failed for good) is someone's
     * decision or needs a look: then nothing is submitted and the result is empty.
     */
    private Optional<String> ensureJob(FlinkRest rest, boolean watching) throws IOException, InterruptedException {
        rest.awaitSlots(1, SLOTS_TIMEOUT);
        Map<String, String> jobs = rest.jobsNamed(HeartbeatMonitorJob.JOB_NAME);
        for (Map.Entry<String, String> job : jobs.entrySet()) {
            if (!ENDED.contains(job.getValue())) {
                return Optional.of(job.getKey());
            }
        }
        if (!jobs.isEmpty() && watching) {
            // Said once (the watch loop logs changes only), so whoever reads the log knows it was seen and left.
            String ended = jobs.entrySet().stream()
                    .map(job -> job.getKey() + " " + job.getValue())
                    .collect(Collectors.joining(", "));
            if (!ended.equals(lastEnded)) {
                log("job %s: ended, left as it is", ended);
                lastEnded = ended;
            }
            return Optional.empty();
        }
        return Optional.of(submit(rest));
    }

    private String submit(FlinkRest rest) throws IOException, InterruptedException {
        String restore = restorePath(rest);
        if (restore == null) {
            log("starting afresh (--resume-from %s: no retained checkpoint found, or none wanted)", resumeFrom);
        } else {
            log("resuming from %s", restore);
        }
        String jarId = rest.uploadJar(jobJar);
        return rest.runJar(jarId, new FlinkRest.RunRequest(programArgs, parallelism, restore, allowNonRestoredState));
    }

    /** What to restore from, as a URI Flink takes; null to start afresh. */
    private String restorePath(FlinkRest rest) throws IOException, InterruptedException {
        if (resumeFrom.equals(NONE)) {
            return null;
        }
        if (!resumeFrom.equals(LATEST)) {
            return resumeFrom.startsWith("/") ? "file://" + resumeFrom : resumeFrom;
        }
        Optional<RetainedCheckpoints.Retained> newest = RetainedCheckpoints.newest(
                directory(rest, checkpointDir, "execution.checkpointing.dir"),
                directory(rest, savepointDir, "execution.checkpointing.savepoint-dir"));
        return newest.map(r -> "file://" + r.directory().toAbsolutePath()).orElse(null);
    }

    /** A directory setting as a local path: given, else the JobManager's; null when it is not on a local disk. */
    private Path directory(FlinkRest rest, String given, String clusterKey) throws IOException, InterruptedException {
        String value = given != null ? given : rest.clusterSetting(clusterKey).orElse("");
        if (value.startsWith("file:")) {
            return Path.of(URI.create(value.replaceFirst("^file:/+", "file:///")));
        }
        if (value.startsWith("/")) {
            return Path.of(value);
        }
        if (!value.isEmpty()) {
            log(
                    "cannot look for checkpoints in %s (not a local path): set --checkpoint-dir/--savepoint-dir to"
                            + " where it is mounted, or --resume-from",
                    value);
        }
        return null;
    }

    private void log(String format, Object... args) {
        log.println("job-submitter: " + String.format(format, args));
    }
}
