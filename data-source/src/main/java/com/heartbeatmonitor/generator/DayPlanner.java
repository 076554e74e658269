package com.heartbeatmonitor.generator;

import static com.heartbeatmonitor.generator.SimulationProfile.*;

import com.heartbeatmonitor.generator.DayPlan.Interval;
import com.heartbeatmonitor.generator.Segment.Kind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Lays out one day of a customer: sleep, device gaps, then pathological episodes, their look-alikes
 * (slow AF, fever, premature beats), exercise, stress, walks and stairs at random free places while
 * awake. Gaps come first so that every episode falls where the device reports; pathological episodes
 * come before activities so they get room and rest.
 */
final class DayPlanner {

    private static final Kind[] PATHOLOGY_WITH_DEVICE = {
        Kind.PAROXYSMAL_TACHYCARDIA, Kind.RESTING_TACHYCARDIA, Kind.BRADYCARDIA, Kind.DEVICE_STOPPED
    };
    private static final Kind[] PATHOLOGY_OF_THE_HEART = {
        Kind.PAROXYSMAL_TACHYCARDIA, Kind.RESTING_TACHYCARDIA, Kind.BRADYCARDIA
    };

    private final String customerId;
    private final CustomerTraits traits;
    private final SimulationProfile profile;
    private final SplittableRandom random;
    private final long start;
    private final long end;
    private final long simulationStart;
    private final long bedtime;
    private final long wake;
    private final List<Segment> segments = new ArrayList<>();
    /** Where segments are, with the rest each needs before it. */
    private final List<Interval> busy = new ArrayList<>();

    private final List<Interval> gaps = new ArrayList<>();
    /** Habitual off-wrist and charging times: a DEVICE_STOPPED there would be no news. */
    private final List<Interval> habits = new ArrayList<>();

    private final List<AnomalyEpisode> truth = new ArrayList<>();

    private DayPlanner(
            String customerId,
            CustomerTraits traits,
            SimulationProfile profile,
            SplittableRandom random,
            long start,
            long simulationStart) {
        this.customerId = customerId;
        this.traits = traits;
        this.profile = profile;
        this.random = random;
        this.start = start;
        this.end = start + DAY;
        this.simulationStart = simulationStart;
        this.wake = at(jitter(traits.wakeTime(), WAKE_JITTER));
        this.bedtime = wake - random.nextLong(SLEEP_MIN, SLEEP_MAX + 1);
    }

    /** The start of the plan (a local noon) that holds {@code t}. */
    static long dayStart(CustomerTraits traits, long t) {
        long localNoonBased = t + traits.utcOffset() - 12 * HOUR;
        return Math.floorDiv(localNoonBased, DAY) * DAY + 12 * HOUR - traits.utcOffset();
    }

    static DayPlan plan(
            String customerId,
            CustomerTraits traits,
            SimulationProfile profile,
            SplittableRandom random,
            long dayStart,
            long simulationStart) {
        return new DayPlanner(customerId, traits, profile, random, dayStart, simulationStart).plan();
    }

    private DayPlan plan() {
        report(AnomalyType.SLEEP, bedtime, wake);
        if (profile.wearGaps()) {
            planDeviceGaps();
        }
        planPathology();
        planLookAlikes();
        if (traits.exerciser() && random.nextDouble() < EXERCISE_DAY_PROBABILITY) {
            planExercise();
        }
        for (int i = poisson(STRESS_PER_DAY); i > 0; i--) {
            long length = random.nextLong(STRESS_MIN, STRESS_MAX + 1);
            int level = traits.awakeRate() + random.nextInt(STRESS_RISE_MIN, STRESS_RISE_MAX + 1);
            place(
                    Segment.steady(
                            Kind.STRESS, 0, length, level, STRESS_RISE_TAU_S, STRESS_RECOVERY_TAU_S, WOBBLE_SD_AWAKE),
                    0,
                    false);
        }
        for (int i = poisson(WALKS_PER_DAY); i > 0; i--) {
            planMovement(
                    Kind.WALK,
                    WALK_MIN,
                    WALK_MAX,
                    WALK_LEVEL_MIN,
                    WALK_LEVEL_MAX,
                    WALK_RISE_TAU_S,
                    WALK_RECOVERY_TAU_S);
        }
        for (int i = poisson(STAIRS_PER_DAY); i > 0; i--) {
            planMovement(
                    Kind.STAIRS,
                    STAIRS_MIN,
                    STAIRS_MAX,
                    STAIRS_LEVEL_MIN,
                    STAIRS_LEVEL_MAX,
                    STAIRS_RISE_TAU_S,
                    STAIRS_RECOVERY_TAU_S);
        }
        segments.sort(Comparator.comparingLong(Segment::start));
        gaps.sort(Comparator.comparingLong(Interval::start));
        truth.sort(Comparator.comparing(AnomalyEpisode::end));
        double sleepLevel =
                Math.max(SLEEP_FLOOR, traits.baseline() - random.nextInt(SLEEP_DROP_MIN, SLEEP_DROP_MAX + 1));
        return new DayPlan(
                start, end, bedtime, wake, sleepLevel, List.copyOf(segments), List.copyOf(gaps), List.copyOf(truth));
    }

    private void planDeviceGaps() {
        if (traits.takesOffAtNight()) {
            long habitual = at(traits.nightOffTime());
            long off = jitter(habitual, HABIT_JITTER);
            addGap(AnomalyType.OFF_WRIST, off, wake + random.nextLong(BACK_ON_MIN, BACK_ON_MAX + 1));
            habits.add(new Interval(habitual - HABIT_MARGIN, wake + BACK_ON_MAX + HABIT_MARGIN));
        }
        long habitualCharge = at(traits.chargeTime());
        // Yesterday's habit too: a late-morning charge reaches past noon into this plan.
        for (long day : new long[] {habitualCharge - DAY, habitualCharge}) {
            habits.add(new Interval(day - HABIT_MARGIN, day + CHARGE_MAX + HABIT_MARGIN));
        }
        if (random.nextDouble() < CHARGE_DAY_PROBABILITY) {
            long from = jitter(habitualCharge, HABIT_JITTER);
            long to = from + random.nextLong(CHARGE_MIN, CHARGE_MAX + 1);
            if (awake(from, to) && free(gaps, from, to)) {
                addGap(AnomalyType.CHARGING, from, to);
            }
        }
        for (int i = poisson(SHORT_GAPS_PER_DAY); i > 0; i--) {
            // Log-uniform: most dropouts are short.
            long length =
                    Math.round(SHORT_GAP_MIN * Math.pow((double) SHORT_GAP_MAX / SHORT_GAP_MIN, random.nextDouble()));
            for (int attempt = 0; attempt < PLACEMENT_ATTEMPTS; attempt++) {
                long from = start + random.nextLong(DAY - length);
                if (awake(from, from + length) && free(gaps, from, from + length)) {
                    addGap(AnomalyType.OFF_WRIST, from, from + length);
                    break;
                }
            }
        }
    }

    private void planPathology() {
        Kind[] kinds = profile.wearGaps() ? PATHOLOGY_WITH_DEVICE : PATHOLOGY_OF_THE_HEART;
        double perDay = (double) DAY / profile.meanTimeBetweenAnomalies().toMillis();
        for (int i = Math.min(MAX_EPISODES_PER_DAY, poisson(perDay)); i > 0; i--) {
            Kind kind = random.nextDouble() < AF_SHARE_OF_PATHOLOGY
                    ? Kind.ATRIAL_FIBRILLATION
                    : kinds[random.nextInt(kinds.length)];
            int rest = traits.awakeRate();
            Segment episode = switch (kind) {
                case ATRIAL_FIBRILLATION -> atrialFibrillation(AF_RVR_LEVEL_MIN, AF_RVR_LEVEL_MAX);
                case PAROXYSMAL_TACHYCARDIA ->
                    Segment.steady(
                            kind,
                            0,
                            between(PAROXYSMAL_MIN, PAROXYSMAL_MAX),
                            random.nextInt(PAROXYSMAL_LEVEL_MIN, PAROXYSMAL_LEVEL_MAX + 1),
                            PAROXYSMAL_TAU_S,
                            PAROXYSMAL_TAU_S,
                            PAROXYSMAL_WOBBLE_SD);
                case RESTING_TACHYCARDIA -> {
                    long drift = between(RESTING_TACHY_DRIFT_MIN, RESTING_TACHY_DRIFT_MAX);
                    long length = 2 * drift + between(RESTING_TACHY_HOLD_MIN, RESTING_TACHY_HOLD_MAX);
                    yield new Segment(
                            kind,
                            0,
                            length,
                            random.nextInt(RESTING_TACHY_LEVEL_MIN, RESTING_TACHY_LEVEL_MAX + 1),
                            0,
                            0,
                            drift,
                            RESTING_TACHY_TAU_S,
                            RESTING_TACHY_TAU_S,
                            WOBBLE_SD_AWAKE);
                }
                case BRADYCARDIA ->
                    Segment.steady(
                            kind,
                            0,
                            between(BRADY_MIN, BRADY_MAX),
                            random.nextInt(BRADY_LEVEL_MIN, BRADY_LEVEL_MAX + 1),
                            between(BRADY_ONSET_MIN, BRADY_ONSET_MAX) / 3000.0,
                            BRADY_RECOVERY_TAU_S,
                            BRADY_WOBBLE_SD);
                default ->
                    Segment.steady(
                            kind,
                            0,
                            between(DEVICE_STOPPED_MIN, DEVICE_STOPPED_MAX),
                            rest,
                            WAKE_UP_TAU_S,
                            WAKE_UP_TAU_S,
                            WOBBLE_SD_AWAKE);
            };
            Segment placed = place(episode, REST_BEFORE_PATHOLOGY, true);
            if (placed != null && kind == Kind.DEVICE_STOPPED) {
                gaps.add(new Interval(placed.start(), placed.end()));
            }
        }
    }

    /**
     * What looks like a pathological episode and must not alert: slow AF and fevers at rest (with the
     * illness, so as often as the pathological episodes), and premature beats (everyday).
     */
    private void planLookAlikes() {
        double perDay = (double) DAY / profile.meanTimeBetweenAnomalies().toMillis();
        for (int i = poisson(perDay * AF_SLOW_PER_ANOMALY); i > 0; i--) {
            place(atrialFibrillation(AF_SLOW_LEVEL_MIN, AF_SLOW_LEVEL_MAX), REST_BEFORE_PATHOLOGY, false);
        }
        for (int i = poisson(perDay * FEVER_PER_ANOMALY); i > 0; i--) {
            int rest = traits.awakeRate();
            double degrees = Math.min(
                    random.nextDouble(FEVER_DEGREES_MIN, FEVER_DEGREES_MAX),
                    (FEVER_LEVEL_MAX - rest) / FEVER_BPM_PER_DEGREE);
            long drift = between(FEVER_DRIFT_MIN, FEVER_DRIFT_MAX);
            place(
                    new Segment(
                            Kind.FEVER,
                            0,
                            2 * drift + between(FEVER_HOLD_MIN, FEVER_HOLD_MAX),
                            rest + FEVER_BPM_PER_DEGREE * degrees,
                            0,
                            0,
                            drift,
                            RESTING_TACHY_TAU_S,
                            RESTING_TACHY_TAU_S,
                            WOBBLE_SD_AWAKE),
                    REST_BEFORE_PATHOLOGY,
                    false);
        }
        for (int i = poisson(ECTOPY_PER_DAY); i > 0; i--) {
            place(
                    Segment.steady(
                            Kind.ECTOPIC_BEATS,
                            0,
                            between(ECTOPY_MIN, ECTOPY_MAX),
                            traits.awakeRate(),
                            WAKE_UP_TAU_S,
                            WAKE_UP_TAU_S,
                            WOBBLE_SD_AWAKE),
                    0,
                    false);
        }
    }

    /** AF at a mean ventricular rate of {@code minLevel}-{@code maxLevel}, minutes to hours long. */
    private Segment atrialFibrillation(int minLevel, int maxLevel) {
        // Log-uniform: most episodes are short, some last hours.
        long length = Math.round(AF_MIN * Math.pow((double) AF_MAX / AF_MIN, random.nextDouble()));
        return Segment.steady(
                Kind.ATRIAL_FIBRILLATION,
                0,
                length,
                random.nextInt(minLevel, maxLevel + 1),
                random.nextDouble(AF_TAU_MIN_S, AF_TAU_MAX_S),
                random.nextDouble(AF_TAU_MIN_S, AF_TAU_MAX_S),
                WOBBLE_SD_AWAKE);
    }

    private void planExercise() {
        int peak = random.nextInt(EXERCISE_PEAK_MIN, EXERCISE_PEAK_MAX + 1);
        boolean noisy = random.nextDouble() < EXERCISE_NOISY_SHARE;
        Segment session = place(
                new Segment(
                        noisy ? Kind.EXERCISE_NOISY : Kind.EXERCISE,
                        0,
                        between(EXERCISE_MIN, EXERCISE_MAX),
                        peak,
                        random.nextInt(EXERCISE_EASY_DROP_MIN, EXERCISE_EASY_DROP_MAX + 1),
                        between(EXERCISE_BOUT_MIN, EXERCISE_BOUT_MAX),
                        0,
                        EXERCISE_RISE_TAU_S,
                        EXERCISE_RECOVERY_TAU_S,
                        WOBBLE_SD_EXERCISE),
                0,
                false);
        if (session != null && noisy && profile.wearGaps()) {
            // Dropouts inside the session belong to it: the truth has the session, not each gap.
            for (int i = poisson(DROPOUTS_PER_NOISY_SESSION); i > 0; i--) {
                long length = between(DROPOUT_MIN, DROPOUT_MAX);
                long from = session.start() + random.nextLong(Math.max(1, session.end() - session.start() - length));
                if (free(gaps, from, from + length)) {
                    gaps.add(new Interval(from, from + length));
                }
            }
        }
    }

    private void planMovement(
            Kind kind, long minLength, long maxLength, int minLevel, int maxLevel, double riseTau, double recoveryTau) {
        int level = Math.max(random.nextInt(minLevel, maxLevel + 1), traits.awakeRate() + ACTIVITY_MIN_RISE);
        place(
                Segment.steady(kind, 0, between(minLength, maxLength), level, riseTau, recoveryTau, WOBBLE_SD_AWAKE),
                0,
                false);
    }

    /**
     * Puts {@code shape} (its length is {@code end - start}) at a random free place while awake, after
     * {@code restBefore} without any other segment; a pathological one also not before the simulation,
     * and a DEVICE_STOPPED only after the first simulated day and away from the customer's habits.
     * Returns the placed segment, or null when no place was found.
     */
    private Segment place(Segment shape, long restBefore, boolean pathological) {
        long length = shape.end() - shape.start();
        boolean stop = shape.kind() == Kind.DEVICE_STOPPED;
        for (int attempt = 0; attempt < PLACEMENT_ATTEMPTS; attempt++) {
            long from = start + random.nextLong(Math.max(1, DAY - length));
            long to = from + length;
            if (!awake(from - restBefore, to)
                    || !free(busy, from - restBefore, to)
                    || !free(gaps, from, to)
                    || (pathological && from < simulationStart)
                    || (stop && (from < simulationStart + DAY || !free(habits, from, to)))) {
                continue;
            }
            Segment placed = new Segment(
                    shape.kind(),
                    from,
                    to,
                    shape.level(),
                    shape.easyDrop(),
                    shape.boutMillis(),
                    shape.rampMillis(),
                    shape.riseTau(),
                    shape.recoveryTau(),
                    shape.wobbleSd());
            segments.add(placed);
            busy.add(new Interval(from - restBefore, to));
            if (placed.truth() != null) {
                report(placed.truth(), from, to);
            }
            return placed;
        }
        return null;
    }

    private void addGap(AnomalyType type, long from, long to) {
        gaps.add(new Interval(from, to));
        report(type, from, to);
    }

    /** Truth is event time from the start of the simulation on: earlier parts of the first day are cut. */
    private void report(AnomalyType type, long from, long to) {
        if (to > simulationStart) {
            truth.add(new AnomalyEpisode(
                    customerId, type, Instant.ofEpochMilli(Math.max(from, simulationStart)), Instant.ofEpochMilli(to)));
        }
    }

    /** Awake for the whole of {@code [from, to)}, inside this day. */
    private boolean awake(long from, long to) {
        return from >= start && to <= end && (to <= bedtime || from >= wake);
    }

    private static boolean free(List<Interval> taken, long from, long to) {
        for (Interval interval : taken) {
            if (interval.overlaps(from, to)) {
                return false;
            }
        }
        return true;
    }

    /** Event time of a local time of day within this plan: afternoons first, mornings after midnight. */
    private long at(long localTimeOfDay) {
        return start + Math.floorMod(localTimeOfDay - 12 * HOUR, DAY);
    }

    private long jitter(long t, long spread) {
        return t + random.nextLong(-spread, spread + 1);
    }

    private long between(long min, long max) {
        return random.nextLong(min, max + 1);
    }

    /** Knuth's method for small means, a rounded normal for large ones (where exp(-mean) underflows). */
    private int poisson(double mean) {
        if (mean > 30) {
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        int n = 0;
        for (double p = random.nextDouble(); p > limit; p *= random.nextDouble()) {
            n++;
        }
        return n;
    }
}
