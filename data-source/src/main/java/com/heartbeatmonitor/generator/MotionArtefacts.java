package com.heartbeatmonitor.generator;

import static com.heartbeatmonitor.generator.SimulationProfile.*;

import java.util.SplittableRandom;

/**
 * What motion does to an optical reading during exercise (Bent et al. 2020): sporadic jumps of 15-30
 * bpm lasting a few seconds, and cadence lock, the sensor taking the step rate for the heart rate for a
 * minute or more. The lock pulls the reading towards the cadence with a time constant, and lets go the
 * same way. Dropouts are gaps in the day plan. Times are event time, so a 1 Hz and a 15 s device see the
 * same artefacts, each at its own readings. Not thread-safe.
 */
final class MotionArtefacts {

    private long lastReading;
    private long nextJump;
    private long jumpUntil;
    private int jump;
    private long nextLock;
    private long lockUntil;
    private int cadence;
    /** How far the reading is pulled to the cadence, 0 (not at all) to 1 (locked). */
    private double lock;

    /** A noisy session begins at {@code t}. */
    void start(long t, SplittableRandom random) {
        lastReading = t;
        jumpUntil = 0;
        lockUntil = 0;
        lock = 0;
        nextJump = t + exponential(NOISE_JUMP_MEAN_INTERVAL, random);
        nextLock = t + exponential(CADENCE_LOCK_MEAN_INTERVAL, random);
    }

    /** The reading at {@code t} of a heart truly at {@code value}. */
    double apply(long t, double value, SplittableRandom random) {
        if (t >= nextLock && t >= lockUntil) {
            lockUntil = t + random.nextLong(CADENCE_LOCK_MIN, CADENCE_LOCK_MAX + 1);
            cadence = random.nextInt(CADENCE_MIN, CADENCE_MAX + 1);
            nextLock = lockUntil + exponential(CADENCE_LOCK_MEAN_INTERVAL, random);
        }
        double dt = (t - lastReading) / 1000.0;
        lastReading = t;
        lock += ((t < lockUntil ? 1 : 0) - lock) * -Math.expm1(-dt / CADENCE_LOCK_TAU_S);
        double reading = value + (cadence - value) * lock;
        if (t >= nextJump) {
            jumpUntil = t + random.nextLong(NOISE_JUMP_MIN, NOISE_JUMP_MAX + 1);
            int size = random.nextInt(NOISE_JUMP_BPM_MIN, NOISE_JUMP_BPM_MAX + 1);
            jump = random.nextBoolean() ? size : -size;
            nextJump = jumpUntil + exponential(NOISE_JUMP_MEAN_INTERVAL, random);
        }
        return t < jumpUntil ? reading + jump : reading;
    }

    private static long exponential(long mean, SplittableRandom random) {
        return Math.round(-mean * Math.log(1 - random.nextDouble()));
    }
}
