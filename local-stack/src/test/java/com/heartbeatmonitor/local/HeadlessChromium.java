package com.heartbeatmonitor.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Looks at pages the way a person would: Debian's headless Chromium, driven by puppeteer-core (pinned by the lock file
 * in src/test/browser) from a script that waits for what it needs on the page, not for a fixed render budget. (The
 * browser's own {@code --screenshot} with a virtual-time budget hung on the Flink web UI, which polls its REST API for
 * ever, on a loaded machine.)
 */
final class HeadlessChromium {

    private static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Path SCRIPTS = Path.of("src", "test", "browser");
    private static final ObjectMapper JSON = new ObjectMapper();

    private HeadlessChromium() {}

    /**
     * Fails, saying how to install it, when the browser is missing (a test that needs it cannot pass without), and
     * installs puppeteer-core as the lock file pins it (npm ci) once per checkout. Call it before minutes of work.
     */
    static void requireInstalled() throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: install Debian's Chromium (apt-get install"
                    + " chromium), as .ci/run does; the browser checks need a real browser");
        }
        if (Files.isDirectory(SCRIPTS.resolve("node_modules").resolve("puppeteer-core"))) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                .directory(SCRIPTS.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (npm.waitFor() != 0) {
            throw new IllegalStateException("npm ci in " + SCRIPTS + " failed (needs Node.js 20+ and npm):\n" + output);
        }
    }

    /**
     * Runs a script of src/test/browser with {@code environment}; returns the JSON line it printed last (what the
     * pages showed). Fails with the script's output when it exits non-zero or outlives {@code timeout}.
     */
    static JsonNode run(String script, Map<String, String> environment, Duration timeout, Path logDir)
            throws IOException, InterruptedException {
        Path log = Files.createDirectories(logDir).resolve(script + ".log");
        ProcessBuilder builder = new ProcessBuilder("node", script)
                .directory(SCRIPTS.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().put("CHROMIUM", BINARY.toString());
        Process node = builder.start();
        boolean finished = node.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            node.descendants().forEach(ProcessHandle::destroyForcibly);
            node.destroyForcibly().waitFor();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (!finished || node.exitValue() != 0) {
            throw new AssertionError("the browser script " + script
                    + (finished ? " failed" : " did not finish within " + timeout) + ":\n" + output);
        }
        return JSON.readTree(output.strip().lines().reduce((a, b) -> b).orElse(""));
    }
}
