package com.heartbeatmonitor.job.detection;

import com.heartbeatmonitor.job.config.DetectionSettings;
import com.heartbeatmonitor.job.config.RiskBands;
import com.heartbeatmonitor.job.records.AlertEvent;
import com.heartbeatmonitor.job.records.AlertStatus;
import com.heartbeatmonitor.job.records.AlertType;
import com.heartbeatmonitor.job.records.RiskLevel;
import com.heartbeatmonitor.job.records.Severity;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The episode logic of one customer as a plain state machine, without Flink: it must be given readings
 * in event-time order ({@link #onReading}) and told how far event time has certainly progressed
 * ({@link #advance}). The Flink function around it buffers readings until the watermark passes them.
 *
 * <p>Rate rules look at a time-based moving average of the rate, so an isolated optical artefact barely
 * moves it and a 1 Hz and a 15 s device see the same curve. Durations that mean "absent" (an episode
 * closing, a signal lost, a run broken by a gap) are never shorter than {@value #CADENCE_FACTOR} of the
 * customer's own reading intervals, so a sparse device neither splits episodes nor loses its signal.
 */
public final class EpisodeDetector implements Serializable {

    /** "No such time" in state. */
    public static final long NONE = Long.MIN_VALUE;
    /** No deadline pending. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    /** Absence is judged in multiples of the customer's own reading interval. */
    static final int CADENCE_FACTOR = 4;
    /** Longer intervals are gaps, not the device's cadence. */
    private static final long LONGEST_CADENCE_MS = Duration.ofMinutes(5).toMillis();
    /** Weight of one new interval in the cadence's moving average. */
    private static final int CADENCE_WEIGHT = 8;
    /** The two readings of a sudden rise are at most this far apart (two readings of a sparse device). */
    private static final long SUDDEN_WITHIN_MS = Duration.ofSeconds(30).toMillis();
    /** A run that begins this soon after a sudden rise began with it (the average catches up in ~40 s). */
    private static final long SUDDEN_LOOKBACK_MS = Duration.ofMinutes(2).toMillis();
    /** An exercise-like rise: this many bpm of the smoothed rate within DetectionSettings.exertionRise... */
    static final int RISE_SPAN_BPM = 20;
    /** ... that ended at most this long before the run began (a workout's rate settles within minutes). */
    private static final long EXERTION_LOOKBACK_MS = Duration.ofMinutes(10).toMillis();

    private final DetectionSettings settings;
    private final RiskBands bands;
    private final long sustainMs;
    private final double smoothingMs;
    private final long suddenSustainMs;
    private final long exertionRiseMs;
    private final long exertionSustainMs;
    private final long spikeGapMs;
    private final long signalLostMs;
    private final long routineAllowanceMs;
    private final long closeAfterMs;
    private final long retentionMs;

    public EpisodeDetector(DetectionSettings settings, RiskBands bands) {
        this.settings = settings;
        this.bands = bands;
        this.sustainMs = settings.sustain().toMillis();
        this.smoothingMs = settings.smoothing().toMillis();
        this.suddenSustainMs = settings.suddenSustain().toMillis();
        this.exertionRiseMs = settings.exertionRise().toMillis();
        this.exertionSustainMs = settings.exertionSustain().toMillis();
        this.spikeGapMs = settings.spikeMaxGap().toMillis();
        this.signalLostMs = settings.signalLostAfter().toMillis();
        this.routineAllowanceMs = settings.routineGapAllowance().toMillis();
        this.closeAfterMs = settings.closeAfter().toMillis();
        this.retentionMs = settings.customerRetention().toMillis();
    }

    /**
     * Applies what the passing of event time up to {@code now} implies: episodes whose condition has
     * been absent long enough close, a silent device opens SIGNAL_LOST. Returns true when the customer
     * has been silent beyond the retention: the caller then drops the state.
     */
    public boolean advance(String customer, DetectorState st, long now, Consumer<AlertEvent> out) {
        long closeAfter = absence(st, closeAfterMs);
        st.tachycardia.episode =
                closeIfAbsent(customer, AlertType.TACHYCARDIA, st.tachycardia.episode, now, closeAfter, out);
        st.bradycardia.episode =
                closeIfAbsent(customer, AlertType.BRADYCARDIA, st.bradycardia.episode, now, closeAfter, out);
        st.spike = closeIfAbsent(customer, AlertType.SPIKE, st.spike, now, closeAfter, out);
        if (st.lastTimestamp == NONE) {
            return false;
        }
        long lostAt = signalLostAt(st);
        if (st.signalLost == null && now >= lostAt) {
            st.signalLost = new Episode(st.lastTimestamp, lostAt, 0, 0, Severity.WARNING);
            out.accept(event(customer, AlertType.SIGNAL_LOST, st.signalLost, AlertStatus.OPEN, null));
        }
        if (now >= st.lastTimestamp + retentionMs) {
            if (st.signalLost != null) {
                st.signalLost.revision++;
                out.accept(event(
                        customer,
                        AlertType.SIGNAL_LOST,
                        st.signalLost,
                        AlertStatus.EXPIRED,
                        st.lastTimestamp + retentionMs));
            }
            return true;
        }
        return false;
    }

    /** Applies one reading; readings must come in event-time order. Returns the state to keep. */
    public DetectorState onReading(String customer, DetectorState st, long ts, int bpm, Consumer<AlertEvent> out) {
        DetectorState state = advance(customer, st, ts, out) ? new DetectorState() : st;
        boolean silenceWasAlerted = state.signalLost != null;
        if (silenceWasAlerted) {
            state.signalLost.revision++;
            out.accept(event(customer, AlertType.SIGNAL_LOST, state.signalLost, AlertStatus.CLOSED, ts));
            state.signalLost = null;
        }
        follow(state, ts, bpm, silenceWasAlerted);
        int level = (int) Math.round(state.level);
        track(
                customer,
                AlertType.TACHYCARDIA,
                state.tachycardia,
                state.level > settings.tachycardiaAbove(),
                onsetSustain(state, ts),
                ts,
                level,
                out);
        track(
                customer,
                AlertType.BRADYCARDIA,
                state.bradycardia,
                state.level < settings.bradycardiaBelow(),
                sustainMs,
                ts,
                level,
                out);
        trackSpike(customer, state, ts, bpm, out);
        state.lastTimestamp = ts;
        state.lastHeartRate = bpm;
        return state;
    }

    /** The earliest event time at which {@link #advance} could change something, or {@link #NO_DEADLINE}. */
    public long nextDeadline(DetectorState st) {
        long deadline = NO_DEADLINE;
        long closeAfter = absence(st, closeAfterMs);
        for (Episode episode : new Episode[] {st.tachycardia.episode, st.bradycardia.episode, st.spike}) {
            if (episode != null) {
                deadline = Math.min(deadline, episode.lastSeen + closeAfter);
            }
        }
        if (st.lastTimestamp != NONE) {
            if (st.signalLost == null) {
                deadline = Math.min(deadline, signalLostAt(st));
            }
            deadline = Math.min(deadline, st.lastTimestamp + retentionMs);
        }
        return deadline;
    }

    /** Updates what is learned from every reading: cadence, routine, smoothed rate, sudden and quick rises. */
    private void follow(DetectorState st, long ts, int bpm, boolean silenceWasAlerted) {
        if (st.lastTimestamp == NONE) {
            st.firstTimestamp = ts;
            st.level = bpm;
        } else {
            long interval = ts - st.lastTimestamp;
            if (interval > 0 && interval <= LONGEST_CADENCE_MS) {
                st.cadenceMs = st.cadenceMs == 0
                        ? (int) interval
                        : st.cadenceMs + (int) ((interval - st.cadenceMs) / CADENCE_WEIGHT);
            }
            if (routineAllowanceMs > 0 && !silenceWasAlerted) { // an alerted silence was no habit
                Routine.learn(st, st.lastTimestamp, ts);
            }
            if (interval > absence(st, closeAfterMs)) {
                // After a gap the old level and any run say nothing about now.
                st.level = bpm;
                st.riseBucketStart = NONE;
                st.tachycardia.resetRun();
                st.bradycardia.resetRun();
            } else {
                double weight = smoothingMs == 0 ? 1 : 1 - Math.exp(-interval / smoothingMs);
                st.level += weight * (bpm - st.level);
            }
            // A jump from rest to above the threshold: how a paroxysmal tachycardia starts. Mid-exercise
            // jumps are mostly optical artefacts, so the reading before must be at rest.
            int restCeiling = settings.tachycardiaAbove() - RISE_SPAN_BPM;
            if (settings.suddenRise() > 0
                    && interval <= SUDDEN_WITHIN_MS
                    && st.lastHeartRate <= restCeiling
                    && bpm > settings.tachycardiaAbove()
                    && bpm - st.lastHeartRate >= settings.suddenRise()) {
                st.suddenAt = ts;
            }
        }
        followRise(st, ts);
    }

    /**
     * Notes a rise of the smoothed rate by {@value #RISE_SPAN_BPM} bpm within the exertion window, against
     * the lowest rate of the window's current and previous halves (so the window is 1-2 halves long).
     */
    private void followRise(DetectorState st, long ts) {
        if (exertionRiseMs == 0) {
            return;
        }
        long half = exertionRiseMs / 2;
        if (st.riseBucketStart == NONE || ts - st.riseBucketStart >= 2 * half) {
            st.riseFloorBefore = st.level;
            st.riseFloor = st.level;
            st.riseBucketStart = ts;
        } else if (ts - st.riseBucketStart >= half) {
            st.riseFloorBefore = st.riseFloor;
            st.riseFloor = st.level;
            st.riseBucketStart += half;
        }
        st.riseFloor = Math.min(st.riseFloor, st.level);
        if (st.level - Math.min(st.riseFloor, st.riseFloorBefore) >= RISE_SPAN_BPM) {
            st.quickRiseAt = ts;
        }
    }

    /**
     * How long a tachycardia run beginning now must last: short after an abrupt rise from rest (the
     * onset of a paroxysmal tachycardia), long after a rise as quick as exercise, else {@code sustain}.
     */
    private long onsetSustain(DetectorState st, long ts) {
        if (suddenSustainMs > 0 && st.suddenAt != NONE && ts - st.suddenAt <= SUDDEN_LOOKBACK_MS) {
            return suddenSustainMs;
        }
        if (exertionRiseMs > 0 && st.quickRiseAt != NONE && ts - st.quickRiseAt <= EXERTION_LOOKBACK_MS) {
            return exertionSustainMs;
        }
        return sustainMs;
    }

    private void track(
            String customer,
            AlertType type,
            ThresholdTracker tracker,
            boolean beyond,
            long requiredMs,
            long ts,
            int level,
            Consumer<AlertEvent> out) {
        if (!beyond) {
            tracker.resetRun(); // an open episode waits for closeAfter of absence, see advance()
            return;
        }
        boolean high = type == AlertType.TACHYCARDIA;
        Episode episode = tracker.episode;
        if (episode != null) {
            episode.lastSeen = ts;
            episode.readings++;
            episode.peak = high ? Math.max(episode.peak, level) : Math.min(episode.peak, level);
            escalate(customer, type, episode, out);
            return;
        }
        if (tracker.runStart == NONE) {
            tracker.runStart = ts;
            tracker.runRequiredMs = requiredMs;
            tracker.runPeak = level;
        }
        tracker.runReadings++;
        tracker.runPeak = high ? Math.max(tracker.runPeak, level) : Math.min(tracker.runPeak, level);
        if (ts - tracker.runStart >= tracker.runRequiredMs) {
            tracker.episode =
                    new Episode(tracker.runStart, ts, tracker.runPeak, tracker.runReadings, severity(tracker.runPeak));
            out.accept(event(customer, type, tracker.episode, AlertStatus.OPEN, null));
            tracker.resetRun();
        }
    }

    private void trackSpike(String customer, DetectorState st, long ts, int bpm, Consumer<AlertEvent> out) {
        if (settings.spikeDelta() == 0
                || st.lastTimestamp == NONE
                || ts - st.lastTimestamp > spikeGapMs
                || Math.abs(bpm - st.lastHeartRate) < settings.spikeDelta()) {
            return;
        }
        int extreme = riskier(bpm, st.lastHeartRate);
        if (st.spike == null) {
            st.spike = new Episode(ts, ts, extreme, 1, severity(extreme));
            out.accept(event(customer, AlertType.SPIKE, st.spike, AlertStatus.OPEN, null));
        } else {
            st.spike.lastSeen = ts;
            st.spike.readings++;
            st.spike.peak = riskier(st.spike.peak, extreme);
            escalate(customer, AlertType.SPIKE, st.spike, out);
        }
    }

    /** When the silence after the last reading becomes SIGNAL_LOST, or {@link #NO_DEADLINE} when it never does. */
    private long signalLostAt(DetectorState st) {
        if (signalLostMs == 0) {
            return NO_DEADLINE;
        }
        long allowed = absence(st, signalLostMs);
        if (routineAllowanceMs > 0 && Routine.isRoutine(st, st.lastTimestamp)) {
            allowed = Math.max(allowed, routineAllowanceMs);
        }
        return st.lastTimestamp + allowed;
    }

    /** A duration of absence, never shorter than {@value #CADENCE_FACTOR} of the customer's reading intervals. */
    private static long absence(DetectorState st, long configuredMs) {
        return Math.max(configuredMs, (long) CADENCE_FACTOR * st.cadenceMs);
    }

    private Episode closeIfAbsent(
            String customer, AlertType type, Episode episode, long now, long closeAfter, Consumer<AlertEvent> out) {
        if (episode == null || now < episode.lastSeen + closeAfter) {
            return episode;
        }
        episode.revision++;
        out.accept(event(customer, type, episode, AlertStatus.CLOSED, episode.lastSeen));
        return null;
    }

    private void escalate(String customer, AlertType type, Episode episode, Consumer<AlertEvent> out) {
        Severity now = severity(episode.peak);
        if (now.compareTo(episode.severity) > 0) {
            episode.severity = now;
            episode.revision++;
            out.accept(event(customer, type, episode, AlertStatus.OPEN, null));
        }
    }

    private Severity severity(int peak) {
        return bands.classify(peak) == RiskLevel.CRITICAL ? Severity.CRITICAL : Severity.HIGH;
    }

    /** Of two readings, the one further outside the NORMAL band (the newer on a tie). */
    private int riskier(int newer, int older) {
        return outsideNormal(older) > outsideNormal(newer) ? older : newer;
    }

    private int outsideNormal(int bpm) {
        return Math.max(Math.max(bands.elevatedBelow() - bpm, bpm - bands.elevatedAbove()), 0);
    }

    /** Same customer, type and start: same id, so replays update the same row instead of adding one. */
    static String alertId(String customer, AlertType type, long start) {
        return UUID.nameUUIDFromBytes((customer + "/" + type + "/" + start).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private static AlertEvent event(String customer, AlertType type, Episode e, AlertStatus status, Long endedAt) {
        return new AlertEvent(
                alertId(customer, type, e.start),
                customer,
                type,
                e.severity,
                status,
                e.start,
                e.detectedAt,
                endedAt,
                type == AlertType.SIGNAL_LOST ? null : e.peak,
                e.readings,
                e.revision);
    }
}
