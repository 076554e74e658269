package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.heartbeatmonitor.generator.GeneratorCommand;
import com.heartbeatmonitor.replay.Reading;
import com.heartbeatmonitor.replay.Recording;
import com.heartbeatmonitor.replay.RecordingFormat;
import com.heartbeatmonitor.replay.Recordings;
import com.heartbeatmonitor.replay.ReplayMessages;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * Real recordings through the real pipeline: three people of the Stress-Predict set (Empatica E4, test
 * resources) replayed by the generator's {@code replay} command at full speed to a KRaft broker, the job on
 * a MiniCluster into a fresh database. Every reading must be stored with its recorded value at its
 * (shifted) time; replaying the same recording again must store nothing and end every second message as a
 * DUPLICATE_EVENT_ID rejection.
 */
class ReplayIT {

    private static final List<String> PEOPLE = List.of("S01", "S02", "S03");
    private static final String PREFIX = "sp-";
    private static final String TOPIC = "heartbeats-replay";
    /** Kafka's key hash puts sp-S01, sp-S02 and sp-S03 in partitions 2, 1 and 0 of 3: both readers get work. */
    private static final int PARTITIONS = 3;

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestStack.miniCluster();

    @RegisterExtension
    static final TestStackExtension STACK = new TestStackExtension();

    @Test
    void everyRecordedReadingIsStoredOnceAndAReplayOfTheSameRecordingIsRejectedAsDuplicates() throws Exception {
        TestStack stack = STACK.stack();
        stack.broker.createTopic(TOPIC, PARTITIONS);
        List<Path> people = PEOPLE.stream().map(ReplayIT::person).toList();
        Recording recording = Recordings.read(people, RecordingFormat.E4, ZoneOffset.UTC);
        assertThat(recording.persons()).isEqualTo(PEOPLE);
        assertThat(recording.problems()).isEmpty();
        int readings = recording.size();
        assertThat(readings).isBetween(9_000, 12_000);

        // One "now" for both replays: the same shift, so the second sends identical readings.
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Duration shift = Duration.between(recording.end().orElseThrow(), now);
        ReplayMessages messages = new ReplayMessages("e4", PREFIX, shift);
        Map<String, Expected> expected = new HashMap<>();
        recording
                .merged()
                .forEach(r -> expected.put(
                        messages.eventId(r),
                        new Expected(r, messages.customerId(r), r.time().plus(shift))));
        assertThat(expected).hasSize(readings);

        assertThat(replay(people, now)).as("exit code of the first replay").isZero();
        assertThat(messagesOnTopic()).isEqualTo(readings);
        stack.runJobToEndOfTopic(TOPIC, "replay-first");

        String fingerprint = "SELECT count(*), sum(heart_rate), max(ingested_at)::text FROM heartbeats";
        List<List<Object>> before;
        try (Connection db = stack.connect()) {
            List<String> problems = checkReadings(db, expected);
            assertThat(problems)
                    .as("stored readings that differ from the recording")
                    .isEmpty();
            assertThat(count(db, "SELECT count(*) FROM heartbeats")).isEqualTo(readings);
            assertThat(count(db, "SELECT count(DISTINCT (customer_id, event_time)) FROM heartbeats"))
                    .isEqualTo(readings);
            assertThat(count(db, "SELECT count(*) FROM rejected_heartbeats")).isZero();
            before = TestStack.rows(db, fingerprint);
        }

        assertThat(replay(people, now)).as("exit code of the second replay").isZero();
        assertThat(messagesOnTopic()).isEqualTo(2L * readings);
        // A new consumer group reads both replays: the first is the stored readings themselves (skipped),
        // the second must end as rejections.
        stack.runJobToEndOfTopic(TOPIC, "replay-second");

        try (Connection db = stack.connect()) {
            assertThat(TestStack.rows(db, fingerprint))
                    .as("heartbeats after the second replay")
                    .isEqualTo(before);
            assertThat(TestStack.rows(db, "SELECT reason, count(*) FROM rejected_heartbeats GROUP BY reason"))
                    .containsExactly(List.of("DUPLICATE_EVENT_ID", (long) readings));
            long stored = count(db, "SELECT count(*) FROM heartbeats WHERE kafka_topic = '" + TOPIC + "'");
            long rejected = count(db, "SELECT count(*) FROM rejected_heartbeats WHERE kafka_topic = '" + TOPIC + "'");
            assertThat(stored + rejected).as("stored readings + rejections").isEqualTo(2L * readings);
            System.out.printf(
                    "ReplayIT: %d readings of %s replayed twice: %d stored, %d rejected as duplicates%n",
                    readings, PEOPLE, stored, rejected);
        }
    }

    private record Expected(Reading reading, String customerId, Instant timestamp) {}

    private static int replay(List<Path> people, Instant now) {
        List<String> args = new ArrayList<>(List.of(
                "replay",
                "--format",
                "e4",
                "--speed",
                "max",
                "--align",
                "end-now",
                "--now",
                now.toString(),
                "--customer-prefix",
                PREFIX,
                "--bootstrap-servers",
                STACK.stack().broker.bootstrapServers(),
                "--topic",
                TOPIC));
        people.forEach(p -> args.add(p.toString()));
        return new CommandLine(new GeneratorCommand()).execute(args.toArray(String[]::new));
    }

    /** Every stored row must be a reading of the recording: its customer, shifted time and rounded value. */
    private static List<String> checkReadings(Connection db, Map<String, Expected> expected) throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT event_id::text, customer_id, event_time, heart_rate FROM heartbeats")) {
            while (rs.next()) {
                String eventId = rs.getString(1);
                Expected e = expected.get(eventId);
                if (e == null) {
                    problems.add(eventId + " is not an id of a recorded reading");
                    continue;
                }
                String row = rs.getString(2) + " " + rs.getTimestamp(3).toInstant() + " " + rs.getInt(4);
                String want =
                        e.customerId() + " " + e.timestamp() + " " + e.reading().heartRate();
                if (!row.equals(want)) {
                    problems.add(eventId + ": stored " + row + ", recorded " + want);
                }
            }
        }
        return problems.size() > 20 ? problems.subList(0, 20) : problems;
    }

    private long messagesOnTopic() throws Exception {
        try (Admin admin = STACK.stack().broker.admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                latest.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((partition, info) -> ends.put(partition, info.offset()));
            assertThat(ends.values()).as("messages per partition").allMatch(n -> n > 0);
            return ends.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static long count(Connection db, String sql) throws SQLException {
        return ((Number) TestStack.rows(db, sql).get(0).get(0)).longValue();
    }

    private static Path person(String name) {
        try {
            return Path.of(ReplayIT.class.getResource("/stress-predict/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
