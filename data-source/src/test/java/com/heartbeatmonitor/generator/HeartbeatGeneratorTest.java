package com.heartbeatmonitor.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatGeneratorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant START = Instant.parse("2026-11-21T10:00:00Z");

    @Test
    void sameSeedGivesIdenticalMessagesAndAnotherSeedDoesNot() {
        List<GeneratedMessage> first = generate(settings(42, 0.05), 2_000, new ArrayList<>());
        List<GeneratedMessage> again = generate(settings(42, 0.05), 2_000, new ArrayList<>());
        List<GeneratedMessage> other = generate(settings(43, 0.05), 2_000, new ArrayList<>());

        for (int i = 0; i < first.size(); i++) {
            assertThat(again.get(i).payload()).isEqualTo(first.get(i).payload());
        }
        assertThat(other.get(0).payload()).isNotEqualTo(first.get(0).payload());
    }

    @Test
    void validMessagesFollowTheContract() throws Exception {
        Set<String> eventIds = new HashSet<>();
        for (GeneratedMessage message : generate(settings(1, 0.0), 5_000, new ArrayList<>())) {
            JsonNode json = JSON.readTree(message.payload());
            assertThat(json.size()).isEqualTo(message.activity() == null ? 4 : 5);
            if (message.activity() != null) {
                assertThat(json.get("activity").asText()).isIn("rest", "active", "sleep");
            }
            String eventId = json.get("event_id").asText();
            assertThat(UUID.fromString(eventId).version()).isEqualTo(4);
            assertThat(eventIds.add(eventId)).as("unique event id").isTrue();
            assertThat(json.get("customer_id").asText())
                    .isEqualTo(message.customerId())
                    .matches("[A-Za-z0-9_-]{1,64}");
            assertThat(Instant.parse(json.get("timestamp").asText())).isEqualTo(message.timestamp());
            assertThat(json.get("heart_rate").isInt()).isTrue();
            assertThat(json.get("heart_rate").asInt())
                    .isEqualTo(message.heartRate())
                    .isBetween(30, 220);
        }
    }

    @Test
    void timestampsAreSpacedByTheRateAndEachCustomerMovesForward() {
        List<GeneratedMessage> messages = generate(settings(5, 0.0), 10_000, new ArrayList<>());
        Map<String, Instant> lastByCustomer = new HashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            GeneratedMessage m = messages.get(i);
            // 100 events/s: 10 ms apart; the default devices are regular and always worn, so exactly.
            assertThat(m.timestamp()).isEqualTo(START.plusMillis(10L * i));
            Instant previous = lastByCustomer.put(m.customerId(), m.timestamp());
            if (previous != null) {
                assertThat(m.timestamp()).isAfter(previous);
            }
        }
        assertThat(lastByCustomer).hasSize(20);
    }

    @Test
    void invalidMessagesHaveTheRequestedShareAndEveryKind() {
        List<GeneratedMessage> messages = generate(settings(9, 0.1), 20_000, new ArrayList<>());
        Map<InvalidKind, Integer> kinds = new EnumMap<>(InvalidKind.class);
        messages.stream().filter(m -> !m.isValid()).forEach(m -> kinds.merge(m.invalidKind(), 1, Integer::sum));

        int invalid = kinds.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(invalid).isBetween(1_800, 2_200);
        assertThat(kinds.keySet()).containsExactlyInAnyOrder(InvalidKind.values());
    }

    @Test
    void fastPathGivesTheReadingsOfTheMessages() {
        List<GeneratedMessage> messages = generate(settings(3, 0.0), 5_000, new ArrayList<>());
        HeartbeatGenerator fast = new HeartbeatGenerator(settings(3, 0.0));
        for (GeneratedMessage m : messages) {
            assertThat(fast.nextReading())
                    .isEqualTo(new Reading(m.customerId(), m.timestamp().toEpochMilli(), m.heartRate(), m.activity()));
        }
    }

    @Test
    void dailyLifeReadingsComeInEventTimeOrderAndStayInTheValidRange() {
        HeartbeatGenerator generator = new HeartbeatGenerator(dailyLife(SimulationProfile.dailyLife()));
        long[] previous = {Long.MIN_VALUE};
        List<Reading> readings = new ArrayList<>();
        generator.forEachReading(START.plus(Duration.ofDays(2)), r -> {
            assertThat(r.epochMillis()).isGreaterThanOrEqualTo(previous[0]);
            previous[0] = r.epochMillis();
            readings.add(r);
        });
        assertThat(readings).isNotEmpty().allMatch(r -> r.heartRate() >= 30 && r.heartRate() <= 220);
        assertThat(readings.stream().map(Reading::customerId).distinct()).hasSize(20);
    }

    @Test
    void regularDevicesReadAtTheNominalSpacingAndIrregularOnes5To15TimesIt() {
        // Worn all the time, so every interval is the device's own; 20 customers at 20/s: nominal 1 s.
        SimulationProfile alwaysWorn = new SimulationProfile(Duration.ofDays(1), 0.5, false);
        Map<String, List<Long>> times = new HashMap<>();
        new HeartbeatGenerator(dailyLife(alwaysWorn))
                .forEachReading(
                        START.plus(Duration.ofHours(6)),
                        r -> times.computeIfAbsent(r.customerId(), c -> new ArrayList<>())
                                .add(r.epochMillis()));
        int irregular = 0;
        for (List<Long> t : times.values()) {
            List<Long> intervals = new ArrayList<>();
            for (int i = 1; i < t.size(); i++) {
                intervals.add(t.get(i) - t.get(i - 1));
            }
            if (intervals.stream().allMatch(d -> d == 1_000)) {
                continue;
            }
            irregular++;
            assertThat(intervals).allMatch(d -> d >= 4_999 && d <= 15_001);
            double mean =
                    intervals.stream().mapToLong(Long::longValue).average().orElseThrow();
            assertThat(mean).isBetween(9_500.0, 10_500.0);
        }
        assertThat(irregular).isBetween(5, 15);
    }

    @Test
    void pathologicalEpisodesHaveTheirSignatures() {
        List<AnomalyEpisode> truth = new ArrayList<>();
        Map<String, List<Reading>> byCustomer = simulate(
                dailyLife(SimulationProfile.dailyLife().anomalyInterval(Duration.ofHours(3))),
                Duration.ofDays(3),
                truth);

        Map<AnomalyType, Integer> counts = new EnumMap<>(AnomalyType.class);
        // Episodes under way at the end are cut short by finish(): none is longer than 8 h.
        Instant settled = START.plus(Duration.ofDays(3)).minus(Duration.ofHours(9));
        for (AnomalyEpisode e : truth.stream()
                .filter(e -> e.pathological() && e.start().isBefore(settled))
                .toList()) {
            counts.merge(e.type(), 1, Integer::sum);
            List<Reading> during = between(byCustomer.get(e.customerId()), e.start(), e.end());
            Duration length = Duration.between(e.start(), e.end());
            switch (e.type()) {
                case PAROXYSMAL_TACHYCARDIA -> {
                    assertThat(length).isBetween(Duration.ofMinutes(3), Duration.ofMinutes(30));
                    // Abrupt: from the second reading on, a flat plateau of 150-220 bpm.
                    IntSummaryStatistics plateau =
                            during.stream().skip(2).mapToInt(Reading::heartRate).summaryStatistics();
                    assertThat(plateau.getMin()).as("%s", e).isGreaterThanOrEqualTo(147);
                    assertThat(plateau.getMax() - plateau.getMin()).as("%s", e).isLessThanOrEqualTo(6);
                    Reading before = lastBefore(byCustomer.get(e.customerId()), e.start());
                    assertThat(before == null || before.heartRate() < 120)
                            .as("at rest before %s", e)
                            .isTrue();
                }
                case RESTING_TACHYCARDIA -> {
                    assertThat(length).isBetween(Duration.ofMinutes(90), Duration.ofMinutes(320));
                    Instant middle = e.start().plus(length.dividedBy(2));
                    assertThat(between(during, middle.minusSeconds(60), middle.plusSeconds(60)))
                            .allMatch(r -> r.heartRate() >= 115 && r.heartRate() <= 160);
                }
                case BRADYCARDIA -> {
                    assertThat(length).isBetween(Duration.ofMinutes(15), Duration.ofMinutes(60));
                    assertThat(between(during, e.start().plus(Duration.ofMinutes(5)), e.end()))
                            .isNotEmpty()
                            .allMatch(r -> r.heartRate() < 40);
                }
                case DEVICE_STOPPED -> {
                    assertThat(length).isBetween(Duration.ofHours(2), Duration.ofHours(8));
                    assertThat(e.start()).isAfterOrEqualTo(START.plus(Duration.ofDays(1)));
                    assertThat(during).isEmpty();
                }
                case AF_RAPID_VENTRICULAR_RESPONSE -> {
                    assertThat(length).isBetween(Duration.ofMinutes(15), Duration.ofHours(4));
                    // Onset within 2 min; then fast, and irregular even after the device's averaging.
                    List<Reading> settledAf = between(during, e.start().plus(Duration.ofMinutes(2)), e.end());
                    assertThat(median(settledAf)).as("%s", e).isGreaterThanOrEqualTo(118);
                    assertThat(meanChange(settledAf)).as("%s", e).isGreaterThan(3.0);
                }
                default -> throw new AssertionError("unexpected " + e);
            }
        }
        assertThat(counts.keySet())
                .containsExactlyInAnyOrder(
                        AnomalyType.PAROXYSMAL_TACHYCARDIA,
                        AnomalyType.RESTING_TACHYCARDIA,
                        AnomalyType.BRADYCARDIA,
                        AnomalyType.DEVICE_STOPPED,
                        AnomalyType.AF_RAPID_VENTRICULAR_RESPONSE);
    }

    @Test
    void afIsIrregularOnBothKindsOfDeviceAndItsLookAlikesAreMarkedBenign() {
        List<AnomalyEpisode> truth = new ArrayList<>();
        Map<String, List<Reading>> byCustomer = simulate(
                dailyLife(SimulationProfile.dailyLife().anomalyInterval(Duration.ofHours(3))),
                Duration.ofDays(3),
                truth);

        // Mean change between consecutive readings above 110 bpm: AF against sinus exercise, per device.
        Map<String, List<Double>> changes = new HashMap<>();
        for (AnomalyEpisode e : truth) {
            List<Reading> during = between(byCustomer.get(e.customerId()), e.start(), e.end());
            if (during.size() < 20) {
                continue;
            }
            boolean irregularDevice =
                    during.get(1).epochMillis() - during.get(0).epochMillis() > 2_000;
            List<Reading> above =
                    during.stream().filter(r -> r.heartRate() > 110).toList();
            if (above.size() >= 10) {
                changes.computeIfAbsent(e.type() + (irregularDevice ? " 5-15 s" : " 1 Hz"), k -> new ArrayList<>())
                        .add(meanChange(above));
            }
            switch (e.type()) {
                case AF_SLOW -> assertThat(median(during)).as("%s", e).isLessThanOrEqualTo(118);
                case FEVER -> assertThat(during).as("%s", e).allMatch(r -> r.heartRate() <= 115 + 12);
                case AF_BORDERLINE, AF_RAPID_VENTRICULAR_RESPONSE, ECTOPIC_BEATS, EXERCISE_OPTICAL_NOISE -> {}
                default -> {}
            }
        }
        System.out.println("mean change between consecutive readings above 110 bpm, by episode and device:");
        changes.forEach((k, v) -> System.out.printf(
                "  %s: %.1f bpm (%d episodes)%n",
                k, v.stream().mapToDouble(Double::doubleValue).average().orElse(0), v.size()));
        for (String device : List.of(" 1 Hz", " 5-15 s")) {
            double af = average(changes.get(AnomalyType.AF_RAPID_VENTRICULAR_RESPONSE + device));
            double exercise = average(changes.get(AnomalyType.EXERCISE + device));
            assertThat(af).as("AF" + device).isGreaterThan(2 * exercise);
        }
        assertThat(truth)
                .extracting(AnomalyEpisode::type)
                .contains(
                        AnomalyType.AF_SLOW,
                        AnomalyType.AF_BORDERLINE,
                        AnomalyType.FEVER,
                        AnomalyType.ECTOPIC_BEATS,
                        AnomalyType.EXERCISE_OPTICAL_NOISE);
        assertThat(AnomalyType.AF_RAPID_VENTRICULAR_RESPONSE.category()).isEqualTo(AnomalyType.Category.PATHOLOGICAL);
        assertThat(AnomalyType.AF_BORDERLINE.category()).isEqualTo(AnomalyType.Category.BORDERLINE);
        for (AnomalyType lookAlike : List.of(
                AnomalyType.AF_SLOW,
                AnomalyType.FEVER,
                AnomalyType.ECTOPIC_BEATS,
                AnomalyType.EXERCISE_OPTICAL_NOISE)) {
            assertThat(lookAlike.category()).as("%s", lookAlike).isEqualTo(AnomalyType.Category.BENIGN);
        }
    }

    @Test
    void aShareOfDevicesReportsActivityFromWhatTheWearerIsDoing() {
        List<AnomalyEpisode> truth = new ArrayList<>();
        GeneratorSettings settings = new GeneratorSettings(
                100, 100, START, 11, 0.0, SimulationProfile.dailyLife().anomalyInterval(Duration.ofHours(6)));
        Map<String, List<Reading>> byCustomer = simulate(settings, Duration.ofDays(1), truth);

        Set<String> reporting = new HashSet<>();
        byCustomer.forEach((customer, readings) -> {
            // A device reports activity with every reading or never.
            assertThat(readings.stream().map(r -> r.activity() != null).distinct())
                    .as(customer)
                    .hasSize(1);
            if (readings.get(0).activity() != null) {
                reporting.add(customer);
            }
        });
        assertThat(reporting.size()).as("customers reporting activity, of 100").isBetween(18, 42);
        Map<AnomalyType, Activity> expected = Map.of(
                AnomalyType.SLEEP, Activity.SLEEP,
                AnomalyType.EXERCISE, Activity.ACTIVE,
                AnomalyType.EXERCISE_OPTICAL_NOISE, Activity.ACTIVE,
                AnomalyType.AF_RAPID_VENTRICULAR_RESPONSE, Activity.REST,
                AnomalyType.FEVER, Activity.REST,
                AnomalyType.RESTING_TACHYCARDIA, Activity.REST);
        Set<AnomalyType> seen = new HashSet<>();
        for (AnomalyEpisode e : truth) {
            Activity activity = expected.get(e.type());
            if (activity != null && reporting.contains(e.customerId())) {
                List<Reading> during = between(byCustomer.get(e.customerId()), e.start(), e.end());
                assertThat(during).as("%s", e).allMatch(r -> r.activity() == activity);
                if (!during.isEmpty()) {
                    seen.add(e.type());
                }
            }
        }
        assertThat(seen).contains(AnomalyType.SLEEP, AnomalyType.AF_RAPID_VENTRICULAR_RESPONSE);

        // The same seed, the same customers report it; the message carries it.
        HeartbeatGenerator again = new HeartbeatGenerator(settings);
        for (int i = 0; i < 1_000; i++) {
            GeneratedMessage m = again.next();
            assertThat(m.activity() != null).isEqualTo(reporting.contains(m.customerId()));
        }
    }

    @Test
    void deviceSendsNothingWhileOffTheWristOrCharging() {
        List<AnomalyEpisode> truth = new ArrayList<>();
        Map<String, List<Reading>> byCustomer = new HashMap<>();
        HeartbeatGenerator generator = new HeartbeatGenerator(dailyLife(SimulationProfile.dailyLife()), truth::add);
        generator.forEachReading(
                START.plus(Duration.ofDays(2)),
                r -> byCustomer
                        .computeIfAbsent(r.customerId(), c -> new ArrayList<>())
                        .add(r));
        generator.finish();

        List<AnomalyEpisode> offline = truth.stream()
                .filter(e -> e.type() == AnomalyType.OFF_WRIST || e.type() == AnomalyType.CHARGING)
                .toList();
        assertThat(offline).extracting(AnomalyEpisode::type).contains(AnomalyType.OFF_WRIST, AnomalyType.CHARGING);
        for (AnomalyEpisode e : offline) {
            assertThat(between(byCustomer.get(e.customerId()), e.start(), e.end()))
                    .as("%s", e)
                    .isEmpty();
            assertThat(e.category()).isEqualTo(AnomalyType.Category.BENIGN);
        }
        assertThat(truth)
                .extracting(AnomalyEpisode::type)
                .contains(AnomalyType.SLEEP, AnomalyType.STRESS, AnomalyType.EXERCISE);
    }

    @Test
    void truthFileWritesTheCategoryAndReadsOldLinesToo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("truth.jsonl");
        List<AnomalyEpisode> written = List.of(
                new AnomalyEpisode("customer-00001", AnomalyType.PAROXYSMAL_TACHYCARDIA, START, START.plusSeconds(300)),
                new AnomalyEpisode("customer-00002", AnomalyType.SLEEP, START, START.plusSeconds(8 * 3600)));
        try (TruthFile truth = new TruthFile(file)) {
            written.forEach(truth);
        }
        assertThat(Files.readAllLines(file).get(0)).contains("\"category\":\"PATHOLOGICAL\"");
        assertThat(Files.readAllLines(file).get(1)).contains("\"category\":\"BENIGN\"");
        assertThat(TruthFile.read(file)).isEqualTo(written);

        Files.writeString(
                file,
                "{\"customer_id\":\"customer-00003\",\"type\":\"SIGNAL_LOST\","
                        + "\"start\":\"2026-11-21T10:00:00Z\",\"end\":\"2026-11-21T10:01:00Z\"}\n");
        assertThat(TruthFile.read(file))
                .containsExactly(
                        new AnomalyEpisode("customer-00003", AnomalyType.SIGNAL_LOST, START, START.plusSeconds(60)));
    }

    @Test
    void profileRejectsAnIrregularShareOutsideZeroToOne() {
        assertThatThrownBy(() -> SimulationProfile.dailyLife().irregular(1.5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SimulationProfile.dailyLife().anomalyInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** 20 customers, nominally one reading a second each. */
    private static GeneratorSettings dailyLife(SimulationProfile profile) {
        return new GeneratorSettings(20, 20, START, 11, 0.0, profile);
    }

    private static List<Reading> between(List<Reading> readings, Instant from, Instant to) {
        if (readings == null) {
            return List.of();
        }
        return readings.stream()
                .filter(r -> r.epochMillis() >= from.toEpochMilli() && r.epochMillis() < to.toEpochMilli())
                .toList();
    }

    private static Reading lastBefore(List<Reading> readings, Instant t) {
        Reading last = null;
        for (Reading r : readings) {
            if (r.epochMillis() >= t.toEpochMilli()) {
                break;
            }
            last = r;
        }
        return last;
    }

    /** Every reading of {@code span} by customer, in time order; the truth goes to {@code truth}. */
    private static Map<String, List<Reading>> simulate(
            GeneratorSettings settings, Duration span, List<AnomalyEpisode> truth) {
        Map<String, List<Reading>> byCustomer = new HashMap<>();
        HeartbeatGenerator generator = new HeartbeatGenerator(settings, truth::add);
        generator.forEachReading(
                START.plus(span),
                r -> byCustomer
                        .computeIfAbsent(r.customerId(), c -> new ArrayList<>())
                        .add(r));
        generator.finish();
        return byCustomer;
    }

    private static double median(List<Reading> readings) {
        int[] sorted = readings.stream().mapToInt(Reading::heartRate).sorted().toArray();
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    }

    /** Mean absolute change between consecutive readings. */
    private static double meanChange(List<Reading> readings) {
        double sum = 0;
        for (int i = 1; i < readings.size(); i++) {
            sum += Math.abs(readings.get(i).heartRate() - readings.get(i - 1).heartRate());
        }
        return sum / Math.max(1, readings.size() - 1);
    }

    private static double average(List<Double> values) {
        assertThat(values).isNotEmpty();
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    private static GeneratorSettings settings(long seed, double invalidShare) {
        // 20 customers at 100 events/s overall: 5 readings per customer per second.
        return new GeneratorSettings(20, 100, START, seed, invalidShare, SimulationProfile.DEFAULT);
    }

    private static List<GeneratedMessage> generate(
            GeneratorSettings settings, int count, List<AnomalyEpisode> episodes) {
        HeartbeatGenerator generator = new HeartbeatGenerator(settings, episodes::add);
        List<GeneratedMessage> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            messages.add(generator.next());
        }
        return messages;
    }
}
