package com.heartbeatmonitor.local;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The care console ({@code console/target/heartbeat-console.jar}) as a process of its own, as compose runs it: its
 * Spring Boot classpath never meets the job's Flink one. Settings reach it through its environment only (passwords
 * included, never arguments); its output goes to a log file. {@link #start} returns once it answers on its sign-in
 * page; {@link #close} stops it. Used by {@code run-local.sh} and by ConsoleIT.
 */
public final class ConsoleProcess implements AutoCloseable {

    /** Where the build puts the console's executable jar, from the repository root. */
    public static final Path JAR = Path.of("console", "target", "heartbeat-console.jar");
    /** A Spring Boot start on two busy cores has taken 20 s; a minute is a broken console, not a slow one. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private static final int POLL_MILLIS = 500;

    private final Process process;
    private final String url;
    private final Path log;

    private ConsoleProcess(Process process, String url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /**
     * Starts {@code java -jar jar} with {@code environment} added to this process's, waits for {@code url}'s sign-in
     * page, and throws {@link IllegalStateException} with the log's tail when it exits or does not answer in time.
     */
    public static ConsoleProcess start(Path jar, Map<String, String> environment, String url, Path log)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: build it with mvn -B -DskipTests"
                    + " package (the console module)");
        }
        Files.createDirectories(log.toAbsolutePath().getParent());
        ConsoleProcess console = new ConsoleProcess(
                JavaProcess.start(List.of("-jar", jar.toAbsolutePath().toString()), environment, log), url, log);
        try {
            console.awaitSignInPage();
        } catch (IOException | InterruptedException | RuntimeException e) {
            console.close();
            throw e;
        }
        return console;
    }

    /** The console's address, ending with a slash. */
    public String url() {
        return url;
    }

    private void awaitSignInPage() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the console exited with " + process.exitValue() + ":\n" + tail());
            }
            if (answers()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the console did not answer on " + url + "login within "
                        + START_TIMEOUT.toSeconds() + " s:\n" + tail());
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private boolean answers() {
        try {
            HttpURLConnection connection =
                    (HttpURLConnection) URI.create(url + "login").toURL().openConnection();
            connection.setConnectTimeout(POLL_MILLIS);
            connection.setReadTimeout(POLL_MILLIS * 4);
            try {
                return connection.getResponseCode() == HttpURLConnection.HTTP_OK;
            } finally {
                connection.disconnect();
            }
        } catch (IOException notYet) {
            return false;
        }
    }

    /** The last lines of its log, for a failure message. */
    String tail() throws IOException {
        var lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    @Override
    public void close() throws InterruptedException {
        JavaProcess.stop(process);
    }
}
