package com.heartbeatmonitor.local;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A savepoint script under the default {@code wearable} profile, one reading every 5 s, so the state holds what
 * that profile learns: the reading cadence, the smoothed rate, a routine silence, a sudden rise. Customer ids
 * begin with {@code prefix}.
 *
 * <p>The patient rests at 70 bpm for 10 min, takes the device off for 30 min (a silence of a routine's length,
 * shorter than the 2 h before SIGNAL_LOST), rests again for 5 min, then jumps to 140 bpm at second 2700: an abrupt
 * rise from rest, so the paroxysmal rule applies (the smoothed rate is above 120 from about second 2775, and after
 * 2 min more the episode is OPEN, at about 2895). The savepoint is taken at 3000. The rate stays at 140 until
 * 3300, then falls back to 70; the smoothed rate is below 120 from about 3320 and the episode closes 5 min later.
 * The calm customer on the other partition reads 70 bpm throughout, which keeps the watermark moving.
 */
record WearableUpgradeScript(Instant start, String prefix) implements SavepointScript {

    static final int CADENCE_S = 5;
    static final int SAVEPOINT_AT = 3000;
    static final int END = 3720;
    private static final int OFF_WRIST_FROM = 600;
    private static final int OFF_WRIST_UNTIL = 2400;
    private static final int JUMP_AT = 2700;
    private static final int RACING_UNTIL = 3300;
    private static final int RACING_BPM = 140;
    private static final int REST_BPM = 70;

    String calm() {
        return prefix + "-calm";
    }

    /** The default profile, named: the fixture must not change meaning when the default does. */
    @Override
    public String[] jobFlags() {
        return new String[] {"--detection-profile", "wearable"};
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
            if (second % CADENCE_S != 0) {
                continue;
            }
            if (second < OFF_WRIST_FROM || second >= OFF_WRIST_UNTIL) {
                int bpm = second >= JUMP_AT && second < RACING_UNTIL ? RACING_BPM : REST_BPM;
                messages.add(new RawProducer.Addressed(0, ScriptedReading.at(start, patient(), second, bpm, null)));
            }
            messages.add(new RawProducer.Addressed(1, ScriptedReading.at(start, calm(), second, REST_BPM, null)));
        }
        return messages;
    }
}
