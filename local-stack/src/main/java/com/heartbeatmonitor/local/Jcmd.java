package com.heartbeatmonitor.local;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The JDK's jcmd against another JVM on this machine, e.g. the TaskManager. */
public final class Jcmd {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Jcmd() {}

    /** Runs {@code jcmd <pid> <command...>} and returns its output; fails with that output if jcmd does. */
    public static String run(long pid, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid)));
        cmd.addAll(List.of(command));
        return ExternalCommand.run(String.join(" ", cmd), cmd, Map.of(), TIMEOUT);
    }
}
