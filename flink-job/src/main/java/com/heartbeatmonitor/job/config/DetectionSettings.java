package com.heartbeatmonitor.job.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * When a condition becomes an alert, all in event time. Two profiles ({@link DetectionProfile}) give
 * the defaults; the values a user would tune have a flag. The README's Detection section gives each
 * default its source. Built by name ({@link #builder()}, {@link #toBuilder()}), never positionally.
 *
 * <ul>
 *   <li>{@code tachycardiaAbove}, {@code bradycardiaBelow}: the rate thresholds, in bpm.
 *   <li>{@code sustain}: how long the (smoothed) rate must stay beyond a threshold before it is an alert.
 *   <li>{@code smoothing}: time constant of the exponential moving average the rate rules look at;
 *       zero judges every raw reading. Time-based, so a 1 Hz and a 15 s device see the same curve.
 *   <li>{@code suddenRise} / {@code suddenWithin} / {@code suddenSustain} / {@code suddenLookback}: a rise
 *       of at least {@code suddenRise} bpm between two readings at most {@code suddenWithin} apart, from
 *       at most {@code tachycardiaAbove - exertionRiseSpan} (rest) to above the tachycardia threshold,
 *       with a run above the threshold beginning within {@code suddenLookback} of it, must hold only
 *       {@code suddenSustain}: the abrupt onset of a paroxysmal tachycardia. {@code suddenRise} 0 turns
 *       it off.
 *   <li>{@code exertionRiseSpan} / {@code exertionRise} / {@code exertionLookback} / {@code
 *       exertionSustain}: a smoothed rate that climbed {@code exertionRiseSpan} bpm within {@code
 *       exertionRise}, in a rise that ended at most {@code exertionLookback} before a run above the
 *       threshold began, rose like exercise does; the run must then hold {@code exertionSustain}
 *       instead of {@code sustain}. A reading's {@code activity}, when the device sends it, replaces
 *       this guess. {@code exertionRise} zero: no guess from the rise; {@code exertionSustain} zero:
 *       no exertion bar at all (activity is then ignored too).
 *   <li>{@code irregularStepPercent} / {@code irregularShare} / {@code irregularBlock} / {@code
 *       irregularWindow}: a rate above the
 *       tachycardia threshold whose rhythm is irregular like atrial fibrillation's must hold only {@code
 *       sustain}, whatever its rise or activity. The readings are averaged per {@code irregularBlock}
 *       (at least the customer's reading interval); a block is an irregular step when its mean departs
 *       from the straight line through the two blocks before by at least {@code irregularStepPercent}
 *       of the rate; the rhythm is irregular when more than {@code irregularShare} of the last {@code
 *       irregularWindow} of blocks (at least half that window judged) are irregular steps. 0 percent
 *       turns it off.
 *   <li>{@code spikeDelta} / {@code spikeMaxGap}: a jump between two readings this close; 0 turns SPIKE off.
 *   <li>{@code signalLostAfter}: silence before SIGNAL_LOST; never shorter than {@code cadenceFactor} of
 *       the customer's own reading intervals. 0 turns SIGNAL_LOST off.
 *   <li>{@code routineGapAllowance}: when positive, the customer's habitual silences (off-wrist at
 *       night, charging) are learned, and a silence starting at such a time, or in the customer's
 *       first day, is allowed this long. Zero: every silence counts from {@code signalLostAfter}.
 *   <li>{@code closeAfter}: an episode ends when its condition has been absent this long (never shorter
 *       than {@code cadenceFactor} reading intervals), so a short dip or gap does not split one episode.
 *   <li>{@code customerRetention}: a customer silent this long is forgotten (state and timers cleared);
 *       an open SIGNAL_LOST alert then ends as EXPIRED.
 *   <li>{@code cadenceFactor} / {@code longestCadence} / {@code cadenceWeight}: durations that mean
 *       "absent" are at least {@code cadenceFactor} of the customer's reading interval, a moving average
 *       (new interval weighted 1/{@code cadenceWeight}) of the intervals up to {@code longestCadence}
 *       (longer ones are gaps, not the device's cadence).
 * </ul>
 */
public record DetectionSettings(
        int tachycardiaAbove,
        int bradycardiaBelow,
        Duration sustain,
        Duration smoothing,
        int suddenRise,
        Duration suddenWithin,
        Duration suddenSustain,
        Duration suddenLookback,
        int exertionRiseSpan,
        Duration exertionRise,
        Duration exertionLookback,
        Duration exertionSustain,
        double irregularStepPercent,
        double irregularShare,
        Duration irregularBlock,
        Duration irregularWindow,
        int spikeDelta,
        Duration spikeMaxGap,
        Duration signalLostAfter,
        Duration routineGapAllowance,
        Duration closeAfter,
        Duration customerRetention,
        int cadenceFactor,
        Duration longestCadence,
        int cadenceWeight)
        implements Serializable {

    /** The irregularity window is kept as a 64-bit history of block verdicts. */
    public static final int MAX_IRREGULAR_BLOCKS = Long.SIZE;

    public DetectionSettings {
        if (bradycardiaBelow >= tachycardiaAbove) {
            throw new IllegalArgumentException("bradycardia threshold (" + bradycardiaBelow
                    + ") must be below the tachycardia threshold (" + tachycardiaAbove + ")");
        }
        if (spikeDelta < 0 || suddenRise < 0 || exertionRiseSpan < 0) {
            throw new IllegalArgumentException(
                    "spike delta, sudden rise and exertion rise span must be 0 (off) or more bpm");
        }
        if (customerRetention.compareTo(signalLostAfter.plus(closeAfter)) <= 0
                || customerRetention.compareTo(routineGapAllowance) <= 0) {
            throw new IllegalArgumentException("customer state retention (" + customerRetention
                    + ") must be longer than signal-lost-after plus episode-close-after, and than the "
                    + "routine gap allowance");
        }
        if (!(irregularStepPercent >= 0 && irregularStepPercent < 100)) {
            throw new IllegalArgumentException(
                    "irregular step must be 0 (off) or a percentage of the rate below 100, got "
                            + irregularStepPercent);
        }
        if (!(irregularShare >= 0.5 && irregularShare < 1)) {
            throw new IllegalArgumentException(
                    "irregular share must be at least 0.5 (a majority) and below 1, got " + irregularShare);
        }
        if (irregularStepPercent > 0
                && (irregularBlock.isZero()
                        || irregularWindow.toMillis() < 2 * irregularBlock.toMillis()
                        || irregularWindow.toMillis() > MAX_IRREGULAR_BLOCKS * irregularBlock.toMillis())) {
            throw new IllegalArgumentException("irregular window (" + irregularWindow + ") must hold 2 to "
                    + MAX_IRREGULAR_BLOCKS + " irregular blocks (" + irregularBlock + ")");
        }
        if (cadenceFactor < 1 || cadenceWeight < 1 || longestCadence.isZero()) {
            throw new IllegalArgumentException("cadence factor, cadence weight and longest cadence must be positive");
        }
    }

    public boolean learnsRoutine() {
        return !routineGapAllowance.isZero();
    }

    /** Settings to fill in by name; the tuning of cadence, sudden and exertion rises and irregularity preset. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them by name. */
    public Builder toBuilder() {
        return new Builder()
                .tachycardiaAbove(tachycardiaAbove)
                .bradycardiaBelow(bradycardiaBelow)
                .sustain(sustain)
                .smoothing(smoothing)
                .suddenRise(suddenRise)
                .suddenWithin(suddenWithin)
                .suddenSustain(suddenSustain)
                .suddenLookback(suddenLookback)
                .exertionRiseSpan(exertionRiseSpan)
                .exertionRise(exertionRise)
                .exertionLookback(exertionLookback)
                .exertionSustain(exertionSustain)
                .irregularStepPercent(irregularStepPercent)
                .irregularShare(irregularShare)
                .irregularBlock(irregularBlock)
                .irregularWindow(irregularWindow)
                .spikeDelta(spikeDelta)
                .spikeMaxGap(spikeMaxGap)
                .signalLostAfter(signalLostAfter)
                .routineGapAllowance(routineGapAllowance)
                .closeAfter(closeAfter)
                .customerRetention(customerRetention)
                .cadenceFactor(cadenceFactor)
                .longestCadence(longestCadence)
                .cadenceWeight(cadenceWeight);
    }

    /**
     * Builds {@link DetectionSettings} by name. Rules start off (zero) and thresholds unset, so a profile
     * says every rule it uses; the tuning below starts at the values the README gives reasons for.
     */
    public static final class Builder {
        private int tachycardiaAbove;
        private int bradycardiaBelow;
        private Duration sustain = Duration.ZERO;
        private Duration smoothing = Duration.ZERO;
        private int suddenRise;
        /** Two readings of a sparse device are at most this far apart. */
        private Duration suddenWithin = Duration.ofSeconds(30);

        private Duration suddenSustain = Duration.ZERO;
        /** The smoothed rate catches up with a jump in ~40 s: a run starting this soon after began with it. */
        private Duration suddenLookback = Duration.ofMinutes(2);
        /** Rest is at least this far below the tachycardia threshold (120 - 20 = 100 bpm, AHA's resting upper end). */
        private int exertionRiseSpan = 20;

        private Duration exertionRise = Duration.ZERO;
        /** A workout's rate settles within minutes of its rise. */
        private Duration exertionLookback = Duration.ofMinutes(10);

        private Duration exertionSustain = Duration.ZERO;
        private double irregularStepPercent;
        /** More than 60% of the blocks: a clear majority, which sporadic artefacts in a regular rhythm do not reach. */
        private double irregularShare = 0.6;
        /** At least as long as a wearable's averaging window (1-15 s), so blocks hold different beats. */
        private Duration irregularBlock = Duration.ofSeconds(15);
        /** The vendors' 10 minutes: the rhythm is judged over the time the rate must be above the threshold. */
        private Duration irregularWindow = Duration.ofMinutes(10);

        private int spikeDelta;
        private Duration spikeMaxGap = Duration.ZERO;
        private Duration signalLostAfter = Duration.ZERO;
        private Duration routineGapAllowance = Duration.ZERO;
        private Duration closeAfter = Duration.ZERO;
        private Duration customerRetention = Duration.ZERO;
        /** Absence is judged in multiples of the customer's own reading interval. */
        private int cadenceFactor = 4;
        /** Longer intervals are gaps, not the device's cadence. */
        private Duration longestCadence = Duration.ofMinutes(5);
        /** Weight 1/8 of one new interval in the cadence's moving average: a few odd intervals barely move it. */
        private int cadenceWeight = 8;

        private Builder() {}

        public Builder tachycardiaAbove(int bpm) {
            this.tachycardiaAbove = bpm;
            return this;
        }

        public Builder bradycardiaBelow(int bpm) {
            this.bradycardiaBelow = bpm;
            return this;
        }

        public Builder sustain(Duration value) {
            this.sustain = value;
            return this;
        }

        public Builder smoothing(Duration value) {
            this.smoothing = value;
            return this;
        }

        public Builder suddenRise(int bpm) {
            this.suddenRise = bpm;
            return this;
        }

        public Builder suddenWithin(Duration value) {
            this.suddenWithin = value;
            return this;
        }

        public Builder suddenSustain(Duration value) {
            this.suddenSustain = value;
            return this;
        }

        public Builder suddenLookback(Duration value) {
            this.suddenLookback = value;
            return this;
        }

        public Builder exertionRiseSpan(int bpm) {
            this.exertionRiseSpan = bpm;
            return this;
        }

        public Builder exertionRise(Duration value) {
            this.exertionRise = value;
            return this;
        }

        public Builder exertionLookback(Duration value) {
            this.exertionLookback = value;
            return this;
        }

        public Builder exertionSustain(Duration value) {
            this.exertionSustain = value;
            return this;
        }

        public Builder irregularStepPercent(double percent) {
            this.irregularStepPercent = percent;
            return this;
        }

        public Builder irregularShare(double share) {
            this.irregularShare = share;
            return this;
        }

        public Builder irregularBlock(Duration value) {
            this.irregularBlock = value;
            return this;
        }

        public Builder irregularWindow(Duration value) {
            this.irregularWindow = value;
            return this;
        }

        public Builder spikeDelta(int bpm) {
            this.spikeDelta = bpm;
            return this;
        }

        public Builder spikeMaxGap(Duration value) {
            this.spikeMaxGap = value;
            return this;
        }

        public Builder signalLostAfter(Duration value) {
            this.signalLostAfter = value;
            return this;
        }

        public Builder routineGapAllowance(Duration value) {
            this.routineGapAllowance = value;
            return this;
        }

        public Builder closeAfter(Duration value) {
            this.closeAfter = value;
            return this;
        }

        public Builder customerRetention(Duration value) {
            this.customerRetention = value;
            return this;
        }

        public Builder cadenceFactor(int intervals) {
            this.cadenceFactor = intervals;
            return this;
        }

        public Builder longestCadence(Duration value) {
            this.longestCadence = value;
            return this;
        }

        public Builder cadenceWeight(int weight) {
            this.cadenceWeight = weight;
            return this;
        }

        public DetectionSettings build() {
            return new DetectionSettings(
                    tachycardiaAbove,
                    bradycardiaBelow,
                    sustain,
                    smoothing,
                    suddenRise,
                    suddenWithin,
                    suddenSustain,
                    suddenLookback,
                    exertionRiseSpan,
                    exertionRise,
                    exertionLookback,
                    exertionSustain,
                    irregularStepPercent,
                    irregularShare,
                    irregularBlock,
                    irregularWindow,
                    spikeDelta,
                    spikeMaxGap,
                    signalLostAfter,
                    routineGapAllowance,
                    closeAfter,
                    customerRetention,
                    cadenceFactor,
                    longestCadence,
                    cadenceWeight);
        }
    }
}
