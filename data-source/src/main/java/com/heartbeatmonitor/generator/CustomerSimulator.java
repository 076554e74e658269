package com.heartbeatmonitor.generator;

import static com.heartbeatmonitor.generator.SimulationProfile.*;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * One customer's day after day: plans each day ({@link DayPlanner}), reads the heart ({@link Heart}) on
 * the device's clock ({@link Cadence}), skips the times the device is off, adds optical artefacts and
 * reports the truth once event time has passed it. Every random draw comes from the customer's own
 * stream, so a customer's readings do not depend on the others. Not thread-safe.
 */
final class CustomerSimulator {

    private final String customerId;
    private final CustomerTraits traits;
    private final SimulationProfile profile;
    private final SplittableRandom random;
    private final Consumer<AnomalyEpisode> episodeListener;
    private final long simulationStart;
    private final Cadence cadence;
    private final Heart heart = new Heart();
    /** Truth of the planned days, by end: reported once a reading is at or after its end. */
    private final ArrayDeque<AnomalyEpisode> pending = new ArrayDeque<>();

    private DayPlan plan;
    private int segment;
    private int gap;
    private long lastReading = -1;
    /** Recovery time constant of the last thing that moved the heart (a segment, or waking up). */
    private double restTau = WAKE_UP_TAU_S;

    /** The beats of the rhythm segment under way, averaged as this customer's device does. */
    private final Beats beats;

    private final MotionArtefacts motion = new MotionArtefacts();
    /** The segment whose beats or motion artefacts are under way, so they start once per segment. */
    private Segment started;
    /** What the device reported with the last reading, null when it reports no activity. */
    private Activity activity;

    private boolean wasAsleep;
    private long nextArtefact;
    private int artefactReadingsLeft;
    private int artefactJump;
    private long artefactStart;

    CustomerSimulator(
            String customerId,
            int index,
            GeneratorSettings settings,
            SplittableRandom random,
            Consumer<AnomalyEpisode> episodeListener) {
        this.customerId = customerId;
        this.profile = settings.profile();
        this.random = random;
        this.episodeListener = episodeListener;
        this.simulationStart = settings.start().toEpochMilli();
        this.traits = CustomerTraits.draw(random, profile);
        this.cadence = new Cadence(
                simulationStart, settings.eventsPerSecond(), index, settings.customers(), traits.irregular(), random);
        this.beats = new Beats(traits.irregular());
        this.nextArtefact = simulationStart + exponential(ARTEFACT_MEAN_INTERVAL);
        skipSilence();
    }

    String customerId() {
        return customerId;
    }

    /** Event time of the next reading, epoch milliseconds. */
    long due() {
        return cadence.due();
    }

    /** The reading at {@link #due()}, in bpm; then moves on to the next time the device reads. */
    int read() {
        long t = cadence.due();
        while (!pending.isEmpty() && pending.peekFirst().end().toEpochMilli() <= t) {
            episodeListener.accept(pending.pollFirst());
        }
        double dt = lastReading < 0 ? 0 : (t - lastReading) / 1000.0;
        lastReading = t;
        List<Segment> segments = plan.segments();
        while (segment < segments.size() && segments.get(segment).end() <= t) {
            restTau = segments.get(segment++).recoveryTau();
        }
        Segment now = segment < segments.size() && segments.get(segment).start() <= t ? segments.get(segment) : null;
        boolean asleep = plan.asleep(t);
        if (wasAsleep && !asleep) {
            restTau = WAKE_UP_TAU_S;
        }
        wasAsleep = asleep;
        double rest = asleep ? plan.sleepLevel() : traits.awakeRate();
        double value;
        if (now != null) {
            if (started != now) {
                started = now;
                if (now.kind().rhythm != null) {
                    beats.start(now.kind().rhythm, t, random);
                } else if (now.kind() == Segment.Kind.EXERCISE_NOISY) {
                    motion.start(t, random);
                }
            }
            double target = now.target(t, rest);
            double level = heart.follow(dt, target, now.riseTau());
            if (now.kind().rhythm != null) {
                value = beats.read(t, heart.rate(dt, now.wobbleSd(), random), random);
            } else {
                value = heart.read(dt, now.wobbleSd(), random);
            }
            double band = now.band();
            if (band > 0 && Math.abs(level - target) < band) {
                value = Math.max(target - band, Math.min(target + band, value));
            }
            if (now.kind() == Segment.Kind.EXERCISE_NOISY) {
                value = motion.apply(t, value, random);
            }
        } else {
            heart.follow(dt, rest, asleep ? FALL_ASLEEP_TAU_S : restTau);
            value = heart.read(dt, asleep ? WOBBLE_SD_ASLEEP : WOBBLE_SD_AWAKE, random);
        }
        value = withArtefact(t, value, now);
        activity = !traits.reportsActivity()
                ? null
                : asleep ? Activity.SLEEP : now != null && now.kind().active ? Activity.ACTIVE : Activity.REST;
        cadence.advance(random);
        skipSilence();
        return (int) Math.round(Math.max(READING_FLOOR, Math.min(READING_CEILING, value)));
    }

    /** What the device reported with the reading {@link #read()} returned last; null when it reports none. */
    Activity activity() {
        return activity;
    }

    /** Reports the truth started before {@code now}; what is still under way ends at {@code now}. */
    void finish(Instant now) {
        for (AnomalyEpisode episode : pending) {
            if (episode.start().isBefore(now)) {
                episodeListener.accept(
                        episode.end().isAfter(now)
                                ? new AnomalyEpisode(customerId, episode.type(), episode.start(), now)
                                : episode);
            }
        }
        pending.clear();
        if (artefactReadingsLeft > 0) {
            reportArtefact(lastReading);
        }
    }

    /** Optical artefacts: 1-2 readings off by 40-70 bpm, never inside a pathological or borderline episode. */
    private double withArtefact(long t, double value, Segment now) {
        if (artefactReadingsLeft == 0 && t >= nextArtefact) {
            nextArtefact = t + exponential(ARTEFACT_MEAN_INTERVAL);
            if (now == null || now.truth() == null || now.truth().category() == AnomalyType.Category.BENIGN) {
                artefactReadingsLeft = random.nextDouble() < ARTEFACT_DOUBLE_SHARE ? 2 : 1;
                int jump = random.nextInt(ARTEFACT_JUMP_MIN, ARTEFACT_JUMP_MAX + 1);
                boolean up = random.nextBoolean() ? value + jump <= READING_CEILING : value - jump < READING_FLOOR;
                artefactJump = up ? jump : -jump;
                artefactStart = t;
            }
        }
        if (artefactReadingsLeft == 0) {
            return value;
        }
        if (--artefactReadingsLeft == 0) {
            reportArtefact(t);
        }
        return value + artefactJump;
    }

    private void reportArtefact(long last) {
        artefactReadingsLeft = 0;
        episodeListener.accept(new AnomalyEpisode(
                customerId, AnomalyType.ARTEFACT, Instant.ofEpochMilli(artefactStart), Instant.ofEpochMilli(last)));
    }

    /** Plans the days up to the due reading and moves it past any time the device sends nothing. */
    private void skipSilence() {
        while (true) {
            long t = cadence.due();
            while (plan == null || t >= plan.end()) {
                plan = DayPlanner.plan(
                        customerId,
                        traits,
                        profile,
                        random,
                        plan == null ? DayPlanner.dayStart(traits, t) : plan.end(),
                        simulationStart);
                segment = 0;
                gap = 0;
                pending.addAll(plan.truth());
            }
            List<DayPlan.Interval> gaps = plan.gaps();
            while (gap < gaps.size() && gaps.get(gap).end() <= t) {
                gap++;
            }
            if (gap == gaps.size() || gaps.get(gap).start() > t) {
                return;
            }
            cadence.resumeAt(gaps.get(gap).end(), random);
        }
    }

    private long exponential(long mean) {
        return Math.round(-mean * Math.log(1 - random.nextDouble()));
    }
}
