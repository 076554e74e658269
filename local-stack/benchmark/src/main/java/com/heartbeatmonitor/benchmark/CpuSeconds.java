package com.heartbeatmonitor.benchmark;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time used by the parts on this machine: the TaskManager JVMs together (and of that, their JIT compiler and
 * garbage collector threads: {@link JvmHelperThreads}), the PostgreSQL server the job writes to ({@link
 * PostgresProcesses}), and this JVM (the Kafka broker and the benchmark's polling). The difference of two
 * snapshots says which part a phase kept busy.
 */
record CpuSeconds(
        double taskManager,
        double taskManagerJit,
        double taskManagerGc,
        double postgres,
        double brokerAndBenchmark,
        @JsonIgnore Map<String, Double> helperThreads) {

    static CpuSeconds now(List<Long> taskManagerPids, PostgresProcesses postgres) {
        Map<String, Double> helpers = JvmHelperThreads.snapshot(taskManagerPids);
        return new CpuSeconds(
                taskManagerPids.stream()
                        .mapToDouble(pid -> seconds(ProcessHandle.of(pid).orElseThrow()))
                        .sum(),
                JvmHelperThreads.since(helpers, Map.of(), JvmHelperThreads.Kind.JIT),
                JvmHelperThreads.since(helpers, Map.of(), JvmHelperThreads.Kind.GC),
                postgres.now().mapToDouble(CpuSeconds::seconds).sum(),
                seconds(ProcessHandle.current()),
                helpers);
    }

    CpuSeconds since(CpuSeconds before) {
        return new CpuSeconds(
                taskManager - before.taskManager,
                JvmHelperThreads.since(helperThreads, before.helperThreads, JvmHelperThreads.Kind.JIT),
                JvmHelperThreads.since(helperThreads, before.helperThreads, JvmHelperThreads.Kind.GC),
                postgres - before.postgres,
                brokerAndBenchmark - before.brokerAndBenchmark,
                helperThreads);
    }

    /** The TaskManagers' CPU per event read, in microseconds: what a message costs the job. */
    double taskManagerMicrosPer(long events) {
        return taskManager * 1e6 / events;
    }

    /** The same without the JIT compiler's threads: what a message costs once the job's code is compiled. */
    double taskManagerCompiledMicrosPer(long events) {
        return (taskManager - taskManagerJit) * 1e6 / events;
    }

    /** PostgreSQL's CPU per row written, in microseconds: what a stored reading costs the database. */
    double postgresMicrosPer(long rows) {
        return postgres * 1e6 / rows;
    }

    Map<String, Double> asMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        map.put("TaskManager", centis(taskManager));
        map.put("of which its JIT compiler threads", centis(taskManagerJit));
        map.put("and its garbage collector threads", centis(taskManagerGc));
        map.put("PostgreSQL", centis(postgres));
        map.put("Kafka broker + benchmark", centis(brokerAndBenchmark));
        return map;
    }

    /** To the hundredth of a second, as /proc counts: a difference of two readings prints as 5.12, not 5.1199999. */
    private static double centis(double seconds) {
        return Math.round(seconds * 100) / 100.0;
    }

    private static double seconds(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(Duration.ZERO).toNanos() / 1e9;
    }
}
