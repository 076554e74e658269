package com.heartbeatmonitor.generator;

import static com.heartbeatmonitor.generator.SimulationProfile.IRREGULAR_FACTOR_MAX;
import static com.heartbeatmonitor.generator.SimulationProfile.IRREGULAR_FACTOR_MIN;

import java.util.SplittableRandom;

/**
 * When one device reads, in epoch milliseconds. The nominal spacing is {@code customers / eventsPerSecond}
 * seconds. A regular device reads on its own slots of the generator's clock, {@code start + (index + k *
 * customers) / eventsPerSecond}, so regular devices together produce exactly {@code eventsPerSecond}. An
 * irregular one waits 5-15 nominal spacings, uniformly, between readings.
 */
final class Cadence {

    private final long startMillis;
    private final double eventsPerSecond;
    private final int index;
    private final int customers;
    private final boolean irregular;
    private final double nominalSeconds;
    private long slot;
    private double irregularSeconds;
    private long due;

    Cadence(
            long startMillis,
            double eventsPerSecond,
            int index,
            int customers,
            boolean irregular,
            SplittableRandom random) {
        this.startMillis = startMillis;
        this.eventsPerSecond = eventsPerSecond;
        this.index = index;
        this.customers = customers;
        this.irregular = irregular;
        this.nominalSeconds = customers / eventsPerSecond;
        this.irregularSeconds = index / eventsPerSecond + random.nextDouble() * nominalSeconds * IRREGULAR_FACTOR_MAX;
        this.due = irregular ? irregularMillis() : slotMillis();
    }

    /** When the device reads next. */
    long due() {
        return due;
    }

    /** Moves on to the reading after the due one. */
    long advance(SplittableRandom random) {
        if (irregular) {
            irregularSeconds += nominalSeconds * random.nextDouble(IRREGULAR_FACTOR_MIN, IRREGULAR_FACTOR_MAX);
            due = irregularMillis();
        } else {
            slot++;
            due = slotMillis();
        }
        return due;
    }

    /** Moves on to the first reading at or after {@code millis}, when the device is worn again. */
    long resumeAt(long millis, SplittableRandom random) {
        double seconds = (millis - startMillis) / 1000.0;
        if (irregular) {
            // Back on the wrist, the device picks up within one shortest interval.
            irregularSeconds = seconds + random.nextDouble() * nominalSeconds * IRREGULAR_FACTOR_MIN;
            due = irregularMillis();
        } else {
            slot = Math.max(slot, (long) Math.ceil((seconds * eventsPerSecond - index) / customers));
            for (due = slotMillis(); due < millis; due = slotMillis()) {
                slot++;
            }
        }
        return due;
    }

    private long slotMillis() {
        return startMillis + Math.round((index + slot * (double) customers) * 1000.0 / eventsPerSecond);
    }

    private long irregularMillis() {
        return startMillis + Math.round(irregularSeconds * 1000.0);
    }
}
