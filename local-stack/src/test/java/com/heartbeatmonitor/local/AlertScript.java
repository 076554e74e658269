package com.heartbeatmonitor.local;

import com.heartbeatmonitor.generator.GeneratedMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Customers whose alerts open at HIGH and escalate to CRITICAL at known seconds, for the notification test, one
 * reading a second each, under the clinical profile (above 100 or below 50 bpm for 30 s opens an episode, the peak's
 * risk band gives the severity, 10 s without the condition closes it). Rates change by at most 35 bpm between
 * readings, so no SPIKE alert joins in. Two calm customers, one per partition, keep the watermark moving.
 *
 * <ul>
 *   <li>Four tachycardic patients, patient p shifted by 8p s: climbing from 75 to 130 bpm from second 20 (above 100
 *       from 22: the alert opens HIGH at 52), jumping to 165 at 70 (escalates to CRITICAL), calming down from 100 and
 *       closing at about 121.
 *   <li>Two bradycardic patients, shifted by 100 + 8b s: falling from 75 to 45 bpm (below 50 from second 2: opens
 *       HIGH at 32), 35 bpm from 50 (escalates to CRITICAL), recovering from 70 and closing at about 81.
 * </ul>
 */
record AlertScript(Instant start) {

    static final String[] DETECTION = UpgradeScript.DETECTION;
    static final String TACHY = "notify-tachy-";
    static final String BRADY = "notify-brady-";
    static final int TACHY_PATIENTS = 4;
    static final int BRADY_PATIENTS = 2;
    /** Every patient's alert opens once and escalates once: two notifications each. */
    static final int NOTIFICATIONS = 2 * (TACHY_PATIENTS + BRADY_PATIENTS);

    static final int END = 215;
    /** Every patient and the two calm customers send one reading a second. */
    static final int MESSAGES_PER_SECOND = TACHY_PATIENTS + BRADY_PATIENTS + 2;

    private static final int SHIFT = 8;
    private static final int BRADY_START = 100;
    private static final int CALM_BPM = 70;
    private static final int REST_BPM = 75;

    /** The messages of seconds {@code from} (inclusive) to {@code to} (exclusive), in the order to send. */
    List<RawProducer.Addressed> seconds(int from, int to) {
        List<RawProducer.Addressed> messages = new ArrayList<>();
        for (int second = from; second < to; second++) {
            for (int p = 0; p < TACHY_PATIENTS; p++) {
                messages.add(
                        new RawProducer.Addressed(p % 2, reading(TACHY + p, second, tachyBpm(second - SHIFT * p))));
            }
            for (int b = 0; b < BRADY_PATIENTS; b++) {
                messages.add(new RawProducer.Addressed(
                        b % 2, reading(BRADY + b, second, bradyBpm(second - BRADY_START - SHIFT * b))));
            }
            messages.add(new RawProducer.Addressed(0, reading("notify-calm-0", second, CALM_BPM)));
            messages.add(new RawProducer.Addressed(1, reading("notify-calm-1", second, CALM_BPM)));
        }
        return messages;
    }

    private static int tachyBpm(int s) {
        if (s < 20) {
            return REST_BPM;
        }
        if (s < 70) {
            return Math.min(130, REST_BPM + 10 * (s - 19));
        }
        if (s < 100) {
            return 165;
        }
        return Math.max(REST_BPM, 165 - 5 * (s - 99));
    }

    private static int bradyBpm(int s) {
        if (s < 0) {
            return REST_BPM;
        }
        if (s < 50) {
            return Math.max(45, REST_BPM - 10 * (s + 1));
        }
        if (s < 70) {
            return 35;
        }
        return Math.min(REST_BPM, 35 + 5 * (s - 69));
    }

    private GeneratedMessage reading(String customer, int second, int bpm) {
        return ScriptedReading.at(start, customer, second, bpm, null);
    }
}
