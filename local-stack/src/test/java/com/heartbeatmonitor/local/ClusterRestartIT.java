package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.heartbeatmonitor.generator.GeneratedMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole standalone cluster dies: JobManager and TaskManager JVMs killed with SIGKILL at once,
 * mid-stream, while a TACHYCARDIA episode is open. Both are started again, and the submit path that
 * started the job ({@link JobSubmitter} in watch mode, as compose's job-submitter runs it)
 * finds the JobManager without the job and resumes it from the newest retained checkpoint by itself.
 * Every message still ends as exactly one reading or rejection, and the open episode carries on as the
 * same alert (same alert_id, a higher revision) instead of starting again. The submitter run once, as
 * run-cluster.sh runs it, then finds the resumed job and submits nothing; and a job cancelled on
 * purpose is left cancelled by the watcher.
 */
class ClusterRestartIT {

    private static final int MESSAGES = 24_000;
    private static final double PER_SECOND = 150;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final Duration WATCH_INTERVAL = Duration.ofSeconds(2);
    private static final String JOB_NAME = "heartbeat-monitor";
    private static final String PATIENT = "restart-patient";
    private static final int RACING_BPM = 150;
    private static final int CALM_BPM = 70;
    /** Racing readings (one a second) the resumed job must store before the patient calms down. */
    private static final int READINGS_AFTER_RESUME = 5;
    /**
     * Detection given explicitly, so the test does not depend on the defaults: above 100 bpm for 10 s
     * opens an episode, 10 s without closes it.
     */
    private static final List<String> DETECTION =
            List.of("--tachycardia-above", "100", "--sustain", "10s", "--episode-close-after", "10s");

    @RegisterExtension
    static final TestStackExtension STACK = new TestStackExtension();

    @Test
    void wholeClusterKilledMidEpisodeResumesFromTheNewestCheckpointAndTheAlertCarriesOn() throws Exception {
        String topic = "faults-cluster-restart";
        STACK.stack().broker.createTopic(topic, 3);
        Path workDir = Path.of("target", "cluster-restart");
        FileUtils.deleteDirectory(workDir.toFile());
        List<String> args = STACK.stack()
                .jobArgs(topic, "cluster-restart")
                .checkpointInterval("1s")
                .parallelism(2)
                .then(DETECTION)
                .list();

        try (FlinkCluster cluster = StandaloneClusterIT.startCluster(
                        workDir, STACK.stack().database.jdbc());
                Patient patient = new Patient(STACK.stack().broker.bootstrapServers(), topic);
                FlinkCluster.Watcher submitter = cluster.watch(
                        StandaloneClusterIT.SUBMITTER, StandaloneClusterIT.JOB_JAR, args, WATCH_INTERVAL)) {
            String firstJob = awaitRunningJob(cluster.rest(), "");
            assertThat(cluster.rest().restoredFrom(firstJob))
                    .as("the first job starts afresh")
                    .isEmpty();

            try (BackgroundProducer generator = new BackgroundProducer(
                    STACK.stack().broker.bootstrapServers(), topic, MESSAGES, PER_SECOND, true, 11L, 0.05)) {
                patient.start();
                Alert open = awaitAlert("OPEN", 0);
                // A checkpoint taken after the episode opened holds it in the detection state.
                long checkpoints = cluster.rest().completedCheckpoints(firstJob);
                awaitCheckpoints(cluster.rest(), firstJob, checkpoints + 2);
                long rowsAtKill = STACK.stack().awaitRows(topic, 0, Duration.ZERO);
                cluster.killAll();
                Instant killedAt = Instant.now();

                cluster.startAgain();
                // Nobody submits: the watching submitter finds the new JobManager without the job.
                String resumedJob = awaitRunningJob(cluster.rest(), firstJob);
                Duration downtime = Duration.between(killedAt, Instant.now());
                String restoredFrom = awaitRestored(cluster.rest(), resumedJob);
                assertThat(restoredFrom)
                        .as("resumed from a retained checkpoint of the killed job")
                        .contains("/" + firstJob + "/chk-");
                assertThat(cluster.submit(StandaloneClusterIT.SUBMITTER, StandaloneClusterIT.JOB_JAR, args))
                        .as("the submitter run once (run-cluster.sh) finds the resumed job running")
                        .isEqualTo(resumedJob);

                // The episode goes on after the restart (the resumed job stores racing readings taken after it
                // resumed), then the patient calms down and it closes.
                Instant resumedAt = Instant.now();
                assertThat(STACK.stack()
                                .awaitCount(
                                        "SELECT count(*) FROM heartbeats WHERE customer_id = ? AND event_time > ?",
                                        READINGS_AFTER_RESUME,
                                        TIMEOUT,
                                        PATIENT,
                                        Timestamp.from(resumedAt)))
                        .as("readings of %s taken after the job resumed, stored by it", PATIENT)
                        .isGreaterThanOrEqualTo(READINGS_AFTER_RESUME);
                patient.calmDown();
                Alert closed = awaitAlert("CLOSED", 0);
                patient.stop();

                Map<TestStack.Coordinates, GeneratedMessage> sent = new HashMap<>(generator.awaitAllSent());
                sent.putAll(patient.sent());
                int failures = STACK.stack()
                        .awaitEveryMessage(topic, "cluster-restart", sent, TIMEOUT, cluster.rest(), resumedJob);
                cluster.rest().cancel(resumedJob);
                cluster.rest().awaitJobState(resumedJob, "CANCELED", Duration.ofSeconds(60));
                // The watcher says when it has seen the job ended and left it: from then on it submits nothing.
                awaitOutput(submitter, "job " + resumedJob + " CANCELED: ended, left as it is");
                assertThat(cluster.rest().jobsNamed(JOB_NAME))
                        .as("a cancelled job stays cancelled: the watcher"
                                + " resubmits only to a JobManager that knows no such job")
                        .containsOnlyKeys(resumedJob);
                assertThat(submitter.output()).contains("starting afresh").contains("resuming from");

                TestStack.Accounting accounting = STACK.stack().account(topic, sent);
                System.out.printf(
                        "%s: %d rows when both JVMs were killed; down (kill to resumed job RUNNING) %d s;"
                                + " resumed from %s; %s; alert before the kill %s, after %s; failures %d%n",
                        topic, rowsAtKill, downtime.toSeconds(), restoredFrom, accounting, open, closed, failures);
                accounting.assertExactlyOnce(topic);
                try (Connection db = STACK.stack().connect()) {
                    assertThat(TestStack.rows(
                                    db,
                                    "SELECT alert_type FROM alerts WHERE customer_id = '" + PATIENT
                                            + "' AND alert_type = 'TACHYCARDIA'"))
                            .as("one episode in all: it carried on rather than starting again after the restart")
                            .hasSize(1);
                }
                assertThat(closed.alertId()).isEqualTo(open.alertId());
                assertThat(closed.startedAt()).isEqualTo(open.startedAt());
                assertThat(closed.revision()).isGreaterThan(open.revision());
                assertThat(closed.readings()).isGreaterThan(open.readings());
            }
        }
    }

    private record Alert(String alertId, Instant startedAt, int readings, int revision) {}

    private static void awaitOutput(FlinkCluster.Watcher watcher, String line) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!watcher.output().contains(line)) {
            assertThat(System.nanoTime())
                    .as("the submitter's log says '%s' within %s; it says:%n%s", line, TIMEOUT, watcher.output())
                    .isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    /** Waits for the patient's TACHYCARDIA alert to reach {@code status} with a revision above {@code after}. */
    private static Alert awaitAlert(String status, int after) throws Exception {
        long found = STACK.stack()
                .awaitCount(
                        "SELECT count(*) FROM alerts WHERE customer_id = ? AND alert_type = ?"
                                + " AND status = ? AND revision > ?",
                        1,
                        TIMEOUT,
                        PATIENT,
                        "TACHYCARDIA",
                        status,
                        after);
        assertThat(found)
                .as("a %s TACHYCARDIA alert of %s within %s", status, PATIENT, TIMEOUT)
                .isEqualTo(1);
        try (Connection db = STACK.stack().connect();
                PreparedStatement query = db.prepareStatement("SELECT alert_id::text, started_at, readings, revision"
                        + " FROM alerts WHERE customer_id = ? AND alert_type = 'TACHYCARDIA' AND status = ?")) {
            query.setString(1, PATIENT);
            query.setString(2, status);
            try (ResultSet rs = query.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return new Alert(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getInt(3), rs.getInt(4));
            }
        }
    }

    private static void awaitCheckpoints(FlinkRest rest, String jobId, long completed) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (rest.completedCheckpoints(jobId) < completed) {
            assertThat(System.nanoTime())
                    .as("%d checkpoints of %s completed", completed, jobId)
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** Waits until the JobManager runs a job of ours other than {@code not}; returns its id. */
    private static String awaitRunningJob(FlinkRest rest, String not) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                for (Map.Entry<String, String> job : rest.jobsNamed(JOB_NAME).entrySet()) {
                    if (!job.getKey().equals(not) && job.getValue().equals("RUNNING")) {
                        return job.getKey();
                    }
                }
            } catch (IOException e) {
                // the JobManager is not up yet, or still electing its leader
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no running " + JOB_NAME + " job other than '" + not + "' within " + TIMEOUT);
    }

    private static String awaitRestored(FlinkRest rest, String jobId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String restored = rest.restoredFrom(jobId);
        while (restored.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(250);
            restored = rest.restoredFrom(jobId);
        }
        return restored;
    }

    /**
     * One customer's device on partition 0, one reading a second in real time: racing at 150 bpm until
     * told to calm down, then 10 bpm less a second (too slowly to be a spike) down to 70. It keeps
     * sending while the cluster is down, as a device would.
     */
    private static final class Patient implements AutoCloseable {

        private final RawProducer producer;
        private final Map<TestStack.Coordinates, GeneratedMessage> sent = new ConcurrentHashMap<>();
        private final Thread thread;
        private volatile boolean calm;
        private volatile boolean running = true;
        private volatile Exception failure;

        Patient(String bootstrapServers, String topic) {
            producer = new RawProducer(bootstrapServers, topic);
            thread = new Thread(this::run, "patient");
        }

        void start() {
            thread.start();
        }

        void calmDown() {
            calm = true;
        }

        private void run() {
            int bpm = RACING_BPM;
            int second = 0;
            try {
                while (running) {
                    if (calm) {
                        bpm = Math.max(CALM_BPM, bpm - 10);
                    }
                    Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                    String eventId = UUID.nameUUIDFromBytes((PATIENT + "@" + second++).getBytes(StandardCharsets.UTF_8))
                            .toString();
                    String json = String.format(
                            "{\"event_id\":\"%s\",\"customer_id\":\"%s\",\"timestamp\":\"%s\",\"heart_rate\":%d}",
                            eventId, PATIENT, at, bpm);
                    GeneratedMessage message = new GeneratedMessage(
                            PATIENT, eventId, at, bpm, null, json.getBytes(StandardCharsets.UTF_8));
                    sent.putAll(producer.send(List.of(new RawProducer.Addressed(0, message))));
                    Thread.sleep(1_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                failure = e;
            }
        }

        void stop() throws Exception {
            running = false;
            thread.join();
            if (failure != null) {
                throw failure;
            }
        }

        Map<TestStack.Coordinates, GeneratedMessage> sent() {
            return Map.copyOf(sent);
        }

        @Override
        public void close() throws Exception {
            running = false;
            thread.join();
            producer.close();
        }
    }
}
