package com.heartbeatmonitor.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A short-lived command run to completion: its output (stderr merged) or a failure that shows it. */
public final class ExternalCommand {

    private ExternalCommand() {}

    /**
     * Runs {@code command} with {@code environment} added to this process's; fails, with the output, when
     * it exits non-zero or outlives {@code timeout}. {@code what} names it in that message.
     */
    public static String run(String what, List<String> command, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(what + " failed:\n" + output);
        }
        return output;
    }
}
