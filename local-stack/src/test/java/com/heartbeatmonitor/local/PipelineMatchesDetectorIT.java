package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.heartbeatmonitor.generator.AnomalyEpisode;
import com.heartbeatmonitor.generator.GeneratorCommand;
import com.heartbeatmonitor.generator.TruthFile;
import com.heartbeatmonitor.job.config.DetectionProfile;
import com.heartbeatmonitor.job.records.Activity;
import com.heartbeatmonitor.job.records.AlertEvent;
import com.heartbeatmonitor.local.quality.DetectorReplay;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * The pipeline detects exactly what the plain detector does, on simulated daily life (sleep, exercise,
 * irregular devices, off-wrist nights, pathological episodes): the job's alerts must be exactly what the
 * plain detector (the Flink-free evaluation's) makes of the readings the job stored, and the rollups,
 * the alerts topic and a replay must agree with them. Whether detection is good is measured by
 * DetectionEvaluationTest against the truth; this test proves that its figures hold for the job.
 */
class PipelineMatchesDetectorIT {

    private static final int CUSTOMERS = 6;
    private static final Duration SPAN = Duration.ofDays(2);
    /**
     * Alerts decided this close to the end of the data are left out of the comparison: at the end of
     * input Flink moves the watermark to +infinity, from which the job rightly concludes nothing about
     * silence or absence, and how far the last periodic watermark before it got depends on timing. The
     * longest time-driven decision is a lost signal (2 h of silence).
     */
    private static final Duration HORIZON = Duration.ofHours(3);

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestStack.miniCluster();

    @RegisterExtension
    static final TestStackExtension STACK = new TestStackExtension();

    @Test
    void thePipelineRaisesExactlyTheDetectorsAlertsOnDailyLifeAndAReplayChangesNothing() throws Exception {
        String topic = "heartbeats-detection";
        STACK.stack().broker.createTopic(topic, 3);
        Path truthFile = STACK.dir().resolve("truth.jsonl");
        Instant start = Instant.now().minus(SPAN).minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS);
        int exit = new CommandLine(new GeneratorCommand())
                .execute(
                        "--bootstrap-servers",
                        STACK.stack().broker.bootstrapServers(),
                        "--topic",
                        topic,
                        "--customers",
                        String.valueOf(CUSTOMERS),
                        "--rate",
                        String.valueOf(CUSTOMERS),
                        "--daily-life",
                        "--duration",
                        SPAN.toSeconds() + "s",
                        "--burst",
                        "--seed",
                        "424242",
                        "--start-time",
                        start.toString(),
                        "--invalid-share",
                        "0",
                        "--anomaly-interval",
                        "6h",
                        "--truth-file",
                        truthFile.toString());
        assertThat(exit).as("generator exit code").isZero();

        STACK.stack().runJobToEndOfTopic(topic, "detection");

        long decidedBefore = start.plus(SPAN).minus(HORIZON).toEpochMilli();
        List<AnomalyEpisode> truth = TruthFile.read(truthFile);
        try (Connection db = STACK.stack().connect()) {
            assertThat(TestStack.rows(db, "SELECT count(*) FROM heartbeats WHERE late")
                            .get(0)
                            .get(0))
                    .isEqualTo(0L);
            DetectorReplay plain = new DetectorReplay(DetectionProfile.WEARABLE.settings());
            long readings = replayStoredReadings(db, plain);
            List<List<Object>> expected = decided(plain.alerts(), decidedBefore);
            List<List<Object>> stored = TestStack.rows(
                    db,
                    "SELECT alert_id::text, alert_type, severity, status,"
                            + " (extract(epoch FROM started_at) * 1000)::bigint, (extract(epoch FROM detected_at) "
                            + "* 1000)::bigint,"
                            + " (extract(epoch FROM ended_at) * 1000)::bigint, peak_bpm, readings FROM alerts"
                            + " WHERE ended_at < to_timestamp(" + decidedBefore / 1000.0 + ") ORDER BY 1");
            long pathological =
                    truth.stream().filter(AnomalyEpisode::pathological).count();
            System.out.printf(
                    "PipelineMatchesDetectorIT: %,d readings of %d customers over %s, %d pathological episodes"
                            + " simulated, %d alerts decided before the last %s, equal to the plain detector's: %s%n",
                    readings, CUSTOMERS, SPAN, pathological, stored.size(), HORIZON, stored.equals(expected));
            assertThat(pathological).as("pathological episodes simulated").isGreaterThanOrEqualTo(8);
            assertThat(expected).as("alerts the plain detector decided").hasSizeGreaterThanOrEqualTo(8);
            assertThat(stored).as("the pipeline's decided alerts").isEqualTo(expected);

            // Every reading was on time, so each minute row must equal an aggregate over the raw readings.
            String fromReadings = "SELECT customer_id, date_trunc('minute', event_time) AS minute, count(*)::int,"
                    + " min(heart_rate), max(heart_rate), round(avg(heart_rate)::numeric, 6)"
                    + " FROM heartbeats GROUP BY 1, 2 ORDER BY 1, 2";
            String fromRollups = "SELECT customer_id, minute, readings, min_bpm, max_bpm, round(avg_bpm::numeric, 6)"
                    + " FROM heartbeat_minutes ORDER BY 1, 2";
            assertThat(TestStack.rows(db, fromRollups)).isEqualTo(TestStack.rows(db, fromReadings));

            // The alerts topic carries the same changes: its newest revision of each alert is the stored row.
            STACK.stack().assertAlertsMatchTopic();

            String decided = "ended_at < to_timestamp(" + decidedBefore / 1000.0 + ")";
            String fingerprint = "SELECT (SELECT md5(string_agg(a::text, '|' ORDER BY alert_id)) FROM alerts a WHERE "
                    + decided + "), (SELECT count(*) FROM alerts WHERE " + decided + "),"
                    + " (SELECT md5(string_agg(m::text, '|' ORDER BY customer_id, minute)) FROM heartbeat_minutes m)";
            List<List<Object>> before = TestStack.rows(db, fingerprint);

            STACK.stack().runJobToEndOfTopic(topic, "detection-replay");

            assertThat(TestStack.rows(db, fingerprint))
                    .as("alerts and heartbeat_minutes after a full replay")
                    .isEqualTo(before);
        }
    }

    /** Feeds the stored readings, in event-time order, to the plain detector; returns how many. */
    private static long replayStoredReadings(Connection db, DetectorReplay plain) throws Exception {
        try (Statement statement = db.createStatement()) {
            statement.setFetchSize(10_000);
            db.setAutoCommit(false); // a cursor, not the whole table in memory
            try (ResultSet rs = statement.executeQuery("SELECT customer_id,"
                    + " (extract(epoch FROM event_time) * 1000)::bigint, heart_rate, activity FROM heartbeats"
                    + " ORDER BY event_time, kafka_partition, kafka_offset")) {
                while (rs.next()) {
                    plain.accept(rs.getString(1), rs.getLong(2), rs.getInt(3), Activity.fromJson(rs.getString(4)));
                }
            } finally {
                db.setAutoCommit(true);
            }
        }
        return plain.readings();
    }

    /** The plain detector's alerts decided before {@code before}, as the alerts table's columns. */
    private static List<List<Object>> decided(List<AlertEvent> alerts, long before) {
        List<List<Object>> rows = new ArrayList<>();
        alerts.stream()
                .filter(a -> a.endedAt() != null && a.endedAt() < before)
                .sorted((a, b) -> a.alertId().compareTo(b.alertId()))
                .forEach(a -> {
                    List<Object> row = new ArrayList<>();
                    row.add(a.alertId());
                    row.add(a.type().name());
                    row.add(a.severity().name());
                    row.add(a.status().name());
                    row.add(a.startedAt());
                    row.add(a.detectedAt());
                    row.add(a.endedAt());
                    row.add(a.peakBpm());
                    row.add(a.readings());
                    rows.add(row);
                });
        return rows;
    }
}
