package com.heartbeatmonitor.benchmark;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The TaskManager JVMs' live heap: a full GC through jcmd, then the heap's used size, summed. */
final class TaskManagerMemory {

    /** jcmd GC.heap_info's summary line, e.g. " garbage-first heap   total 524288K, used 81234K [...". */
    private static final Pattern USED = Pattern.compile("heap\\s+total\\s+\\d+K, used (\\d+)K");

    private TaskManagerMemory() {}

    static long liveHeapBytes(List<Long> pids) throws IOException, InterruptedException {
        long bytes = 0;
        for (long pid : pids) {
            bytes += liveHeapBytes(pid);
        }
        return bytes;
    }

    private static long liveHeapBytes(long pid) throws IOException, InterruptedException {
        Jcmd.run(pid, "GC.run");
        String info = Jcmd.run(pid, "GC.heap_info");
        Matcher m = USED.matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("no heap summary in jcmd GC.heap_info output:\n" + info);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }
}
