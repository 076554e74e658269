package com.heartbeatmonitor.replay;

import com.heartbeatmonitor.generator.Activity;
import java.nio.file.Path;
import java.time.Instant;

/** Where a parser puts what it read: readings, and lines it had to skip. */
interface RecordingSink {

    /** A reading; {@code activity} null when the recording does not say. */
    void reading(String person, Instant time, int heartRate, Activity activity);

    /** A reading of a format without activity. */
    default void reading(String person, Instant time, int heartRate) {
        reading(person, time, heartRate, null);
    }

    void problem(Path file, long line, String message);
}
