package com.heartbeatmonitor.replay;

import com.heartbeatmonitor.generator.Activity;
import java.time.Instant;

/**
 * One recorded heart-rate reading: whose it is (the person id of the recording, e.g. {@code S01} or a
 * Fitbit user id), when it was recorded (millisecond precision), and the rate in bpm rounded to the
 * nearest integer (halves up). The rate is as recorded: it may lie outside what the job accepts.
 * {@code activity} is what the recording says the person was doing, null when it does not say.
 */
public record Reading(String person, Instant time, int heartRate, Activity activity) {

    /** A reading without activity. */
    public Reading(String person, Instant time, int heartRate) {
        this(person, time, heartRate, null);
    }
}
