package com.heartbeatmonitor.benchmark;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time used by the parts on this machine: the TaskManager JVMs together, the PostgreSQL server the job writes
 * to ({@link PostgresProcesses}), and this JVM (the Kafka broker and the benchmark's polling). The difference of two
 * snapshots says which part a phase kept busy.
 */
record CpuSeconds(double taskManager, double postgres, double brokerAndBenchmark) {

    static CpuSeconds now(List<Long> taskManagerPids, PostgresProcesses postgres) {
        return new CpuSeconds(
                taskManagerPids.stream()
                        .mapToDouble(pid -> seconds(ProcessHandle.of(pid).orElseThrow()))
                        .sum(),
                postgres.now().mapToDouble(CpuSeconds::seconds).sum(),
                seconds(ProcessHandle.current()));
    }

    CpuSeconds since(CpuSeconds before) {
        return new CpuSeconds(
                taskManager - before.taskManager,
                postgres - before.postgres,
                brokerAndBenchmark - before.brokerAndBenchmark);
    }

    /** The TaskManagers' CPU per event read, in microseconds: what a message costs the job. */
    double taskManagerMicrosPer(long events) {
        return taskManager * 1e6 / events;
    }

    /** PostgreSQL's CPU per row written, in microseconds: what a stored reading costs the database. */
    double postgresMicrosPer(long rows) {
        return postgres * 1e6 / rows;
    }

    Map<String, Double> asMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        map.put("TaskManager", taskManager);
        map.put("PostgreSQL", postgres);
        map.put("Kafka broker + benchmark", brokerAndBenchmark);
        return map;
    }

    private static double seconds(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(Duration.ZERO).toNanos() / 1e9;
    }
}
