package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.heartbeatmonitor.generator.GeneratedMessage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The job of today resumes from the savepoints of earlier releases ({@link SavepointFixture}, one per release and
 * script under {@code src/test/resources/savepoints/}), with every piece of state restored: no state may be left
 * unclaimed. Per fixture: a fresh topic of the recorded name gets the messages from before the savepoint again (so
 * the offsets in the savepoint exist and point where they did), the job resumes from a copy of the savepoint, the
 * rest of the script arrives, and then:
 *
 * <ul>
 *   <li>the job runs, without a single failure;
 *   <li>every message after the savepoint ends exactly once, and none before it is read again (by Kafka
 *       coordinates);
 *   <li>the patient's episode, OPEN at the savepoint, carries on under the same alert_id and start and closes with
 *       the next revision, having counted more readings; no other alert appears;
 *   <li>the minute rollups are complete: every minute the watermark has passed is there, and each holds all of its
 *       readings, those from before the savepoint (restored from the state) included.
 * </ul>
 */
class SavepointCompatibilityIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    /** Rollup rows [customer, minute, readings, min, max] by customer, then minute. */
    private static final Comparator<List<Object>> ROLLUP_ORDER =
            Comparator.<List<Object>, String>comparing(r -> (String) r.get(0)).thenComparing(r -> (Long) r.get(1));

    private static final long MINUTE_MS = 60_000;
    /** The job's default --out-of-orderness: the watermark trails the newest reading by this much. */
    private static final long OUT_OF_ORDERNESS_MS = 5_000;

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestStack.miniCluster();

    @RegisterExtension
    static final TestStackExtension STACK = new TestStackExtension();

    static Stream<SavepointFixture> fixtures() throws Exception {
        List<SavepointFixture> all = SavepointFixture.all();
        assertThat(all).as("savepoint fixtures on the test classpath").isNotEmpty();
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void theJobResumesFromTheSavepointOfAnEarlierRelease(
            SavepointFixture fixture, @InjectMiniCluster MiniCluster flink, @TempDir Path copies) throws Exception {
        TestStack stack = STACK.stack();
        String topic = fixture.topic();
        stack.broker.createTopic(topic, fixture.partitions(), SavepointFixture.KEEP_FOR_EVER);
        FlinkRest rest = new FlinkRest(flink.getRestAddress().get().toString());
        try (RawProducer producer = new RawProducer(stack.broker.bootstrapServers(), topic)) {
            Map<TestStack.Coordinates, GeneratedMessage> before = producer.sendAtEventTime(fixture.before());
            assertThat(SavepointFixture.endOffsets(before))
                    .as("end offsets after sending the messages from before the savepoint again")
                    .isEqualTo(fixture.endOffsets())
                    .isEqualTo(endOffsets(topic, fixture.partitions()));

            Configuration resume = new Configuration();
            resume.set(
                    StateRecoveryOptions.SAVEPOINT_PATH,
                    fixture.copySavepointTo(copies).toUri().toString());
            resume.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, false);
            // A restore that fails must fail the test, not restart until the timeout.
            resume.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            JobClient job = stack.startJob(resume, topic, topic, fixture.jobFlags());
            try {
                Map<TestStack.Coordinates, GeneratedMessage> after = producer.sendAtEventTime(fixture.after());
                int failures = stack.awaitEveryMessage(
                        topic, after, TIMEOUT, rest, job.getJobID().toString());
                List<Object> open = fixture.alertAtSavepoint();
                List<Object> closed = stack.awaitAlert(fixture.patient(), "CLOSED", TIMEOUT);
                List<List<Object>> rollups = awaitRollups(fixture);
                assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);

                TestStack.Accounting accounting = stack.account(topic, after);
                System.out.printf(
                        "%s: %d messages before the savepoint sent again, not read; after it %s; episode at the "
                                + "savepoint %s, after resuming %s; %d minute rollups%n",
                        fixture, before.size(), accounting, open, closed, rollups.size());
                accounting.assertExactlyOnce(fixture.toString());
                assertThat(failures).isZero();
                assertThat(closed)
                        .as("the episode open at the savepoint, closed")
                        .isNotNull();
                assertThat(closed.subList(0, 2)).as("alert_id and started_at").isEqualTo(open.subList(0, 2));
                assertThat(closed.get(3)).as("revision").isEqualTo((Integer) open.get(3) + 1);
                assertThat((Integer) closed.get(2)).as("readings").isGreaterThan((Integer) open.get(2));
                assertThat(stack.alertTypes(fixture.customerPrefix()))
                        .as("alerts of the script: only the patient's episode")
                        .containsExactly(List.of(fixture.patient(), "TACHYCARDIA"));
                assertThat(rollups).as("minute rollups").isEqualTo(expectedRollups(fixture));
                assertThat(rollups)
                        .as("a minute that began before the savepoint, completed from the restored state")
                        .anyMatch(r -> (Long) r.get(1) < firstAfter(fixture));
            } finally {
                job.cancel().get();
            }
        }
    }

    /** Waits until the rollups of the fixture's customers reach the expected number; returns them in key order. */
    private static List<List<Object>> awaitRollups(SavepointFixture fixture) throws Exception {
        String customers = fixture.customerPrefix() + "%";
        STACK.stack()
                .awaitCount(
                        "SELECT count(*) FROM heartbeat_minutes WHERE customer_id LIKE ?",
                        expectedRollups(fixture).size(),
                        TIMEOUT,
                        customers);
        List<List<Object>> rows = new ArrayList<>();
        try (Connection db = STACK.stack().connect();
                PreparedStatement query = db.prepareStatement("SELECT customer_id,"
                        + " (extract(epoch FROM minute) * 1000)::bigint, readings, min_bpm, max_bpm"
                        + " FROM heartbeat_minutes WHERE customer_id LIKE ?")) {
            query.setString(1, customers);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    rows.add(List.of(rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getInt(4), rs.getInt(5)));
                }
            }
        }
        rows.sort(ROLLUP_ORDER);
        return rows;
    }

    /**
     * Per customer and minute, counted over the whole script (before and after the savepoint): [customer, minute,
     * readings, min, max] of every minute that ends before the final watermark and has a reading after the
     * savepoint; those before were written by the release that made the savepoint.
     */
    private static List<List<Object>> expectedRollups(SavepointFixture fixture) {
        Map<Integer, Long> newest = new HashMap<>();
        fixture.after()
                .forEach(
                        m -> newest.merge(m.partition(), m.message().timestamp().toEpochMilli(), Math::max));
        long watermark = Collections.min(newest.values()) - OUT_OF_ORDERNESS_MS - 1;
        Map<List<Object>, int[]> minutes = new HashMap<>();
        Stream.concat(fixture.before().stream(), fixture.after().stream())
                .map(RawProducer.Addressed::message)
                .filter(GeneratedMessage::isValid)
                .forEach(m -> {
                    long minute = Math.floorDiv(m.timestamp().toEpochMilli(), MINUTE_MS) * MINUTE_MS;
                    int[] c = minutes.computeIfAbsent(
                            List.of(m.customerId(), minute), k -> new int[] {0, Integer.MAX_VALUE, 0});
                    c[0]++;
                    c[1] = Math.min(c[1], m.heartRate());
                    c[2] = Math.max(c[2], m.heartRate());
                });
        long firstAfterMinute = Math.floorDiv(firstAfter(fixture), MINUTE_MS) * MINUTE_MS;
        List<List<Object>> expected = new ArrayList<>();
        minutes.forEach((key, c) -> {
            long minute = (Long) key.get(1);
            if (minute >= firstAfterMinute && minute + MINUTE_MS - 1 <= watermark) {
                expected.add(List.of(key.get(0), minute, c[0], c[1], c[2]));
            }
        });
        expected.sort(ROLLUP_ORDER);
        return expected;
    }

    /** Event time of the first message after the savepoint. */
    private static long firstAfter(SavepointFixture fixture) {
        return fixture.after().stream()
                .mapToLong(m -> m.message().timestamp().toEpochMilli())
                .min()
                .orElseThrow();
    }

    private static Map<Integer, Long> endOffsets(String topic, int partitions) throws Exception {
        try (Admin admin = STACK.stack().broker.admin()) {
            Map<TopicPartition, OffsetSpec> latest = new TreeMap<>((a, b) -> a.partition() - b.partition());
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<Integer, Long> ends = new TreeMap<>();
            admin.listOffsets(latest)
                    .all()
                    .get()
                    .forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
            return ends;
        }
    }
}
