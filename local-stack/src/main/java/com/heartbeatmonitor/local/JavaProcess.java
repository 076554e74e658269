package com.heartbeatmonitor.local;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Java program the runner starts in a JVM of its own (the notifier, the care console): this JVM's java, a small
 * heap, settings through the environment only (passwords included, never arguments), output to a log file.
 */
final class JavaProcess {

    /** Both programs run in far less; a bound keeps a leak from taking the machine's memory. */
    private static final String HEAP = "-Xmx256m";
    /** How long a graceful stop may take before SIGKILL. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private JavaProcess() {}

    /** Starts {@code java -Xmx256m arguments...} with {@code environment} added to this process's. */
    static Process start(List<String> arguments, Map<String, String> environment, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(HEAP);
        command.addAll(arguments);
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** SIGTERM (its shutdown hooks run), then SIGKILL if it has not exited within the stop timeout. */
    static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
