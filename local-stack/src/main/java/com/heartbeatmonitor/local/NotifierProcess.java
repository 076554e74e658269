package com.heartbeatmonitor.local;

import com.heartbeatmonitor.notifier.NotifierMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The notifier in a JVM of its own, as compose runs it ({@code java -jar heartbeat-notifier.jar}, every setting
 * from the environment), so it can be killed with SIGKILL: this JVM's classpath holds the notifier and its
 * dependencies. Each start logs to {@code notifier-N.log} in the log directory.
 */
final class NotifierProcess implements AutoCloseable {

    private final Map<String, String> environment;
    private final Path logDir;
    private Process process;
    private int starts;

    NotifierProcess(Map<String, String> environment, Path logDir) {
        this.environment = Map.copyOf(environment);
        this.logDir = logDir;
    }

    synchronized void start() throws IOException {
        starts++;
        Files.createDirectories(logDir);
        process = JavaProcess.start(
                List.of("-cp", System.getProperty("java.class.path"), NotifierMain.class.getName()),
                environment,
                logDir.resolve("notifier-" + starts + ".log"));
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no shutdown hook, deliveries in flight cut off. */
    synchronized void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    synchronized int starts() {
        return starts;
    }

    @Override
    public synchronized void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            JavaProcess.stop(process);
        }
    }
}
