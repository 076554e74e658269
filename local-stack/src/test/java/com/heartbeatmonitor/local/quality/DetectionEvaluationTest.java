package com.heartbeatmonitor.local.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.heartbeatmonitor.generator.AnomalyEpisode;
import com.heartbeatmonitor.generator.AnomalyType;
import com.heartbeatmonitor.generator.GeneratorSettings;
import com.heartbeatmonitor.generator.HeartbeatGenerator;
import com.heartbeatmonitor.generator.SimulationProfile;
import com.heartbeatmonitor.job.config.DetectionProfile;
import com.heartbeatmonitor.job.records.AlertEvent;
import com.heartbeatmonitor.job.records.AlertType;
import com.heartbeatmonitor.replay.Reading;
import com.heartbeatmonitor.replay.Recording;
import com.heartbeatmonitor.replay.Recordings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Detection measured on long periods, without Flink (the detector is the job's own class): the
 * daily-life simulation (50 customers x 7 days, half of them on irregular 5-15 s devices) against its
 * truth, and the real Stress-Predict recordings, where every alert is a false alarm. Prints the tables
 * the README quotes and writes them to target/detection-evaluation.md.
 */
class DetectionEvaluationTest {

    private static final int CUSTOMERS = 50;
    private static final Duration SPAN = Duration.ofDays(7);
    private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
    private static final long SEED = Long.getLong("evaluation.seed", 20261122L);
    /** Episodes this close to the end of the simulation cannot be complete: left out of the scores. */
    private static final Duration HORIZON = Duration.ofHours(12);

    private static final double REQUIRED_RECALL = 0.98;
    private static final double REQUIRED_PRECISION = 0.95;
    private static final double FALSE_ALARMS_PER_PERSON_DAY = 1.0;
    private static final Path STRESS_PREDICT = Path.of("src/test/resources/stress-predict");
    private static final Path REPORT = Path.of("target", "detection-evaluation.md");

    /** The alert each kind of pathological episode should raise. */
    private static final Map<AnomalyType, AlertType> EXPECTED = new EnumMap<>(Map.of(
            AnomalyType.PAROXYSMAL_TACHYCARDIA, AlertType.TACHYCARDIA,
            AnomalyType.RESTING_TACHYCARDIA, AlertType.TACHYCARDIA,
            AnomalyType.BRADYCARDIA, AlertType.BRADYCARDIA,
            AnomalyType.DEVICE_STOPPED, AlertType.SIGNAL_LOST));

    private static final Map<DetectionProfile, List<AlertEvent>> SIMULATED = new EnumMap<>(DetectionProfile.class);
    private static final List<AnomalyEpisode> TRUTH = new ArrayList<>();
    private static long simulatedReadings;

    @BeforeAll
    static void simulateOnceForBothProfiles() throws IOException {
        Map<DetectionProfile, DetectorReplay> replays = new EnumMap<>(DetectionProfile.class);
        for (DetectionProfile profile : DetectionProfile.values()) {
            replays.put(profile, new DetectorReplay(profile.settings()));
        }
        GeneratorSettings settings =
                new GeneratorSettings(CUSTOMERS, CUSTOMERS, START, SEED, 0.0, SimulationProfile.dailyLife());
        HeartbeatGenerator generator = new HeartbeatGenerator(settings, TRUTH::add);
        long began = System.nanoTime();
        generator.forEachReading(
                START.plus(SPAN),
                r -> replays.values().forEach(replay -> replay.accept(r.customerId(), r.epochMillis(), r.heartRate())));
        generator.finish();
        double seconds = (System.nanoTime() - began) / 1e9;
        replays.forEach((profile, replay) -> {
            replay.watermark(START.plus(SPAN).toEpochMilli());
            SIMULATED.put(profile, replay.alerts());
        });
        simulatedReadings = replays.get(DetectionProfile.WEARABLE).readings();
        report(
                String.format(
                        "%nDaily-life simulation: %d customers x %d days, %,d readings, simulated and detected"
                                + " (both profiles) in %.1f s%n",
                        CUSTOMERS, SPAN.toDays(), simulatedReadings, seconds),
                false);
    }

    @Test
    void defaultProfileFindsEveryPathologicalEpisodeAndAlmostNothingElse() throws IOException {
        DetectionScore score = score(DetectionProfile.WEARABLE);
        report(String.join(System.lineSeparator(), score.problems()) + System.lineSeparator(), true);
        for (DetectionScore.Recall recall : score.recalls()) {
            assertThat(recall.episodes())
                    .as("simulated %s episodes", recall.kind())
                    .isGreaterThanOrEqualTo(20);
            assertThat(recall.recall()).as("recall of %s", recall.kind()).isGreaterThanOrEqualTo(REQUIRED_RECALL);
        }
        for (AlertType type : List.of(AlertType.TACHYCARDIA, AlertType.BRADYCARDIA, AlertType.SIGNAL_LOST)) {
            assertThat(score.precision(type).precision())
                    .as("precision of %s", type)
                    .isGreaterThanOrEqualTo(REQUIRED_PRECISION);
        }
        assertThat(score.falseAlarmsPerPersonDay())
                .as("alerts matching no pathological episode per person-day")
                .isLessThanOrEqualTo(FALSE_ALARMS_PER_PERSON_DAY);
    }

    @Test
    void clinicalProfileStillFindsThePathologicalEpisodes() throws IOException {
        DetectionScore score = score(DetectionProfile.CLINICAL);
        for (DetectionScore.Recall recall : score.recalls()) {
            if (!recall.kind().equals(AnomalyType.DEVICE_STOPPED.name())) {
                assertThat(recall.recall()).as("recall of %s", recall.kind()).isGreaterThanOrEqualTo(REQUIRED_RECALL);
            }
        }
    }

    @Test
    void stressPredictRaisesAtMostOneAlertWithTheDefaultProfile() throws IOException {
        Recording recording = Recordings.read(STRESS_PREDICT);
        assertThat(recording.persons()).hasSize(35);
        assertThat(recording.problems()).isEmpty();
        double personHours = 0;
        Map<DetectionProfile, List<AlertEvent>> alerts = new EnumMap<>(DetectionProfile.class);
        for (DetectionProfile profile : DetectionProfile.values()) {
            alerts.put(profile, new ArrayList<>());
        }
        for (Map.Entry<String, List<Reading>> person : recording.byPerson().entrySet()) {
            List<Reading> readings = person.getValue();
            personHours += Duration.between(
                                    readings.get(0).time(),
                                    readings.get(readings.size() - 1).time())
                            .toSeconds()
                    / 3600.0;
            for (DetectionProfile profile : DetectionProfile.values()) {
                // One person at a time: the end of a recording is the end of the session, not a lost signal.
                DetectorReplay replay = new DetectorReplay(profile.settings());
                readings.forEach(r -> replay.accept(person.getKey(), r.time().toEpochMilli(), r.heartRate()));
                alerts.get(profile).addAll(replay.alerts());
            }
        }
        StringBuilder table = new StringBuilder(String.format(
                "%nStress-Predict (real, Empatica E4, 35 healthy people,"
                        + " %.1f person-hours, %,d readings): alerts (all false alarms)%n%n| profile | alerts | "
                        + "per person-hour | by type |%n|---|---:|---:|---|%n",
                personHours, recording.size()));
        for (DetectionProfile profile : DetectionProfile.values()) {
            List<AlertEvent> raised = alerts.get(profile);
            table.append(String.format(
                    "| %s | %d | %.2f | %s |%n",
                    profile.name().toLowerCase(), raised.size(), raised.size() / personHours, byType(raised)));
        }
        report(table.toString(), true);
        assertThat(alerts.get(DetectionProfile.WEARABLE))
                .as("alerts on Stress-Predict, default profile")
                .hasSizeLessThanOrEqualTo(1);
    }

    private static DetectionScore score(DetectionProfile profile) throws IOException {
        long horizon = START.plus(SPAN).minus(HORIZON).toEpochMilli();
        List<DetectionScore.Truth> truth = TRUTH.stream()
                .filter(t -> t.pathological() && EXPECTED.containsKey(t.type()))
                .map(t -> new DetectionScore.Truth(
                        t.customerId(),
                        t.type().name(),
                        EXPECTED.get(t.type()),
                        t.start().toEpochMilli(),
                        t.end().toEpochMilli()))
                .toList();
        List<AlertEvent> alerts = SIMULATED.get(profile);
        double personDays = CUSTOMERS * (SPAN.minus(HORIZON).toMinutes() / 1440.0);
        DetectionScore score = new DetectionScore(truth, alerts, horizon, personDays);
        List<AlertEvent> scoredAlerts =
                alerts.stream().filter(a -> a.startedAt() < horizon).toList();
        report(
                score.table(String.format(
                        "Daily-life simulation, %s profile (%s per person-day: %s)",
                        profile.name().toLowerCase(), "alerts", perDay(scoredAlerts, personDays))),
                true);
        return score;
    }

    private static String perDay(List<AlertEvent> alerts, double personDays) {
        StringBuilder out = new StringBuilder();
        DetectionScore.perPersonDay(alerts, personDays)
                .forEach((type, rate) -> out.append(String.format("%s %.2f, ", type, rate)));
        return out.append(String.format("all %.2f", alerts.size() / personDays)).toString();
    }

    private static String byType(List<AlertEvent> alerts) {
        Map<AlertType, Integer> counts = new EnumMap<>(AlertType.class);
        alerts.forEach(a -> counts.merge(a.type(), 1, Integer::sum));
        return counts.toString();
    }

    private static synchronized void report(String text, boolean append) throws IOException {
        System.out.print(text);
        Files.createDirectories(REPORT.getParent());
        if (append) {
            Files.writeString(
                    REPORT, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } else {
            Files.writeString(REPORT, text, StandardCharsets.UTF_8);
        }
    }
}
