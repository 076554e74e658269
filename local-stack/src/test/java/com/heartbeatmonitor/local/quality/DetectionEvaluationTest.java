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
import com.heartbeatmonitor.job.records.Severity;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Detection measured on long periods, without Flink (the detector is the job's own class): the
 * daily-life simulation (50 customers x 7 days, half of them on irregular 5-15 s devices, with AF and
 * its look-alikes) against its truth, for three seeds, and the real Stress-Predict recordings, where
 * every alert is a false alarm. Prints the tables the README quotes and writes them to
 * target/detection-evaluation.md.
 */
class DetectionEvaluationTest {

    private static final int CUSTOMERS = 50;
    private static final Duration SPAN = Duration.ofDays(7);
    private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
    /** The seed CI has always used, and two more: a target met on one seed only is luck. */
    private static final long MAIN_SEED = Long.getLong("evaluation.seed", 20261122L);

    private static final long[] SEEDS = LongStream.concat(LongStream.of(MAIN_SEED), LongStream.of(1L, 2L))
            .distinct()
            .toArray();
    /** Episodes this close to the end of the simulation cannot be complete: left out of the scores. */
    private static final Duration HORIZON = Duration.ofHours(12);

    private static final double REQUIRED_RECALL = 0.98;
    private static final double REQUIRED_PRECISION = 0.95;
    private static final double MAX_AF_MEDIAN_DELAY_MINUTES = 12;
    /** HIGH/CRITICAL alerts matching no pathological episode: a medical false alarm every 20 person-days. */
    private static final double MAX_FALSE_HIGH_PER_PERSON_DAY = 0.05;
    /** SIGNAL_LOST warnings matching no stopped device: a device notice every 10 person-days. */
    private static final double MAX_FALSE_WARNING_PER_PERSON_DAY = 0.1;
    /** Episodes of every pathological kind a run must hold for its recall to mean something. */
    private static final int MIN_EPISODES = 10;

    private static final int MIN_AF_EPISODES = 20;
    private static final Path STRESS_PREDICT = Path.of("src/test/resources/stress-predict");
    private static final Path REPORT = Path.of("target", "detection-evaluation.md");

    /** The alert each kind of pathological (must) or borderline (may) episode raises. */
    private static final Map<AnomalyType, AlertType> EXPECTED = new EnumMap<>(Map.of(
            AnomalyType.PAROXYSMAL_TACHYCARDIA, AlertType.TACHYCARDIA,
            AnomalyType.RESTING_TACHYCARDIA, AlertType.TACHYCARDIA,
            AnomalyType.AF_RAPID_VENTRICULAR_RESPONSE, AlertType.TACHYCARDIA,
            AnomalyType.AF_BORDERLINE, AlertType.TACHYCARDIA,
            AnomalyType.BRADYCARDIA, AlertType.BRADYCARDIA,
            AnomalyType.DEVICE_STOPPED, AlertType.SIGNAL_LOST));
    /** What looks like AF with RVR to a detector and must not alert. */
    private static final Set<AnomalyType> AF_LOOK_ALIKES = Set.of(
            AnomalyType.AF_SLOW, AnomalyType.ECTOPIC_BEATS, AnomalyType.EXERCISE_OPTICAL_NOISE, AnomalyType.FEVER);

    /** One seed's week: its truth and what each profile made of it (clinical only for the main seed). */
    private record Run(long seed, List<AnomalyEpisode> truth, Map<DetectionProfile, List<AlertEvent>> alerts) {}

    private static final List<Run> RUNS = new ArrayList<>();

    @BeforeAll
    static void simulateEachSeedOnce() throws IOException {
        report(
                String.format(
                        "%nDaily-life simulation: %d customers x %d days per seed, seeds %s%n",
                        CUSTOMERS, SPAN.toDays(), LongStream.of(SEEDS).boxed().toList()),
                false);
        for (long seed : SEEDS) {
            List<DetectionProfile> profiles =
                    seed == MAIN_SEED ? List.of(DetectionProfile.values()) : List.of(DetectionProfile.WEARABLE);
            Map<DetectionProfile, DetectorReplay> replays = new EnumMap<>(DetectionProfile.class);
            profiles.forEach(profile -> replays.put(profile, new DetectorReplay(profile.settings())));
            List<AnomalyEpisode> truth = new ArrayList<>();
            GeneratorSettings settings =
                    new GeneratorSettings(CUSTOMERS, CUSTOMERS, START, seed, 0.0, SimulationProfile.dailyLife());
            HeartbeatGenerator generator = new HeartbeatGenerator(settings, truth::add);
            long began = System.nanoTime();
            generator.forEachReading(START.plus(SPAN), r -> replays.values().forEach(replay -> replay.accept(r)));
            generator.finish();
            double seconds = (System.nanoTime() - began) / 1e9;
            Map<DetectionProfile, List<AlertEvent>> alerts = new EnumMap<>(DetectionProfile.class);
            replays.forEach((profile, replay) -> {
                replay.watermark(START.plus(SPAN).toEpochMilli());
                alerts.put(profile, replay.alerts());
            });
            RUNS.add(new Run(seed, truth, alerts));
            report(
                    String.format(
                            "%nSeed %d: %,d readings, simulated and detected (%s) in %.1f s; episodes: %s%n",
                            seed,
                            replays.get(DetectionProfile.WEARABLE).readings(),
                            profiles.stream().map(p -> p.name().toLowerCase()).collect(Collectors.joining(", ")),
                            seconds,
                            episodesByType(truth)),
                    true);
        }
    }

    @Test
    void defaultProfileMeetsTheTargetsOnEverySeed() throws IOException {
        SoftAssertions targets = new SoftAssertions();
        for (Run run : RUNS) {
            DetectionScore score = score(run, DetectionProfile.WEARABLE);
            String seed = "seed " + run.seed() + ": ";
            report(String.join(System.lineSeparator(), score.problems()) + System.lineSeparator(), true);
            for (AnomalyType kind : EXPECTED.keySet()) {
                if (kind.category() != AnomalyType.Category.PATHOLOGICAL) {
                    continue;
                }
                DetectionScore.Recall recall = score.recall(kind.name());
                targets.assertThat(recall)
                        .as(seed + "%s simulated and scored", kind)
                        .isNotNull();
                if (recall == null) {
                    continue;
                }
                targets.assertThat(recall.episodes())
                        .as(seed + "simulated %s episodes", kind)
                        .isGreaterThanOrEqualTo(
                                kind == AnomalyType.AF_RAPID_VENTRICULAR_RESPONSE ? MIN_AF_EPISODES : MIN_EPISODES);
                targets.assertThat(recall.recall())
                        .as(seed + "recall of %s", kind)
                        .isGreaterThanOrEqualTo(REQUIRED_RECALL);
            }
            for (AnomalyType lookAlike : AF_LOOK_ALIKES) {
                targets.assertThat(run.truth())
                        .extracting(AnomalyEpisode::type)
                        .as(seed + "look-alikes simulated")
                        .contains(lookAlike);
            }
            for (AlertType type : List.of(AlertType.TACHYCARDIA, AlertType.BRADYCARDIA, AlertType.SIGNAL_LOST)) {
                targets.assertThat(score.precision(type).precision())
                        .as(seed + "precision of %s", type)
                        .isGreaterThanOrEqualTo(REQUIRED_PRECISION);
            }
            targets.assertThat(afShare(score).share())
                    .as(seed + "precision of alerts on AF against its look-alikes")
                    .isGreaterThanOrEqualTo(REQUIRED_PRECISION);
            DetectionScore.Recall af = score.recall(AnomalyType.AF_RAPID_VENTRICULAR_RESPONSE.name());
            targets.assertThat(af == null ? Double.NaN : af.medianDelayMinutes())
                    .as(seed + "median delay of AF with RVR, minutes")
                    .isLessThanOrEqualTo(MAX_AF_MEDIAN_DELAY_MINUTES);
            targets.assertThat(score.falseAlarmsPerPersonDay(Severity.HIGH, Severity.CRITICAL))
                    .as(seed + "HIGH/CRITICAL alerts matching no pathological episode per person-day")
                    .isLessThanOrEqualTo(MAX_FALSE_HIGH_PER_PERSON_DAY);
            targets.assertThat(score.falseAlarmsPerPersonDay(Severity.WARNING))
                    .as(seed + "SIGNAL_LOST warnings matching no stopped device per person-day")
                    .isLessThanOrEqualTo(MAX_FALSE_WARNING_PER_PERSON_DAY);
        }
        targets.assertAll();
    }

    @Test
    void clinicalProfileStillFindsThePathologicalEpisodes() throws IOException {
        DetectionScore score = score(RUNS.get(0), DetectionProfile.CLINICAL);
        assertThat(score.recalls()).isNotEmpty();
        for (DetectionScore.Recall recall : score.recalls()) {
            if (!recall.kind().equals(AnomalyType.DEVICE_STOPPED.name())) {
                assertThat(recall.recall()).as("recall of %s", recall.kind()).isGreaterThanOrEqualTo(REQUIRED_RECALL);
            }
        }
    }

    @Test
    void stressPredictRaisesNoAlertWithTheDefaultProfile() throws IOException {
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
                .isEmpty();
    }

    private static DetectionScore score(Run run, DetectionProfile profile) throws IOException {
        long horizon = START.plus(SPAN).minus(HORIZON).toEpochMilli();
        List<DetectionScore.Truth> truth = run.truth().stream()
                .map(t -> new DetectionScore.Truth(
                        t.customerId(),
                        t.type().name(),
                        t.category(),
                        t.category() == AnomalyType.Category.BENIGN ? null : EXPECTED.get(t.type()),
                        t.start().toEpochMilli(),
                        t.end().toEpochMilli()))
                .toList();
        List<AlertEvent> alerts = run.alerts().get(profile);
        double personDays = CUSTOMERS * (SPAN.minus(HORIZON).toMinutes() / 1440.0);
        DetectionScore score =
                new DetectionScore(truth, alerts, horizon, START.plus(SPAN).toEpochMilli(), personDays);
        List<AlertEvent> scoredAlerts =
                alerts.stream().filter(a -> a.startedAt() < horizon).toList();
        report(
                score.table(
                        String.format(
                                "Daily-life simulation, seed %d, %s profile (alerts per person-day: %s)",
                                run.seed(), profile.name().toLowerCase(), perDay(scoredAlerts, personDays)),
                        List.of(afShare(score))),
                true);
        return score;
    }

    /** Alerts on AF (with RVR or borderline) against false alarms on what only looks like it. */
    private static DetectionScore.Share afShare(DetectionScore score) {
        return score.share(
                "AF (with RVR or borderline) against its look-alikes ("
                        + AF_LOOK_ALIKES.stream().map(Enum::name).sorted().collect(Collectors.joining(", ")) + ")",
                Set.of(AnomalyType.AF_RAPID_VENTRICULAR_RESPONSE.name(), AnomalyType.AF_BORDERLINE.name()),
                AF_LOOK_ALIKES.stream().map(Enum::name).collect(Collectors.toSet()));
    }

    private static String perDay(List<AlertEvent> alerts, double personDays) {
        StringBuilder out = new StringBuilder();
        for (AlertType type : AlertType.values()) {
            long count = alerts.stream().filter(a -> a.type() == type).count();
            out.append(String.format("%s %.2f, ", type, count / personDays));
        }
        return out.append(String.format("all %.2f", alerts.size() / personDays)).toString();
    }

    private static String byType(List<AlertEvent> alerts) {
        Map<AlertType, Integer> counts = new EnumMap<>(AlertType.class);
        alerts.forEach(a -> counts.merge(a.type(), 1, Integer::sum));
        return counts.toString();
    }

    private static Map<String, Long> episodesByType(List<AnomalyEpisode> truth) {
        return truth.stream()
                .filter(t -> t.type() != AnomalyType.SLEEP && t.type() != AnomalyType.ARTEFACT)
                .collect(Collectors.groupingBy(t -> t.type().name(), TreeMap::new, Collectors.counting()));
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
