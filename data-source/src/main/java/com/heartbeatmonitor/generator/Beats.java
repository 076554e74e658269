package com.heartbeatmonitor.generator;

import static com.heartbeatmonitor.generator.SimulationProfile.*;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The single beats of a rhythm where they matter (atrial fibrillation, premature beats) and what a
 * device reports of them. A device does not see beats: it reports an average over a window of them. A
 * 1 Hz device reports the mean rate of the beats of the last 5 s, a device reading every 5-15 s the
 * median of the last 10 s. So AF's irregularity reaches the readings damped, as it does on real
 * wearables. Beats are generated up to each reading at the rate the heart is at then. Not thread-safe.
 */
final class Beats {

    enum Rhythm {
        /** RR intervals independent and log-normal around the mean, coefficient of variation 0.15-0.25. */
        ATRIAL_FIBRILLATION,
        /** Sinus rhythm with premature beats, each followed by a full compensatory pause. */
        ECTOPIC
    }

    /** Enough for 10 s at the shortest RR interval AF conducts. */
    private static final int CAPACITY = 64;

    private final double windowMillis;
    private final boolean median;
    /** Beat times (epoch ms) and the RR interval ending at each, a ring of the beats inside the window. */
    private final double[] times = new double[CAPACITY];

    private final double[] intervals = new double[CAPACITY];
    private final double[] sorted = new double[CAPACITY];
    private int head;
    private int size;

    private Rhythm rhythm;
    private double lastBeat;
    /** The interval after the last beat, drawn already; 0 when none is. */
    private double pending;
    /** AF: the spread of the intervals (log-normal sigma). Ectopic: the chance of a premature beat per beat. */
    private double spread;

    private double prematurePerMinute;
    /** After a premature beat: the pause that completes two sinus intervals, else 0. */
    private double pause;

    Beats(boolean irregularDevice) {
        this.windowMillis = irregularDevice ? IRREGULAR_WINDOW_MS : REGULAR_WINDOW_MS;
        this.median = irregularDevice;
    }

    /** Starts {@code rhythm} with a window already full of beats before {@code t}; draws its parameters. */
    void start(Rhythm rhythm, long t, SplittableRandom random) {
        this.rhythm = rhythm;
        double cv = random.nextDouble(AF_RR_CV_MIN, AF_RR_CV_MAX);
        this.spread = Math.sqrt(Math.log1p(cv * cv));
        this.prematurePerMinute = random.nextDouble(ECTOPY_PER_MINUTE_MIN, ECTOPY_PER_MINUTE_MAX);
        this.pause = 0;
        this.pending = 0;
        this.size = 0;
        this.lastBeat = t - windowMillis;
    }

    /** The device's reading at {@code t} after the beats since the last one, at mean rate {@code bpm}. */
    double read(long t, double bpm, SplittableRandom random) {
        double mean = 60_000.0 / bpm;
        if (pending == 0) {
            pending = next(mean, random);
        }
        // The interval under way at t is kept, not drawn again: redrawing would favour short intervals.
        while (lastBeat + pending <= t) {
            lastBeat += pending;
            add(lastBeat, pending);
            pending = next(mean, random);
        }
        while (size > 0 && times[head] <= t - windowMillis) {
            head = (head + 1) % CAPACITY;
            size--;
        }
        if (size == 0) {
            return bpm;
        }
        for (int i = 0; i < size; i++) {
            sorted[i] = intervals[(head + i) % CAPACITY];
        }
        if (median) {
            Arrays.sort(sorted, 0, size);
            double middle = size % 2 == 1 ? sorted[size / 2] : (sorted[size / 2 - 1] + sorted[size / 2]) / 2;
            return 60_000.0 / middle;
        }
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += sorted[i];
        }
        return 60_000.0 * size / sum;
    }

    private double next(double mean, SplittableRandom random) {
        if (rhythm == Rhythm.ATRIAL_FIBRILLATION) {
            double rr = mean * Math.exp(spread * random.nextGaussian() - spread * spread / 2);
            return Math.max(AF_RR_FLOOR_MS, rr);
        }
        double sinus = mean * (1 + SINUS_RR_CV * random.nextGaussian());
        if (pause > 0) {
            double rr = pause;
            pause = 0;
            return rr;
        }
        if (random.nextDouble() < prematurePerMinute * mean / 60_000.0) {
            double premature = sinus * random.nextDouble(ECTOPY_COUPLING_MIN, ECTOPY_COUPLING_MAX);
            pause = 2 * sinus - premature;
            return premature;
        }
        return sinus;
    }

    private void add(double time, double rr) {
        if (size == CAPACITY) {
            head = (head + 1) % CAPACITY;
            size--;
        }
        int at = (head + size) % CAPACITY;
        times[at] = time;
        intervals[at] = rr;
        size++;
    }
}
