package com.heartbeatmonitor.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

/**
 * The TaskManager JVMs' memory: their live heap (a full GC through jcmd, then the heap's used size,
 * summed) and a process's resident memory, which also holds what lives outside the heap (RocksDB's caches).
 */
public final class TaskManagerMemory {

    /**
     * What jcmd GC.heap_info says is in use: G1's one line (" garbage-first heap   total 524288K, used 81234K [...")
     * or one per generation with ParallelGC (" PSYoungGen total 153088K, used 1770K [...", " ParOldGen ...").
     */
    private static final Pattern USED = Pattern.compile("total\\s+\\d+K, used (\\d+)K");

    /** /proc/PID/status's resident set line, e.g. "VmRSS: 1234567 kB". */
    private static final Pattern RESIDENT = Pattern.compile("VmRSS:\\s+(\\d+) kB");

    private TaskManagerMemory() {}

    public static long liveHeapBytes(List<Long> pids) throws IOException, InterruptedException {
        long bytes = 0;
        for (long pid : pids) {
            bytes += liveHeapBytes(pid);
        }
        return bytes;
    }

    public static long residentBytes(List<Long> pids) throws IOException {
        long bytes = 0;
        for (long pid : pids) {
            bytes += residentBytes(pid);
        }
        return bytes;
    }

    public static long residentBytes(long pid) throws IOException {
        String status = Files.readString(Path.of("/proc", String.valueOf(pid), "status"));
        Matcher m = RESIDENT.matcher(status);
        if (!m.find()) {
            throw new IllegalStateException("no VmRSS in /proc/" + pid + "/status");
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    private static long liveHeapBytes(long pid) throws IOException, InterruptedException {
        Jcmd.run(pid, "GC.run");
        return usedBytes(Jcmd.run(pid, "GC.heap_info"));
    }

    /** The heap in use, from jcmd GC.heap_info's output: its one summary, or its generations summed. */
    static long usedBytes(String heapInfo) {
        long[] kilobytes = USED.matcher(heapInfo)
                .results()
                .mapToLong(used -> Long.parseLong(used.group(1)))
                .toArray();
        if (kilobytes.length == 0) {
            throw new IllegalStateException("no heap summary in jcmd GC.heap_info output:\n" + heapInfo);
        }
        return LongStream.of(kilobytes).sum() * 1024;
    }
}
