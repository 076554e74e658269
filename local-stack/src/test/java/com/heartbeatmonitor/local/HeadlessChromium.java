package com.heartbeatmonitor.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Looks at a page the way a person would: Debian's Chromium, headless, JavaScript run to completion. */
final class HeadlessChromium {

    private static final Path BINARY = Path.of("/usr/bin/chromium");
    /** Virtual time the page gets to run its scripts (it does not wait for real time to pass). */
    private static final int RENDER_BUDGET_MS = 5_000;

    private static final int TIMEOUT_SECONDS = 45;
    /** A loaded CI machine has once left a render hanging; a second, fresh browser settles it. */
    private static final int ATTEMPTS = 2;

    private HeadlessChromium() {}

    /** Fails, saying how to install it, when the browser is missing: a test that needs it cannot pass without. */
    static void requireInstalled() {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: install Debian's Chromium (apt-get install"
                    + " chromium), as .ci/run does; the web UI check needs a real browser");
        }
    }

    /** The DOM after the page's scripts ran. */
    static String renderedDom(String url, Path profileDir) throws IOException, InterruptedException {
        return run(profileDir, List.of("--dump-dom", url));
    }

    static void screenshot(String url, Path png, Path profileDir) throws IOException, InterruptedException {
        run(profileDir, List.of("--window-size=1400,900", "--screenshot=" + png.toAbsolutePath(), url));
        if (!Files.exists(png)) {
            throw new IllegalStateException("chromium wrote no screenshot of " + url);
        }
    }

    private static String run(Path profileDir, List<String> args) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return runOnce(profileDir, args);
            } catch (IllegalStateException hung) {
                if (attempt == ATTEMPTS) {
                    throw hung;
                }
                System.out.println(hung.getMessage() + "; trying once more");
            }
        }
    }

    private static String runOnce(Path profileDir, List<String> args) throws IOException, InterruptedException {
        // A fresh profile per browser: a second Chromium on a profile whose previous owner is still shutting
        // down hands its URL to that process and waits on it.
        Path profile = Files.createTempDirectory(Files.createDirectories(profileDir), "profile");
        List<String> command = new ArrayList<>(List.of(
                BINARY.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--no-first-run",
                "--user-data-dir=" + profile.toAbsolutePath(),
                "--virtual-time-budget=" + RENDER_BUDGET_MS));
        command.addAll(args);
        Path output = profile.resolve("stdout.html");
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectOutput(output.toFile())
                .start();
        // A page that keeps the network busy can hold virtual time still: never wait for ever.
        boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        if (!finished) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("chromium did not finish within " + TIMEOUT_SECONDS + " s on " + args);
        }
        return Files.readString(output, StandardCharsets.UTF_8);
    }
}
