package com.heartbeatmonitor.generator;

import static com.heartbeatmonitor.generator.SimulationProfile.SENSOR_NOISE_SD;
import static com.heartbeatmonitor.generator.SimulationProfile.WOBBLE_TAU_S;

import java.util.SplittableRandom;

/**
 * The rate a device sees: a level that follows its target with a first-order lag (gradual rises and
 * recoveries), a slow wobble around it (an Ornstein-Uhlenbeck process) and sensor noise per reading.
 * Exact for any spacing of readings, so regular and irregular devices see the same heart.
 */
final class Heart {

    private double level = Double.NaN;
    private double wobble;
    // exp() is the cost of a step; a regular device repeats the same spacing, so remember the last ones.
    private double lagDt = -1;
    private double lagTau = -1;
    private double lagFactor;
    private double wobbleDt = -1;
    private double wobbleKeep;
    private double wobbleFresh;

    /** The level after {@code dt} seconds towards {@code target} with time constant {@code tau}. */
    double follow(double dt, double target, double tau) {
        if (Double.isNaN(level)) {
            level = target;
        } else {
            if (dt != lagDt || tau != lagTau) {
                lagDt = dt;
                lagTau = tau;
                lagFactor = -Math.expm1(-dt / tau);
            }
            level += (target - level) * lagFactor;
        }
        return level;
    }

    /** The reading: the {@link #rate} plus sensor noise. */
    double read(double dt, double wobbleSd, SplittableRandom random) {
        return rate(dt, wobbleSd, random) + SENSOR_NOISE_SD * random.nextGaussian();
    }

    /** The mean rate of the beats now: level plus wobble (stationary standard deviation {@code wobbleSd}). */
    double rate(double dt, double wobbleSd, SplittableRandom random) {
        if (dt != wobbleDt) {
            wobbleDt = dt;
            wobbleKeep = Math.exp(-dt / WOBBLE_TAU_S);
            wobbleFresh = Math.sqrt(1 - wobbleKeep * wobbleKeep);
        }
        wobble = wobble * wobbleKeep + wobbleSd * wobbleFresh * random.nextGaussian();
        return level + wobble;
    }
}
