package com.heartbeatmonitor.job.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * When a condition becomes an alert, all in event time. Two profiles ({@link DetectionProfile}) give
 * the defaults; every field has a flag. The README's Detection section gives each default its source.
 *
 * <ul>
 *   <li>{@code tachycardiaAbove}, {@code bradycardiaBelow}: the rate thresholds, in bpm.
 *   <li>{@code sustain}: how long the (smoothed) rate must stay beyond a threshold before it is an alert.
 *   <li>{@code smoothing}: time constant of the exponential moving average the rate rules look at;
 *       zero judges every raw reading. Time-based, so a 1 Hz and a 15 s device see the same curve.
 *   <li>{@code suddenRise} / {@code suddenSustain}: a rise of at least this many bpm between two
 *       readings at most 30 s apart, with the rate then held above the tachycardia threshold for
 *       {@code suddenSustain}: the abrupt onset of a paroxysmal tachycardia. 0 turns it off.
 *   <li>{@code exertionRise} / {@code exertionSustain}: a rate that climbed the last 20 bpm to the
 *       tachycardia threshold within {@code exertionRise} rose like exercise does, and must then hold
 *       for {@code exertionSustain} instead of {@code sustain}. Zero turns the distinction off.
 *   <li>{@code spikeDelta} / {@code spikeMaxGap}: a jump between two readings this close; 0 turns SPIKE off.
 *   <li>{@code signalLostAfter}: silence before SIGNAL_LOST; never shorter than 4 of the customer's own
 *       reading intervals. 0 turns SIGNAL_LOST off.
 *   <li>{@code routineGapAllowance}: when positive, the customer's habitual silences (off-wrist at
 *       night, charging) are learned, and a silence starting at such an hour, or in the customer's
 *       first day, is allowed this long. Zero: every silence counts from {@code signalLostAfter}.
 *   <li>{@code closeAfter}: an episode ends when its condition has been absent this long (never shorter
 *       than 4 reading intervals), so a short dip or gap does not split one episode in two.
 *   <li>{@code customerRetention}: a customer silent this long is forgotten (state and timers cleared);
 *       an open SIGNAL_LOST alert then ends as EXPIRED.
 * </ul>
 */
public record DetectionSettings(
        int tachycardiaAbove,
        int bradycardiaBelow,
        Duration sustain,
        Duration smoothing,
        int suddenRise,
        Duration suddenSustain,
        Duration exertionRise,
        Duration exertionSustain,
        int spikeDelta,
        Duration spikeMaxGap,
        Duration signalLostAfter,
        Duration routineGapAllowance,
        Duration closeAfter,
        Duration customerRetention)
        implements Serializable {

    public DetectionSettings {
        if (bradycardiaBelow >= tachycardiaAbove) {
            throw new IllegalArgumentException("bradycardia threshold (" + bradycardiaBelow
                    + ") must be below the tachycardia threshold (" + tachycardiaAbove + ")");
        }
        if (spikeDelta < 0 || suddenRise < 0) {
            throw new IllegalArgumentException("spike delta and sudden rise must be 0 (off) or more bpm");
        }
        if (customerRetention.compareTo(signalLostAfter.plus(closeAfter)) <= 0
                || customerRetention.compareTo(routineGapAllowance) <= 0) {
            throw new IllegalArgumentException("customer state retention (" + customerRetention
                    + ") must be longer than signal-lost-after plus episode-close-after, and than the "
                    + "routine gap allowance");
        }
    }

    public boolean learnsRoutine() {
        return !routineGapAllowance.isZero();
    }
}
