package com.heartbeatmonitor.job.detection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.LongFunction;
import java.util.function.LongToDoubleFunction;

/**
 * Beats of a simulated heart and the readings a wearable makes of them: a rhythm draws each RR interval
 * around the intended rate, and the device reports, every {@code cadence}, the mean or median rate of
 * the beats in its last {@code window}, as wearables do (1 Hz bands average the last ~5 s; 5-15 s
 * devices the last 10-15 s). Optical artefacts can be added on top. Times are ms offsets.
 */
final class SimulatedWearable {

    /** How the next RR interval (ms) varies around the one the rate asks for. */
    interface Rhythm {
        double next(double meanRrMs, Random random);
    }

    /** Sinus rhythm: small beat-to-beat variation (RR CV about 2%, lower at high rates). */
    static Rhythm sinus() {
        return (rr, random) -> rr * (1 + 0.02 * random.nextGaussian());
    }

    /** Atrial fibrillation: independent RR intervals, gamma-distributed with this coefficient of variation. */
    static Rhythm atrialFibrillation(double cv) {
        double shape = 1 / (cv * cv);
        return (rr, random) -> rr * gamma(shape, random) / shape;
    }

    /** Sinus rhythm with a premature beat (60% of the interval, then a compensatory 140%) with this probability. */
    static Rhythm ectopic(double probability) {
        Rhythm sinus = sinus();
        boolean[] compensate = {false};
        return (rr, random) -> {
            if (compensate[0]) {
                compensate[0] = false;
                return 1.4 * rr;
            }
            if (random.nextDouble() < probability) {
                compensate[0] = true;
                return 0.6 * rr;
            }
            return sinus.next(rr, random);
        };
    }

    /** A device: every {@code cadenceMs}, the mean or median rate of the beats of its last {@code windowMs}. */
    record Device(long cadenceMs, long windowMs, boolean median) {
        static final Device ONE_HZ = new Device(1_000, 5_000, false);
        static final Device FIVE_S_MEDIAN = new Device(5_000, 10_000, true);
        static final Device FIFTEEN_S = new Device(15_000, 15_000, false);
        static final Device FIFTEEN_S_MEDIAN = new Device(15_000, 10_000, true);
    }

    /** One reading. */
    record Reading(long t, int bpm) {}

    private final Random random;

    SimulatedWearable(long seed) {
        this.random = new Random(seed);
    }

    /** Beat times in [from, to): the rate {@code bpm(t)} with the rhythm {@code rhythm(t)}. */
    double[] beats(long from, long to, LongToDoubleFunction bpm, LongFunction<Rhythm> rhythm) {
        double[] beats = new double[1024];
        int n = 0;
        double t = from;
        while (t < to) {
            if (n == beats.length) {
                beats = Arrays.copyOf(beats, n * 2);
            }
            beats[n++] = t;
            long at = (long) t;
            t += Math.max(200, rhythm.apply(at).next(60_000 / bpm.applyAsDouble(at), random));
        }
        return Arrays.copyOf(beats, n);
    }

    /** What {@code device} reports of {@code beats} in [from, to). */
    List<Reading> read(double[] beats, long from, long to, Device device) {
        List<Reading> readings = new ArrayList<>();
        int first = 0;
        int end = 0;
        for (long t = from + device.windowMs(); t < to; t += device.cadenceMs()) {
            while (end < beats.length && beats[end] <= t) {
                end++;
            }
            while (first < end && beats[first] <= t - device.windowMs()) {
                first++;
            }
            if (end - first < 2) {
                continue;
            }
            double[] rates = new double[end - first - 1];
            for (int i = first + 1; i < end; i++) {
                rates[i - first - 1] = 60_000 / (beats[i] - beats[i - 1]);
            }
            readings.add(new Reading(t, (int) Math.round(device.median() ? median(rates) : mean(rates))));
        }
        return readings;
    }

    /** Adds sporadic optical artefacts: with {@code probability} per reading, a jump of 20-50 bpm for 1-3 readings. */
    List<Reading> withArtefacts(List<Reading> readings, double probability) {
        List<Reading> out = new ArrayList<>(readings.size());
        int left = 0;
        int jump = 0;
        for (Reading r : readings) {
            if (left == 0 && random.nextDouble() < probability) {
                left = 1 + random.nextInt(3);
                jump = (random.nextBoolean() ? 1 : -1) * (20 + random.nextInt(31));
            }
            out.add(left > 0 ? new Reading(r.t(), Math.max(30, r.bpm() + jump)) : r);
            left = Math.max(0, left - 1);
        }
        return out;
    }

    /** Adds optical measurement noise, Gaussian with this standard deviation in bpm, to every reading. */
    List<Reading> withNoise(List<Reading> readings, double sdBpm) {
        return readings.stream()
                .map(r -> new Reading(r.t(), (int) Math.round(r.bpm() + sdBpm * random.nextGaussian())))
                .toList();
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** Gamma(shape, 1) by Marsaglia and Tsang (shape >= 1). */
    private static double gamma(double shape, Random random) {
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = random.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }
}
