package com.heartbeatmonitor.replay;

import java.nio.file.Path;

/** A line of a recording that could not be read, and why; the line is skipped, the rest is read. */
public record ParseProblem(Path file, long line, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
