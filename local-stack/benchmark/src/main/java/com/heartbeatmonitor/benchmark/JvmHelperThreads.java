package com.heartbeatmonitor.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of a JVM's own helper threads, read per thread from Linux's {@code /proc/<pid>/task/<tid>/stat}: the JIT
 * compiler threads ({@code C1 CompilerThread*}, {@code C2 CompilerThread*}) and the garbage collector's ({@code GC
 * Thread#*}, {@code G1 *}). A freshly submitted job compiles its code while it catches up, so these say how much of
 * a short catch-up's CPU is warming the JVM up rather than processing.
 */
final class JvmHelperThreads {

    enum Kind {
        JIT,
        GC
    }

    /** Clock ticks per second of {@code /proc}'s times (USER_HZ, 100 on Linux's every architecture's ABI). */
    private static final double TICKS_PER_SECOND = 100;
    /** {@code utime} and {@code stime}, fields 14 and 15 of the stat line: 11 and 12 from the state, after the name. */
    private static final int UTIME_AFTER_COMM = 11;

    private JvmHelperThreads() {}

    /** Seconds of CPU per helper thread, keyed by kind, pid and tid; empty where {@code /proc} is not there. */
    static Map<String, Double> snapshot(List<Long> pids) {
        Map<String, Double> threads = new HashMap<>();
        for (long pid : pids) {
            Path tasks = Path.of("/proc", Long.toString(pid), "task");
            try (Stream<Path> each = Files.list(tasks)) {
                each.forEach(task -> read(pid, task, threads));
            } catch (NoSuchFileException e) {
                // not Linux, or the JVM has gone: nothing to split
            } catch (IOException e) {
                throw new IllegalStateException("cannot list " + tasks, e);
            }
        }
        return threads;
    }

    /**
     * What the helper threads of {@code kind} used between two snapshots. A thread that ended in between is left out
     * (HotSpot stops idle compiler threads), so this is at least what they used.
     */
    static double since(Map<String, Double> after, Map<String, Double> before, Kind kind) {
        double seconds = 0;
        for (Map.Entry<String, Double> e : after.entrySet()) {
            if (e.getKey().startsWith(kind.name() + "/")) {
                seconds += e.getValue() - before.getOrDefault(e.getKey(), 0.0);
            }
        }
        return seconds;
    }

    private static void read(long pid, Path task, Map<String, Double> threads) {
        String stat;
        try {
            stat = Files.readString(task.resolve("stat"));
        } catch (IOException e) {
            return; // the thread ended while being listed
        }
        // pid (comm) state ...: the name may hold spaces and parentheses, so it ends at the last ')'.
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        String name = stat.substring(open + 1, close);
        Kind kind = kindOf(name);
        if (kind == null) {
            return;
        }
        String[] fields = stat.substring(close + 2).split(" ");
        double seconds = (Long.parseLong(fields[UTIME_AFTER_COMM]) + Long.parseLong(fields[UTIME_AFTER_COMM + 1]))
                / TICKS_PER_SECOND;
        threads.put(kind.name() + "/" + pid + "/" + task.getFileName(), seconds);
    }

    private static Kind kindOf(String threadName) {
        if (threadName.startsWith("C1 CompilerThre") || threadName.startsWith("C2 CompilerThre")) {
            return Kind.JIT;
        }
        if (threadName.startsWith("GC Thread#") || threadName.startsWith("G1 ")) {
            return Kind.GC;
        }
        return null;
    }
}
