package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./run-local.sh --replay ... --replay-speed max} as a user runs it: {@link LocalPipeline} itself (its KRaft
 * broker, the job in its local Flink cluster, the schema on a database of this class on the real PostgreSQL), fed
 * plain CSV recordings written here.
 *
 * <ul>
 *   <li>A month of three people, one reading a minute with the nights off: stored whole, none too old, none late,
 *       every day's minute rollups complete. Before, records were stamped "now", and the job's 7-day event age cut
 *       the month to its last week.
 *   <li>A replay after the generator ran in the same data folder and database: none of it late, rollups written, and
 *       the 15 min of irregular 150 bpm at rest in it alerted. Before, the replay shared the demo's topic, whose
 *       readings had set the watermark to "now", and all of it was late.
 * </ul>
 */
class LocalReplayIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String MINUTES_OF = "SELECT count(*) FROM heartbeat_minutes WHERE customer_id LIKE ?";
    /** Two people, two hours of readings: at least this many of their minutes are rolled up. */
    private static final long REPLAY_MINUTES = 2 * 110;

    private static final Instant RECORDED = Instant.parse("2025-03-01T00:00:00Z");

    private static TestDatabase database;
    private static int kafkaPort;
    private static int controllerPort;
    private static int webUiPort;

    @BeforeAll
    static void database() throws Exception {
        database = TestDatabase.create();
        kafkaPort = FreePorts.any();
        controllerPort = FreePorts.any();
        webUiPort = FreePorts.any();
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        database.close();
    }

    @Test
    void aMonthLongRecordingAtMaxSpeedIsStoredWholeOnTimeWithEveryDaysRollups(@TempDir Path dir) throws Exception {
        String prefix = "month-";
        List<String> lines = new ArrayList<>();
        for (int person = 0; person < 3; person++) {
            for (int day = 0; day < 30; day++) {
                // Awake 07:00-23:00, one reading a minute; the night off-wrist.
                for (int minute = 7 * 60; minute < 23 * 60; minute++) {
                    Instant at = RECORDED.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(minute));
                    int bpm = 62 + 10 * person + (minute / 30) % 20 + (day % 7);
                    if (day == 10 + person && minute == 12 * 60) {
                        bpm = 250; // a device fault a day: the job rejects it, HEART_RATE_OUT_OF_RANGE
                    }
                    lines.add("P" + person + "," + at + "," + bpm);
                }
            }
        }
        Path csv = write(dir, "month.csv", lines);

        Run run = Run.start(dir.resolve("run"), "--replay", csv.toString(), "--replay-customer-prefix", prefix);
        long sent = lines.size();
        String status;
        Map<String, Long> expected;
        Map<String, Long> rollups;
        try (Connection db = database.connect()) {
            String topic = run.lane().topic();
            awaitTopicRows(run, sent);
            // Every day's rollups hold that day's readings, up to the last minutes, which the watermark has not
            // passed: nothing arrives after the recording's end. The shift is end-now's, read from the newest row.
            Instant last = ((Timestamp) rows(db, "SELECT max(event_time) FROM heartbeats WHERE kafka_topic = ?", topic)
                            .get(0)
                            .get(0))
                    .toInstant();
            Duration shift =
                    Duration.between(RECORDED.plus(Duration.ofDays(29)).plus(Duration.ofMinutes(23 * 60 - 1)), last);
            Instant cutoff = last.minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MINUTES);
            expected = new TreeMap<>();
            for (String line : lines) {
                String[] f = line.split(",");
                Instant at = Instant.parse(f[1]).plus(shift);
                if (!f[2].equals("250") && at.truncatedTo(ChronoUnit.MINUTES).isBefore(cutoff)) {
                    expected.merge(prefix + f[0] + " " + LocalDate.ofInstant(at, ZoneOffset.UTC), 1L, Long::sum);
                }
            }
            long expectedTotal =
                    expected.values().stream().mapToLong(Long::longValue).sum();
            String byDay = "SELECT customer_id || ' ' || (minute AT TIME ZONE 'UTC')::date, sum(readings)"
                    + " FROM heartbeat_minutes WHERE customer_id LIKE ? AND minute < ? GROUP BY 1";
            Map<String, Long> found = new TreeMap<>();
            awaitTrue(() -> {
                found.clear();
                for (List<Object> row : rows(db, byDay, prefix + "%", Timestamp.from(cutoff))) {
                    found.put((String) row.get(0), ((Number) row.get(1)).longValue());
                }
                return found.values().stream().mapToLong(Long::longValue).sum() >= expectedTotal;
            });
            rollups = found;
            status = run.awaitStatus(s -> s.contains("replayed=" + sent + "/" + sent + " (done)")
                    && s.contains("stored=" + (sent - 3) + " "));
        } finally {
            run.stop();
        }
        System.out.printf("LocalReplayIT month: %d readings replayed, %s; last status: %s%n", sent, run, status);

        try (Connection db = database.connect()) {
            String topic = run.lane().topic();
            assertThat(count(db, "SELECT count(*) FROM heartbeats WHERE kafka_topic = ?", topic))
                    .isEqualTo(sent - 3);
            assertThat(rows(
                            db,
                            "SELECT reason, count(*) FROM rejected_heartbeats WHERE kafka_topic = ? GROUP BY 1",
                            topic))
                    .as("rejections: the three device faults, nothing too old")
                    .containsExactly(List.of("HEART_RATE_OUT_OF_RANGE", 3L));
            assertThat(count(db, "SELECT count(*) FROM heartbeats WHERE kafka_topic = ? AND late", topic))
                    .as("late readings")
                    .isZero();
            assertThat(status).contains("late=0");
            assertThat(expected).as("days of the month").hasSizeGreaterThanOrEqualTo(3 * 30);
            assertThat(rollups)
                    .as("readings per customer and day in the minute rollups")
                    .isEqualTo(expected);
        }
    }

    @Test
    void aReplayAfterTheGeneratorRanIsNotLateAndItsTachycardiaAlerts(@TempDir Path dir) throws Exception {
        Path runDir = dir.resolve("run");
        Run demo = Run.start(runDir, "--customers", "20", "--rate", "100");
        try {
            demo.awaitStatus(s -> s.matches(".*stored=[1-9][0-9]{2,}.*"));
        } finally {
            demo.stop();
        }

        // Two hours of two people at one reading every 5 s; P0's heart races irregularly at about 150 bpm, at rest,
        // for 15 min from minute 60 (atrial fibrillation with a rapid ventricular response looks like this).
        String prefix = "after-demo-";
        List<String> lines = new ArrayList<>();
        Instant racingFrom = RECORDED.plus(Duration.ofMinutes(60));
        Instant racingUntil = racingFrom.plus(Duration.ofMinutes(15));
        for (int second = 0; second < 2 * 3600; second += 5) {
            Instant at = RECORDED.plusSeconds(second);
            boolean racing = !at.isBefore(racingFrom) && at.isBefore(racingUntil);
            int jitter = Math.floorMod(second * 7919, 21) - 10;
            lines.add("P0," + at + "," + (racing ? 150 + jitter : 68 + jitter / 5));
            lines.add("P1," + at + "," + (72 + jitter / 5));
        }
        Path csv = write(dir, "after-demo.csv", lines);
        Run replay = Run.start(runDir, "--replay", csv.toString(), "--replay-customer-prefix", prefix);
        long sent = lines.size();
        String status;
        try {
            awaitTopicRows(replay, sent);
            try (Connection db = database.connect()) {
                awaitTrue(() -> count(
                                db,
                                "SELECT count(*) FROM alerts WHERE customer_id = ? AND status = 'CLOSED'",
                                prefix + "P0")
                        > 0);
                // The minutes fire in the same step of the watermark as the alert closes, but reach their table
                // through another sink: stopping cancels the job, and what is still in flight would be lost to it.
                awaitTrue(() -> count(db, MINUTES_OF, prefix + "%") > REPLAY_MINUTES);
            }
            status = replay.awaitStatus(s -> s.contains("(done)") && s.contains("stored=" + sent + " "));
        } finally {
            replay.stop();
        }
        System.out.printf("LocalReplayIT after the demo: %s; last status: %s%n", replay, status);

        try (Connection db = database.connect()) {
            String topic = replay.lane().topic();
            assertThat(topic).startsWith("heartbeats-replay-");
            assertThat(count(db, "SELECT count(*) FROM heartbeats WHERE kafka_topic = 'heartbeats'"))
                    .as("the demo's readings, in the demo's topic")
                    .isPositive();
            assertThat(count(db, "SELECT count(*) FROM heartbeats WHERE kafka_topic = ?", topic))
                    .isEqualTo(sent);
            assertThat(count(db, "SELECT count(*) FROM heartbeats WHERE kafka_topic = ? AND late", topic))
                    .as("late readings of the replay")
                    .isZero();
            assertThat(status).contains("late=0");
            assertThat(count(db, MINUTES_OF, prefix + "%"))
                    .as("minute rollups of the replay: two people, two hours, less the last minutes")
                    .isGreaterThan(REPLAY_MINUTES);
            List<List<Object>> alerts = rows(
                    db,
                    "SELECT customer_id, alert_type, started_at FROM alerts WHERE customer_id LIKE ? ORDER BY 3",
                    prefix + "%");
            assertThat(alerts).as("the replay's alerts").hasSize(1);
            assertThat(alerts.get(0).subList(0, 2)).containsExactly(prefix + "P0", "TACHYCARDIA");
            Instant started = ((Timestamp) alerts.get(0).get(2)).toInstant();
            Instant shiftedStart = ((Timestamp) rows(
                                    db,
                                    "SELECT min(event_time) FROM heartbeats WHERE customer_id = ? AND heart_rate > 120",
                                    prefix + "P0")
                            .get(0)
                            .get(0))
                    .toInstant();
            assertThat(Duration.between(shiftedStart, started)).isBetween(Duration.ZERO, Duration.ofMinutes(5));
        }
    }

    /** One run of {@link LocalPipeline}, as {@code ./run-local.sh} starts it, on this class's ports and database. */
    private static final class Run {
        private final LocalPipeline pipeline;
        private final ExecutorService thread = Executors.newSingleThreadExecutor();
        private final Future<Integer> exit;
        private final long startNanos = System.nanoTime();

        private Run(LocalPipeline pipeline) {
            this.pipeline = pipeline;
            this.exit = thread.submit(pipeline::call);
        }

        static Run start(Path dataDir, String... args) {
            List<String> all = new ArrayList<>(List.of(
                    "--data-dir", dataDir.toString(),
                    "--kafka-port", String.valueOf(kafkaPort),
                    "--kafka-controller-port", String.valueOf(controllerPort),
                    "--web-ui-port", String.valueOf(webUiPort),
                    "--status-every", "1",
                    "--replay-speed", "max",
                    "--jdbc-url", database.url()));
            all.addAll(List.of(args));
            LocalPipeline pipeline = new LocalPipeline();
            new CommandLine(pipeline).parseArgs(all.toArray(String[]::new));
            return new Run(pipeline);
        }

        ReplayLane lane() throws Exception {
            awaitTrue(() -> pipeline.replayLane() != null || exit.isDone());
            assertThat(pipeline.replayLane())
                    .as("the replay's lane; exit %s", exit.isDone() ? exit.get() : "-")
                    .isNotNull();
            return pipeline.replayLane();
        }

        /** Waits for a status line that {@code wanted} accepts; returns it. */
        String awaitStatus(Predicate<String> wanted) throws Exception {
            awaitTrue(() -> wanted.test(pipeline.lastStatus()) || exit.isDone());
            String status = pipeline.lastStatus();
            assertThat(status).as("status line").matches(wanted::test, "the wanted status line");
            return status;
        }

        void stop() throws Exception {
            pipeline.stop();
            assertThat(exit.get(1, TimeUnit.MINUTES))
                    .as("run-local's exit code")
                    .isZero();
            thread.shutdown();
        }

        @Override
        public String toString() {
            return String.format("%.0f s", (System.nanoTime() - startNanos) / 1e9);
        }
    }

    /** Waits until the replay's topic has {@code expected} rows (readings plus rejections). */
    private static void awaitTopicRows(Run run, long expected) throws Exception {
        String topic = run.lane().topic();
        try (Connection db = database.connect()) {
            awaitTrue(() -> count(
                            db,
                            "SELECT (SELECT count(*) FROM heartbeats WHERE kafka_topic = ?)"
                                    + " + (SELECT count(*) FROM rejected_heartbeats WHERE kafka_topic = ?)",
                            topic,
                            topic)
                    >= expected);
        }
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }

    private static void awaitTrue(Check check) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!check.holds() && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
    }

    private static Path write(Path dir, String name, List<String> lines) throws Exception {
        List<String> all = new ArrayList<>();
        all.add("customer_id,timestamp,heart_rate");
        all.addAll(lines);
        Path file = dir.resolve(name);
        Files.write(file, all);
        return file;
    }

    private static long count(Connection db, String sql, Object... parameters) throws Exception {
        return ((Number) rows(db, sql, parameters).get(0).get(0)).longValue();
    }

    private static List<List<Object>> rows(Connection db, String sql, Object... parameters) throws Exception {
        try (PreparedStatement query = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            List<List<Object>> rows = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int c = 1; c <= columns; c++) {
                        row.add(rs.getObject(c));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }
}
