package com.heartbeatmonitor.job.detection;

import static org.assertj.core.api.Assertions.assertThat;

import com.heartbeatmonitor.job.SerializedSize;
import com.heartbeatmonitor.job.config.DetectionProfile;
import com.heartbeatmonitor.job.config.RiskBands;
import org.junit.jupiter.api.Test;

/** The serialized size of one customer's detection state, as documented in the README. */
class DetectorStateSizeTest {

    private static final long T0 = 1_763_720_000_000L;
    private static final long HOUR = 3_600_000L;
    private final EpisodeDetector detector =
            new EpisodeDetector(DetectionProfile.CLINICAL.settings(), RiskBands.DEFAULT);
    private final EpisodeDetector wearable =
            new EpisodeDetector(DetectionProfile.WEARABLE.settings(), RiskBands.DEFAULT);

    @Test
    void stateOfACustomerIsAFewDozenBytesAndStaysSmallWithEpisodesOpen() throws Exception {
        DetectorState quiet = new DetectorState();
        for (int s = 0; s < 60; s++) {
            quiet = detector.onReading("c", quiet, T0 + s * 1000L, 70, a -> {});
        }

        // The most that is open at once: a rate episode and a spike (silence closes both before SIGNAL_LOST opens).
        DetectorState busy = new DetectorState();
        for (int s = 0; s < 40; s++) {
            busy = detector.onReading("c", busy, T0 + s * 1000L, s == 35 ? 170 : 125, a -> {});
        }
        DetectorState silent = detector.onReading("c", new DetectorState(), T0, 70, a -> {});
        detector.advance("c", silent, T0 + 40_000L, a -> {});

        // The default profile also keeps the hours of the customer's habitual silences, once it has seen one.
        DetectorState routine = new DetectorState();
        for (long t : new long[] {0, 60_000L, 9 * HOUR, 9 * HOUR + 60_000L}) {
            routine = wearable.onReading("c", routine, T0 + t, 70, a -> {});
        }

        // Above the tachycardia threshold the default profile also follows the rhythm (Rhythm).
        DetectorState fast = new DetectorState();
        for (int s = 0; s < 600; s++) {
            fast = wearable.onReading("c", fast, T0 + s * 1000L, s < 60 ? 70 : 140 + s % 7, a -> {});
        }

        int quietBytes = size(quiet);
        int busyBytes = size(busy);
        int silentBytes = size(silent);
        int routineBytes = size(routine);
        int fastBytes = size(fast);
        System.out.printf(
                "detector state per customer: %d bytes (no episode), %d bytes (tachycardia and spike open),"
                        + " %d bytes (signal lost), %d bytes (routine learned), %d bytes (rhythm followed)%n",
                quietBytes, busyBytes, silentBytes, routineBytes, fastBytes);
        assertThat(fast.rhythm).isNotNull();
        assertThat(quiet.rhythm).isNull();
        Rhythm rhythm = fast.rhythm;
        fast.rhythm = null;
        assertThat(fastBytes - size(fast)).as("the rhythm's part").isLessThanOrEqualTo(64);
        fast.rhythm = rhythm;
        assertThat(fastBytes).isLessThanOrEqualTo(288);
        assertThat(routine.routineStarts).isNotNull();
        assertThat(routineBytes).isLessThanOrEqualTo(quietBytes + 100);
        assertThat(busy.tachycardia.episode).isNotNull();
        assertThat(busy.spike).isNotNull();
        assertThat(silent.signalLost).isNotNull();
        assertThat(quietBytes).isLessThanOrEqualTo(176);
        assertThat(Math.max(busyBytes, silentBytes)).isLessThanOrEqualTo(256);
    }

    private static int size(DetectorState state) throws Exception {
        return SerializedSize.of(DetectorState.class, state);
    }
}
