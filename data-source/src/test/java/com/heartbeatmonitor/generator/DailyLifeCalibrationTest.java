package com.heartbeatmonitor.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * Benign daily life against 30 days of 8 real Fitbit wearers, per person-day. Runs use consecutive
 * readings of one customer and break at a reading not meeting the condition or a gap over 60 s.
 */
class DailyLifeCalibrationTest {

    private static final Instant START = Instant.parse("2026-11-02T00:00:00Z");
    private static final int CUSTOMERS = 40;
    private static final int DAYS = 7;
    private static final long RUN_BREAK_MILLIS = 60_000;

    /** One calibration figure: how the simulation measures it and what the real wearers showed. */
    private record Figure(String name, double real, double min, double max, Measure measure) {}

    private interface Measure {
        void reading(int customer, long t, int heartRate);

        long count();
    }

    @Test
    void benignDailyLifeMatchesRealWearers() {
        List<Figure> figures = List.of(
                within2x("runs > 100 bpm lasting >= 30 s", 19, new Runs(hr -> hr > 100, 30_000)),
                within2x("runs < 50 bpm lasting >= 30 s", 5, new Runs(hr -> hr < 50, 30_000)),
                within2x("gaps > 30 s", 5, new Gaps(30_000)),
                within2x("gaps > 5 min", 2, new Gaps(300_000)),
                new Figure("changes >= 40 bpm within <= 5 s", 0.15, 0.05, 0.45, new Jumps(40, 5_000)),
                new Figure("runs > 120 bpm lasting >= 10 min", 0.16, 0.05, 0.45, new Runs(hr -> hr > 120, 600_000)),
                within2x("runs > 150 bpm lasting >= 30 s", 0.4, new Runs(hr -> hr > 150, 30_000)));
        SimulationProfile noPathology = SimulationProfile.dailyLife().anomalyInterval(Duration.ofDays(1_000_000));
        HeartbeatGenerator generator =
                new HeartbeatGenerator(new GeneratorSettings(CUSTOMERS, CUSTOMERS, START, 7, 0.0, noPathology));
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            index.put(HeartbeatGenerator.customerId(i), i);
        }
        long[] readings = {0};
        long began = System.nanoTime();
        generator.forEachReading(START.plus(Duration.ofDays(DAYS)), r -> {
            int customer = index.get(r.customerId());
            readings[0]++;
            for (Figure f : figures) {
                f.measure().reading(customer, r.epochMillis(), r.heartRate());
            }
        });
        double seconds = (System.nanoTime() - began) / 1e9;

        StringBuilder table = new StringBuilder(String.format(
                "%n%,d readings of %d customers x %d days in %.1f s%n"
                        + "| figure (per person-day) | simulated | real (Fitbit) |%n|---|---:|---:|%n",
                readings[0], CUSTOMERS, DAYS, seconds));
        List<Runnable> checks = new ArrayList<>();
        for (Figure f : figures) {
            double simulated = f.measure().count() / (double) (CUSTOMERS * DAYS);
            table.append(String.format("| %s | %.2f | %.2f |%n", f.name(), simulated, f.real()));
            checks.add(() -> assertThat(simulated).as(f.name()).isBetween(f.min(), f.max()));
        }
        System.out.println(table);
        checks.forEach(Runnable::run);
    }

    @Test
    void pathologicalEpisodesAtTheDefaultIntervalNeverOverlap() {
        List<AnomalyEpisode> truth = new ArrayList<>();
        HeartbeatGenerator generator = new HeartbeatGenerator(
                new GeneratorSettings(CUSTOMERS, CUSTOMERS, START, 8, 0.0, SimulationProfile.dailyLife()), truth::add);
        generator.forEachReading(START.plus(Duration.ofDays(DAYS)), r -> {});
        generator.finish();

        Map<AnomalyType, Integer> counts = new EnumMap<>(AnomalyType.class);
        truth.stream().filter(AnomalyEpisode::pathological).forEach(e -> counts.merge(e.type(), 1, Integer::sum));
        System.out.printf(
                "%npathological episodes, %d customers x %d days at the default interval (%s): %s%n",
                CUSTOMERS, DAYS, SimulationProfile.DEFAULT_ANOMALY_INTERVAL, counts);
        assertThat(counts.keySet())
                .containsExactlyInAnyOrder(
                        AnomalyType.PAROXYSMAL_TACHYCARDIA,
                        AnomalyType.RESTING_TACHYCARDIA,
                        AnomalyType.BRADYCARDIA,
                        AnomalyType.DEVICE_STOPPED,
                        AnomalyType.AF_RAPID_VENTRICULAR_RESPONSE);
        // About one a day per customer, less what found no room in a day.
        assertThat(counts.values().stream().mapToInt(Integer::intValue).sum())
                .isBetween(CUSTOMERS * DAYS / 2, CUSTOMERS * DAYS * 3 / 2);

        for (AnomalyEpisode a : truth) {
            if (!a.pathological()) {
                continue;
            }
            for (AnomalyEpisode b : truth) {
                boolean exclusive = b.pathological()
                        || b.type() == AnomalyType.EXERCISE
                        || b.type() == AnomalyType.EXERCISE_OPTICAL_NOISE
                        || b.type() == AnomalyType.SLEEP
                        || (a.type() != AnomalyType.DEVICE_STOPPED && b.type() != AnomalyType.ARTEFACT);
                if (a != b && exclusive && a.customerId().equals(b.customerId())) {
                    assertThat(a.start().isBefore(b.end()) && b.start().isBefore(a.end()))
                            .as("%s overlaps %s", a, b)
                            .isFalse();
                }
            }
        }
    }

    private static Figure within2x(String name, double real, Measure measure) {
        return new Figure(name, real, real / 2, real * 2, measure);
    }

    /** Runs of readings meeting a condition that last at least {@code minMillis}. */
    private static final class Runs implements Measure {
        private final IntPredicate condition;
        private final long minMillis;
        private final long[] first = new long[CUSTOMERS];
        private final long[] last = new long[CUSTOMERS];
        private final boolean[] open = new boolean[CUSTOMERS];
        private long count;

        Runs(IntPredicate condition, long minMillis) {
            this.condition = condition;
            this.minMillis = minMillis;
        }

        @Override
        public void reading(int c, long t, int heartRate) {
            boolean meets = condition.test(heartRate);
            if (open[c] && (!meets || t - last[c] > RUN_BREAK_MILLIS)) {
                close(c);
            }
            if (meets) {
                if (!open[c]) {
                    open[c] = true;
                    first[c] = t;
                }
                last[c] = t;
            }
        }

        private void close(int c) {
            if (last[c] - first[c] >= minMillis) {
                count++;
            }
            open[c] = false;
        }

        @Override
        public long count() {
            for (int c = 0; c < CUSTOMERS; c++) {
                if (open[c]) {
                    close(c);
                }
            }
            return count;
        }
    }

    /** Silences between consecutive readings longer than {@code minMillis}. */
    private static final class Gaps implements Measure {
        private final long minMillis;
        private final long[] last = new long[CUSTOMERS];
        private long count;

        Gaps(long minMillis) {
            this.minMillis = minMillis;
        }

        @Override
        public void reading(int c, long t, int heartRate) {
            if (last[c] > 0 && t - last[c] > minMillis) {
                count++;
            }
            last[c] = t;
        }

        @Override
        public long count() {
            return count;
        }
    }

    /** Consecutive readings at most {@code maxMillis} apart that differ by at least {@code bpm}. */
    private static final class Jumps implements Measure {
        private final int bpm;
        private final long maxMillis;
        private final long[] last = new long[CUSTOMERS];
        private final int[] lastRate = new int[CUSTOMERS];
        private long count;

        Jumps(int bpm, long maxMillis) {
            this.bpm = bpm;
            this.maxMillis = maxMillis;
        }

        @Override
        public void reading(int c, long t, int heartRate) {
            if (last[c] > 0 && t - last[c] <= maxMillis && Math.abs(heartRate - lastRate[c]) >= bpm) {
                count++;
            }
            last[c] = t;
            lastRate[c] = heartRate;
        }

        @Override
        public long count() {
            return count;
        }
    }
}
