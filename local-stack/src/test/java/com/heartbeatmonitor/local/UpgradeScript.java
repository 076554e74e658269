package com.heartbeatmonitor.local;

import com.heartbeatmonitor.generator.GeneratedMessage;
import com.heartbeatmonitor.generator.InvalidKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Two customers, one reading a second each, for the savepoint tests; their ids begin with {@code prefix}, so
 * several scripts can share a database. The patient's heart races at 150 bpm
 * from the start, long enough to open a TACHYCARDIA episode before the savepoint at second 40, goes on
 * racing after it, then calms down 5 bpm a second (too slowly to be a spike) and stays at 70, so the
 * episode closes once the watermark has passed ten calm seconds. The other customer stays calm on the
 * other partition, which keeps the watermark moving. Two out-of-range readings are mixed in, one each side.
 */
record UpgradeScript(Instant start, String prefix) implements SavepointScript {

    /** The script's episode follows the clinical profile's rules (above 100 bpm for 30 s, closed after 10 s). */
    static final String[] DETECTION = {"--detection-profile", "clinical"};

    static final int SAVEPOINT_AT = 40;
    static final int END = 121;
    private static final int RACING_UNTIL = 70;
    private static final int RACING_BPM = 150;
    private static final int CALM_BPM = 70;
    private static final int CALMING_PER_SECOND = 5;
    private static final int TACHYCARDIA_ABOVE = 100;
    private static final int OUT_OF_RANGE_BPM = 999;
    private static final List<Integer> INVALID_AT = List.of(10, 60);
    /** Readings above 100 bpm: seconds 0..69 at 150, then 145 down to 105. */
    static final int READINGS_ABOVE = RACING_UNTIL + (RACING_BPM - TACHYCARDIA_ABOVE) / CALMING_PER_SECOND - 1;

    String calm() {
        return prefix + "-calm";
    }

    @Override
    public String[] jobFlags() {
        return DETECTION.clone();
    }

    @Override
    public int savepointAt() {
        return SAVEPOINT_AT;
    }

    @Override
    public int end() {
        return END;
    }

    @Override
    public List<RawProducer.Addressed> seconds(int from, int to) {
        List<RawProducer.Addressed> messages = new ArrayList<>();
        for (int second = from; second < to; second++) {
            messages.add(new RawProducer.Addressed(0, reading(patient(), second, patientBpm(second))));
            messages.add(new RawProducer.Addressed(1, reading(calm(), second, CALM_BPM)));
            if (INVALID_AT.contains(second)) {
                messages.add(new RawProducer.Addressed(1, reading(calm() + "-device-fault", second, OUT_OF_RANGE_BPM)));
            }
        }
        return messages;
    }

    private static int patientBpm(int second) {
        return second < RACING_UNTIL
                ? RACING_BPM
                : Math.max(CALM_BPM, RACING_BPM - CALMING_PER_SECOND * (second - RACING_UNTIL + 1));
    }

    private GeneratedMessage reading(String customer, int second, int bpm) {
        return ScriptedReading.at(
                start, customer, second, bpm, bpm == OUT_OF_RANGE_BPM ? InvalidKind.HEART_RATE_OUT_OF_RANGE : null);
    }
}
