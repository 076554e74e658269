package com.heartbeatmonitor.local.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The JDK's jcmd against another JVM on this machine, e.g. the TaskManager. */
final class Jcmd {

    private Jcmd() {}

    /** Runs {@code jcmd <pid> <command...>} and returns its output; fails with that output if jcmd does. */
    static String run(long pid, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid)));
        cmd.addAll(List.of(command));
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + output);
        }
        return output;
    }
}
