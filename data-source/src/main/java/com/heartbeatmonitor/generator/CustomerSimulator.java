package com.heartbeatmonitor.generator;

import static com.heartbeatmonitor.generator.SimulationProfile.*;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * One customer's heart: a mean-reverting random walk around a personal resting baseline, with short
 * activity bursts and injected anomaly episodes. Not thread-safe; driven by {@link HeartbeatGenerator}.
 */
final class CustomerSimulator {

    private enum Condition { NORMAL, ACTIVITY, BRADYCARDIA, TACHYCARDIA, SIGNAL_LOST }

    private final String customerId;
    private final int baseline;
    private final SimulationProfile profile;
    private final Consumer<AnomalyEpisode> episodeListener;

    private double heartRate;
    private Condition condition = Condition.NORMAL;
    private double target;
    private Instant conditionStart;
    private Instant conditionEnd;
    private Instant lastReading;
    /** Event time since the previous reading, in seconds. */
    private double dt;

    CustomerSimulator(
            String customerId,
            SplittableRandom random,
            SimulationProfile profile,
            Consumer<AnomalyEpisode> episodeListener) {
        this.customerId = customerId;
        this.baseline = random.nextInt(BASELINE_MIN, BASELINE_MAX + 1);
        this.profile = profile;
        this.episodeListener = episodeListener;
        this.heartRate = baseline;
        this.target = baseline;
    }

    String customerId() {
        return customerId;
    }

    /**
     * Moves the simulation to {@code now}: ends a condition that is over, maybe starts a new one.
     * Returns false while the device sends nothing (a SIGNAL_LOST episode).
     */
    boolean advanceTo(Instant now, SplittableRandom random) {
        dt = lastReading == null ? 1.0 : Math.max(0.0, seconds(Duration.between(lastReading, now)));
        lastReading = now;
        if (condition != Condition.NORMAL && !now.isBefore(conditionEnd)) {
            endCondition();
        }
        if (condition == Condition.NORMAL) {
            maybeStartCondition(now, random);
        }
        return condition != Condition.SIGNAL_LOST;
    }

    /** The reading the device reports at the instant of the last {@link #advanceTo}, in bpm. */
    int reading(SplittableRandom random) {
        heartRate += Math.min(1.0, REVERSION_PER_SECOND * dt) * (target - heartRate)
                + WALK_SIGMA * Math.sqrt(Math.min(dt, 1.0)) * random.nextGaussian();
        double reported = heartRate + SENSOR_NOISE_SIGMA * random.nextGaussian();
        if (condition == Condition.NORMAL && startsSpike(random)) {
            int jump = random.nextInt(SPIKE_MIN, SPIKE_MAX + 1);
            reported = heartRate + (heartRate + jump <= READING_CEILING ? jump : -jump);
            episodeListener.accept(new AnomalyEpisode(customerId, AnomalyType.SPIKE, lastReading, lastReading));
        }
        return (int) Math.round(Math.max(READING_FLOOR, Math.min(READING_CEILING, reported)));
    }

    private void maybeStartCondition(Instant now, SplittableRandom random) {
        if (chance(dt, profile.meanTimeBetweenAnomalies(), random)) {
            // A spike is decided per reading in startsSpike; the other three are episodes with a duration.
            switch (random.nextInt(3)) {
                case 0 -> start(Condition.BRADYCARDIA, now, random.nextInt(BRADYCARDIA_MIN, BRADYCARDIA_MAX + 1),
                        between(EPISODE_MIN, EPISODE_MAX, random));
                case 1 -> start(Condition.TACHYCARDIA, now, random.nextInt(TACHYCARDIA_MIN, TACHYCARDIA_MAX + 1),
                        between(EPISODE_MIN, EPISODE_MAX, random));
                default -> start(Condition.SIGNAL_LOST, now, baseline, between(SILENCE_MIN, SILENCE_MAX, random));
            }
        } else if (chance(dt, profile.meanTimeBetweenActivity(), random)) {
            int rise = random.nextInt(ACTIVITY_RISE_MIN, ACTIVITY_RISE_MAX + 1);
            start(Condition.ACTIVITY, now, Math.min(ACTIVITY_CEILING, baseline + rise),
                    between(ACTIVITY_MIN, ACTIVITY_MAX, random));
        }
    }

    /** Reports an episode still under way as ending at {@code now}: the end of the simulation. */
    void finish(Instant now) {
        if (condition != Condition.NORMAL) {
            conditionEnd = now;
            endCondition();
        }
    }

    /** Spikes are a quarter of all anomalies, so they get a quarter of the anomaly rate. */
    private boolean startsSpike(SplittableRandom random) {
        return chance(dt, profile.meanTimeBetweenAnomalies().multipliedBy(4), random);
    }

    private void start(Condition next, Instant now, double nextTarget, Duration length) {
        condition = next;
        target = nextTarget;
        conditionStart = now;
        conditionEnd = now.plus(length);
    }

    private void endCondition() {
        AnomalyType type = switch (condition) {
            case BRADYCARDIA -> AnomalyType.BRADYCARDIA;
            case TACHYCARDIA -> AnomalyType.TACHYCARDIA;
            case SIGNAL_LOST -> AnomalyType.SIGNAL_LOST;
            default -> null;
        };
        if (type != null) {
            episodeListener.accept(new AnomalyEpisode(customerId, type, conditionStart, conditionEnd));
        }
        condition = Condition.NORMAL;
        target = baseline;
    }

    /** A Poisson event with the given mean interval happens within {@code dt} seconds. */
    private static boolean chance(double dt, Duration meanInterval, SplittableRandom random) {
        return random.nextDouble() < dt / seconds(meanInterval);
    }

    private static Duration between(Duration min, Duration max, SplittableRandom random) {
        return Duration.ofMillis(random.nextLong(min.toMillis(), max.toMillis() + 1));
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
