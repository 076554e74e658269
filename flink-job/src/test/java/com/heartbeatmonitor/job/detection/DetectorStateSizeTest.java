package com.heartbeatmonitor.job.detection;

import static org.assertj.core.api.Assertions.assertThat;

import com.heartbeatmonitor.job.config.DetectionSettings;
import com.heartbeatmonitor.job.config.RiskBands;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The serialized size of one customer's detection state, as documented in the README. */
class DetectorStateSizeTest {

    private static final long T0 = 1_763_720_000_000L;
    private final EpisodeDetector detector = new EpisodeDetector(DetectionSettings.DEFAULT, RiskBands.DEFAULT);

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

        int quietBytes = size(quiet);
        int busyBytes = size(busy);
        int silentBytes = size(silent);
        System.out.printf("detector state per customer: %d bytes (no episode), %d bytes (tachycardia and spike open),"
                + " %d bytes (signal lost)%n", quietBytes, busyBytes, silentBytes);
        assertThat(busy.tachycardia.episode).isNotNull();
        assertThat(busy.spike).isNotNull();
        assertThat(silent.signalLost).isNotNull();
        assertThat(quietBytes).isLessThanOrEqualTo(64);
        assertThat(Math.max(busyBytes, silentBytes)).isLessThanOrEqualTo(160);
    }

    private static int size(DetectorState state) throws Exception {
        TypeSerializer<DetectorState> serializer = TypeInformation.of(DetectorState.class)
                .createSerializer(new ExecutionConfig().getSerializerConfig());
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(state, out);
        return out.length();
    }
}
