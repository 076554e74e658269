package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.heartbeatmonitor.generator.GeneratedMessage;
import com.heartbeatmonitor.job.config.JobOptions;
import com.heartbeatmonitor.job.sources.KafkaHeartbeatSource;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults with real parts while messages are still arriving: the job on a MiniCluster reading from a
 * KRaft broker and writing to PostgreSQL. After each fault every message must still end as exactly one
 * reading or one rejection: nothing lost, nothing doubled.
 */
class FaultToleranceIT {

    private static final int MESSAGES = 12_000;
    private static final double PER_SECOND = 1_000;
    private static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(3);
    /** How long PostgreSQL stays unreachable (the issue asks for at least 20 s). */
    private static final Duration DATABASE_OUTAGE = Duration.ofSeconds(22);

    private static final Duration BROKER_DOWNTIME = Duration.ofSeconds(5);

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestStack.miniCluster();

    @RegisterExtension
    static final TestStackExtension STACK = new TestStackExtension();

    /** What happens to the running job once a third of the messages are stored. */
    @FunctionalInterface
    private interface Fault {
        void strike() throws Exception;
    }

    @Test
    void repeatedTaskFailuresWithCheckpointsBetweenLoseAndDoubleNothing(@InjectMiniCluster MiniCluster flink)
            throws Exception {
        String topic = "faults-injected";
        // Three failures, a few seconds of input apart, so checkpoints (every second) complete in between.
        FailingDeserializer.failAt(3_000, 6_000, 9_000);
        JobOptions options = STACK.stack().options(topic, "faults-injected");
        long restarts = runThrough(
                flink,
                topic,
                1,
                () -> STACK.stack()
                        .startJob(
                                options,
                                restarts(),
                                KafkaHeartbeatSource.builder(options.kafka(), options.validation())
                                        .setDeserializer(new FailingDeserializer(options.validation()))
                                        .build()),
                () -> {});
        assertThat(FailingDeserializer.pending())
                .as("injected failures that did not strike")
                .isZero();
        assertThat(restarts).isGreaterThanOrEqualTo(3);
    }

    @Test
    void databaseUnreachableForMoreThan20SecondsRecoversByItself(@InjectMiniCluster MiniCluster flink)
            throws Exception {
        String topic = "faults-database";
        String server = TestDatabase.serverHostPort();
        try (TcpProxy proxy = new TcpProxy(server.split(":")[0], Integer.parseInt(server.split(":")[1]))) {
            String viaProxy = STACK.stack().database.url().replace(server, "127.0.0.1:" + proxy.port());
            runThrough(
                    flink,
                    topic,
                    2,
                    () -> STACK.stack().startJob(restarts(), topic, "faults-database", "--jdbc-url", viaProxy),
                    () -> {
                        proxy.cut();
                        Thread.sleep(DATABASE_OUTAGE.toMillis());
                        proxy.restore();
                    });
        }
    }

    @Test
    void kafkaBrokerRestartLosesNothing(@InjectMiniCluster MiniCluster flink) throws Exception {
        String topic = "faults-broker";
        runThrough(
                flink,
                topic,
                3,
                () -> STACK.stack().startJob(restarts(), topic, "faults-broker"),
                () -> STACK.stack().broker.restart(BROKER_DOWNTIME));
    }

    @Test
    void stopWithSavepointAndResumeLosesNothingAndCarriesTheOpenEpisodeOn(
            @InjectMiniCluster MiniCluster flink, @TempDir Path savepoints) throws Exception {
        upgradeWithTheEpisodeOpen(flink, savepoints, "faults-savepoint", new String[0], new String[0]);
    }

    /**
     * A canonical savepoint holds state independent of the backend that wrote it: heap state taken with
     * the episode open restores into RocksDB, and the episode goes on as if nothing had changed.
     */
    @Test
    void savepointOfHeapStateRestoresOnRocksDbAndTheOpenEpisodeCarriesOn(
            @InjectMiniCluster MiniCluster flink, @TempDir Path savepoints) throws Exception {
        Backends backends = upgradeWithTheEpisodeOpen(
                flink, savepoints, "faults-heap-to-rocksdb", new String[] {"--state-backend", "hashmap"}, new String[] {
                    "--state-backend", "rocksdb"
                });
        assertThat(backends.before()).isEqualTo("HashMapStateBackend");
        assertThat(backends.after()).isEqualTo("EmbeddedRocksDBStateBackend");
    }

    /** The state backends of the job before the savepoint and of the job resumed from it, as Flink reports them. */
    private record Backends(String before, String after) {}

    /**
     * The upgrade an operator makes: the job runs until the patient's TACHYCARDIA episode is OPEN, is
     * stopped with a canonical savepoint, the topic loses what came before (retention), the rest of the
     * script arrives while no job runs, and the job is resumed from the savepoint with {@code afterFlags}
     * instead of {@code beforeFlags}. Every message must end exactly once and the episode carry on.
     */
    private static Backends upgradeWithTheEpisodeOpen(
            MiniCluster flink, Path savepoints, String topic, String[] beforeFlags, String[] afterFlags)
            throws Exception {
        STACK.stack().broker.createTopic(topic, 2);
        FlinkRest rest = new FlinkRest(flink.getRestAddress().get().toString());
        UpgradeScript script =
                new UpgradeScript(Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS), topic);
        Map<TestStack.Coordinates, GeneratedMessage> sent = new HashMap<>();
        try (RawProducer producer = new RawProducer(STACK.stack().broker.bootstrapServers(), topic)) {
            // Before the upgrade: the episode has lasted long enough to be OPEN.
            JobClient before = STACK.stack().startJob(restarts(), topic, topic, withDetection(beforeFlags));
            sent.putAll(producer.send(script.seconds(0, UpgradeScript.SAVEPOINT_AT)));
            STACK.stack().awaitRows(topic, sent.size(), RECOVERY_TIMEOUT);
            List<Object> open = STACK.stack().awaitAlert(script.patient(), "OPEN", RECOVERY_TIMEOUT);
            assertThat(open).as("the episode before the savepoint").isNotNull();
            String backendBefore = rest.stateBackend(before.getJobID().toString());
            String savepoint = before.stopWithSavepoint(
                            false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(RECOVERY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(before.getJobStatus().get()).isEqualTo(JobStatus.FINISHED);
            // Retention takes what came before: the episode can only carry on from the savepoint's state,
            // not be recomputed by a job that starts afresh and reads the topic again.
            truncateBefore(topic, sent);

            // While no job runs the rest arrives: the resumed job must start where the savepoint's offsets are.
            sent.putAll(producer.send(script.seconds(UpgradeScript.SAVEPOINT_AT, UpgradeScript.END)));
            Configuration resume = restarts();
            resume.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
            JobClient after = STACK.stack().startJob(resume, topic, topic, withDetection(afterFlags));
            int failures = STACK.stack()
                    .awaitEveryMessage(
                            topic,
                            sent,
                            RECOVERY_TIMEOUT,
                            rest,
                            after.getJobID().toString());
            List<Object> closed = STACK.stack().awaitAlert(script.patient(), "CLOSED", RECOVERY_TIMEOUT);
            String backendAfter = rest.stateBackend(after.getJobID().toString());
            after.cancel().get();

            TestStack.Accounting accounting = STACK.stack().account(topic, sent);
            System.out.printf(
                    "%s: %s; episode before the savepoint %s (%s), after resuming %s (%s); failures %d%n",
                    topic, accounting, open, backendBefore, closed, backendAfter, failures);
            accounting.assertExactlyOnce(topic);
            assertThat(failures).isZero();
            assertThat(STACK.stack().alertTypes(topic + "-"))
                    .as("one episode in all: it carried on rather than starting again after the savepoint")
                    .containsExactly(List.of(script.patient(), "TACHYCARDIA"));
            // Same alert, same start, and every reading above the threshold counted, before and after.
            assertThat(closed.subList(0, 2)).isEqualTo(open.subList(0, 2));
            assertThat(((Timestamp) closed.get(1)).toInstant()).isEqualTo(script.start());
            assertThat(closed.get(2)).isEqualTo(UpgradeScript.READINGS_ABOVE);
            assertThat((Integer) closed.get(3)).isGreaterThan((Integer) open.get(3));
            return new Backends(backendBefore, backendAfter);
        }
    }

    /** The script's detection flags, then {@code flags}. */
    private static String[] withDetection(String[] flags) {
        return Stream.concat(Arrays.stream(UpgradeScript.DETECTION), Arrays.stream(flags))
                .toArray(String[]::new);
    }

    /** Deletes every record of {@code topic} that was sent so far, as retention would. */
    private static void truncateBefore(String topic, Map<TestStack.Coordinates, GeneratedMessage> sent)
            throws Exception {
        Map<TopicPartition, RecordsToDelete> upTo = new HashMap<>();
        sent.keySet()
                .forEach(at -> upTo.merge(
                        new TopicPartition(topic, at.partition()),
                        RecordsToDelete.beforeOffset(at.offset() + 1),
                        (a, b) -> a.beforeOffset() > b.beforeOffset() ? a : b));
        try (Admin admin = STACK.stack().broker.admin()) {
            admin.deleteRecords(upTo).all().get();
        }
    }

    /** Starts the job, lets the producer send, strikes once a third has arrived, then checks the accounting. */
    private static long runThrough(MiniCluster flink, String topic, long seed, Starter starter, Fault fault)
            throws Exception {
        STACK.stack().broker.createTopic(topic, 3);
        FlinkRest rest = new FlinkRest(flink.getRestAddress().get().toString());
        try (BackgroundProducer producer = new BackgroundProducer(
                STACK.stack().broker.bootstrapServers(), topic, MESSAGES, PER_SECOND, true, seed, 0.05)) {
            JobClient job = starter.start();
            try {
                long before = STACK.stack().awaitRows(topic, MESSAGES / 3, RECOVERY_TIMEOUT);
                fault.strike();
                long afterFault = STACK.stack().awaitRows(topic, 0, Duration.ZERO);
                Map<TestStack.Coordinates, GeneratedMessage> sent = producer.awaitAllSent();
                String jobId = job.getJobID().toString();
                int restarts = STACK.stack().awaitEveryMessage(topic, sent, RECOVERY_TIMEOUT, rest, jobId);

                TestStack.Accounting accounting = STACK.stack().account(topic, sent);
                System.out.printf(
                        "%s: %d rows when the fault struck, %d right after it; %s; failures recovered from %d;"
                                + " sends refused by Kafka and sent again %d%n",
                        topic, before, afterFault, accounting, restarts, producer.refusedAtFirst());
                accounting.assertExactlyOnce(topic);
                assertThat(accounting.produced()).isEqualTo(MESSAGES);
                return restarts;
            } finally {
                // A failed test must not leave its job holding the MiniCluster's slots for the next one.
                if (!job.getJobStatus().get().isTerminalState()) {
                    job.cancel().get();
                }
            }
        }
    }

    @FunctionalInterface
    private interface Starter {
        JobClient start() throws Exception;
    }

    /**
     * The restart strategy of flink-conf/config.yaml (exponential delay from 1 s), with the ceiling at
     * 10 s so a test waits seconds, not the minute production allows, after a long outage.
     */
    private static Configuration restarts() {
        Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        config.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
        config.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofSeconds(10));
        return config;
    }
}
