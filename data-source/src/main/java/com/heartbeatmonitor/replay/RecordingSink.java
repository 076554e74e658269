package com.heartbeatmonitor.replay;

import java.nio.file.Path;
import java.time.Instant;

/** Where a parser puts what it read: readings, and lines it had to skip. */
interface RecordingSink {

    void reading(String person, Instant time, int heartRate);

    void problem(Path file, long line, String message);
}
