package com.heartbeatmonitor.job.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.heartbeatmonitor.job.config.DetectionProfile;
import com.heartbeatmonitor.job.config.RiskBands;
import com.heartbeatmonitor.job.records.Activity;
import com.heartbeatmonitor.job.records.AlertEvent;
import com.heartbeatmonitor.job.records.AlertStatus;
import com.heartbeatmonitor.job.records.AlertType;
import com.heartbeatmonitor.job.records.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.LongToIntFunction;
import org.junit.jupiter.api.Test;

/** The default (wearable) profile on shapes of real life: exercise, sudden and slow tachycardia, sleep, gaps. */
class WearableDetectionTest {

    private static final long T0 = 1_763_683_200_000L; // a midnight UTC
    private static final long S = 1_000L;
    private static final long MIN = 60 * S;
    private static final long HOUR = 60 * MIN;

    private final EpisodeDetector detector =
            new EpisodeDetector(DetectionProfile.WEARABLE.settings(), RiskBands.DEFAULT);
    private final List<AlertEvent> alerts = new ArrayList<>();
    private DetectorState state = new DetectorState();

    @Test
    void anHourOfExerciseWithAGradualRiseIsNotAnAlert() {
        feed(0, 70 * MIN, S, t -> exercise(t, 10 * MIN, 55 * MIN, 150));
        assertThat(alerts).isEmpty();
    }

    @Test
    void exerciseLikeRiseHeldBeyondTheExertionBarIsAnAlert() {
        feed(0, 130 * MIN, S, t -> exercise(t, 10 * MIN, 120 * MIN, 150));
        assertThat(alerts)
                .extracting(AlertEvent::type, AlertEvent::status)
                .contains(tuple(AlertType.TACHYCARDIA, AlertStatus.OPEN));
        long detected = alerts.get(0).detectedAt() - T0;
        assertThat(detected).isBetween(100 * MIN, 103 * MIN); // 90 min after the smoothed rate passed 120
    }

    @Test
    void activityFromTheDeviceReplacesTheGuessFromTheRise() {
        // the same exercise-like rise: at rest it is the vendors' 10 minutes, active the exertion bar
        feed(0, 40 * MIN, S, t -> exercise(t, 10 * MIN, 35 * MIN, 140), t -> Activity.REST);
        assertThat(alerts).first().satisfies(a -> {
            assertThat(a.type()).isEqualTo(AlertType.TACHYCARDIA);
            assertThat(a.detectedAt() - a.startedAt()).isEqualTo(10 * MIN);
        });

        alerts.clear();
        state = new DetectorState();
        // a slow drift, which the rise would take for a resting tachycardia, while the device says active
        feed(
                0,
                80 * MIN,
                S,
                t -> (int) Math.round(t < 30 * MIN ? 70 + 65.0 * t / (30 * MIN) : 135),
                t -> Activity.ACTIVE);
        assertThat(alerts).isEmpty();
    }

    @Test
    void activityCountsWhenTheRunBegins() {
        // active when the rate crosses the threshold, then resting on: the run keeps the exertion bar
        feed(
                0,
                60 * MIN,
                5 * S,
                t -> exercise(t, 10 * MIN, 60 * MIN, 140),
                t -> t < 15 * MIN ? Activity.ACTIVE : Activity.SLEEP);
        assertThat(alerts).isEmpty();
    }

    @Test
    void abruptOnsetFromRestIsAnAlertWithinThreeMinutes() {
        feed(0, 30 * MIN, S, t -> t >= 10 * MIN && t < 20 * MIN ? 185 : 68);
        AlertEvent open = alerts.get(0);
        assertThat(open.type()).isEqualTo(AlertType.TACHYCARDIA);
        assertThat(open.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(open.detectedAt() - T0 - 10 * MIN).isBetween(2 * MIN, 3 * MIN);
        assertThat(alerts).extracting(AlertEvent::status).containsExactly(AlertStatus.OPEN, AlertStatus.CLOSED);
    }

    @Test
    void slowDriftToRestingTachycardiaIsAnAlertAfterTenMinutesAbove() {
        // 70 -> 135 bpm over 30 min, then 2 h at 135
        feed(0, 150 * MIN, S, t -> (int) Math.round(t < 30 * MIN ? 70 + 65.0 * t / (30 * MIN) : 135));
        AlertEvent open = alerts.get(0);
        assertThat(open.type()).isEqualTo(AlertType.TACHYCARDIA);
        assertThat(open.severity()).isEqualTo(Severity.HIGH);
        assertThat(open.detectedAt() - open.startedAt()).isEqualTo(10 * MIN);
    }

    @Test
    void aSparseDeviceKeepsOneEpisodeAndDoesNotLoseItsSignal() {
        // 15 s between readings, a resting tachycardia of an hour with one reading of 95 in it
        feed(0, 120 * MIN, 15 * S, t -> t == 60 * MIN ? 95 : t > 20 * MIN && t < 90 * MIN ? 135 : 72);
        assertThat(alerts)
                .extracting(AlertEvent::type, AlertEvent::status)
                .containsExactly(
                        tuple(AlertType.TACHYCARDIA, AlertStatus.OPEN),
                        tuple(AlertType.TACHYCARDIA, AlertStatus.CLOSED));
    }

    @Test
    void bradycardiaAwakeIsAnAlertButAFitSleeperInTheLowFortiesIsNot() {
        feed(0, 8 * HOUR, S, t -> 42 + (int) (t / S % 7) - 3); // 39-45 bpm all night
        assertThat(alerts).isEmpty();

        feed(8 * HOUR, 9 * HOUR, S, t -> t < 8 * HOUR + 20 * MIN ? 36 : 62);
        assertThat(alerts).extracting(AlertEvent::type).startsWith(AlertType.BRADYCARDIA);
        assertThat(alerts.get(0).detectedAt() - alerts.get(0).startedAt()).isEqualTo(10 * MIN);
    }

    @Test
    void exerciseAfterAWalkAndAnArtefactInTheWorkoutAreNotAnAlert() {
        // 15 min walking at 105, then 40 min running at 150 with an optical jump to 190 in the middle
        feed(
                0,
                70 * MIN,
                5 * S,
                t -> t == 40 * MIN
                        ? 190
                        : t < 10 * MIN ? 70 : t < 25 * MIN ? 105 : exercise(t - 15 * MIN, 10 * MIN, 50 * MIN, 150));
        assertThat(alerts).isEmpty();
    }

    @Test
    void anIsolatedArtefactIsNothing() {
        feed(0, 20 * MIN, 5 * S, t -> t == 10 * MIN ? 160 : t == 10 * MIN + 5 * S ? 40 : 75);
        assertThat(alerts).isEmpty();
    }

    @Test
    void nightlyOffWristIsRoutineButTheDeviceStoppingInTheDaytimeIsALostSignal() {
        for (int day = 0; day < 4; day++) {
            long midnight = day * 24 * HOUR;
            feed(midnight + 7 * HOUR, midnight + 23 * HOUR, 5 * S, t -> 70); // worn 07:00-23:00, off at night
        }
        assertThat(alerts)
                .as("off-wrist nights, the first one before anything is learned")
                .isEmpty();

        long day4 = 4 * 24 * HOUR;
        feed(day4 + 7 * HOUR + 20 * MIN, day4 + 14 * HOUR, 5 * S, t -> 70);
        detector.advance("c", state, T0 + day4 + 16 * HOUR, alerts::add); // silent since 14:00
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(AlertType.SIGNAL_LOST);
            assertThat(a.severity()).isEqualTo(Severity.WARNING);
            assertThat(a.detectedAt() - a.startedAt()).isEqualTo(2 * HOUR);
        });
    }

    @Test
    void offWristEveryThirdOrFourthNightBecomesRoutineButAStopInTheDaytimeStillAlerts() {
        // worn day and night for 30 days, but off from about 23:00 to 07:00 every 3rd or 4th night
        long day = 24 * HOUR;
        long worn = 0;
        int[] offNights = {2, 5, 9, 12, 16, 19, 23, 26}; // from the second night: the first day only learns
        for (int d : offNights) {
            long off = d * day - HOUR + (d % 3 - 1) * 20 * MIN; // bedtime varies by 20 min either way
            feed(worn, off, 15 * S, t -> 65);
            detector.advance("c", state, T0 + off + 8 * HOUR, alerts::add); // the watermark moves on
            worn = off + 8 * HOUR;
        }
        long stop = 28 * day + 14 * HOUR; // a device stopping at an hour it is never off
        feed(worn, stop, 15 * S, t -> 65);
        detector.advance("c", state, T0 + stop + 4 * HOUR, alerts::add);
        feed(stop + 4 * HOUR, 30 * day, 15 * S, t -> 65);

        List<AlertEvent> notices = alerts.stream()
                .filter(a -> a.type() == AlertType.SIGNAL_LOST && a.status() == AlertStatus.OPEN)
                .toList();
        assertThat(notices)
                .as("the first two off-wrist nights alert; from then on the habit is known")
                .hasSize(3)
                .last()
                .satisfies(a -> assertThat(a.startedAt()).isEqualTo(T0 + stop - 15 * S));
    }

    /** Readings every {@code step} ms of [from, to), offsets from T0, with the heart rate {@code bpm(offset)}. */
    private void feed(long from, long to, long step, LongToIntFunction bpm) {
        for (long t = from; t < to; t += step) {
            detector.advance("c", state, T0 + t, alerts::add);
            state = detector.onReading("c", state, T0 + t, bpm.applyAsInt(t), alerts::add);
        }
    }

    /** As {@link #feed(long, long, long, LongToIntFunction)}, each reading with the activity the device sent. */
    private void feed(long from, long to, long step, LongToIntFunction bpm, LongFunction<Activity> activity) {
        for (long t = from; t < to; t += step) {
            detector.advance("c", state, T0 + t, alerts::add);
            state = detector.onReading("c", state, T0 + t, bpm.applyAsInt(t), activity.apply(t), alerts::add);
        }
    }

    /** Rest at 70, then a climb to {@code peak} with a 60 s time constant, held, then a recovery. */
    private static int exercise(long t, long start, long end, int peak) {
        if (t < start) {
            return 70;
        }
        if (t < end) {
            return (int) Math.round(peak - (peak - 70) * Math.exp(-(t - start) / 60_000.0));
        }
        return (int) Math.round(70 + (peak - 70) * Math.exp(-(t - end) / 90_000.0));
    }
}
