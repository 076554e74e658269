package com.heartbeatmonitor.benchmark;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.heartbeatmonitor.local.FlinkRest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One benchmark run's figures, the targets' ratios, and their JSON and markdown forms. A scenario that
 * was not run is null, and the targets that need it are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record BenchmarkReport(
        String date,
        String machine,
        Wide wide,
        LongHistories longHistories,
        Outage outage,
        Latency latency,
        Backends backends,
        String jobArgs) {

    /** Many customers with short histories: the job against COPY, Kafka and the SQL peer; memory; latency. */
    record Wide(
            long events,
            int customers,
            GeneratorLoad.Result generator,
            TopicReader.Result kafkaConsumer,
            CopyCeiling.Result copy,
            CatchUp.Result pipeline,
            CatchUp.Result sqlPeer,
            LatencyRun.Result latency,
            long idleHeapBytes,
            long liveHeapBytes,
            long checkpointBytes,
            CpuSeconds pipelineCpu,
            Map<String, Double> pipelineProfile) {

        @JsonProperty
        double pipelinePerSecond() {
            return pipeline.perSecond();
        }

        @JsonProperty
        double pipelineOverCopy() {
            return pipelinePerSecond() / copy.perSecond();
        }

        @JsonProperty
        double pipelineOverPeer() {
            return pipelinePerSecond() / sqlPeer.perSecond();
        }

        @JsonProperty
        double generatorOverPipeline() {
            return generator.perSecond() / pipelinePerSecond();
        }

        @JsonProperty
        double taskManagerMicrosPerEvent() {
            return pipelineCpu.taskManager() * 1e6 / pipeline.messages();
        }
    }

    /** A few customers with long histories, pre-loaded: the same catch-up as wide. */
    record LongHistories(
            int customers,
            long readingsPerCustomer,
            GeneratorLoad.Result generator,
            CatchUp.Result catchUp,
            CpuSeconds cpu,
            Map<String, Double> profile) {

        @JsonProperty
        double taskManagerMicrosPerEvent() {
            return cpu.taskManager() * 1e6 / catchUp.messages();
        }
    }

    /** Stop with savepoint, outage, resume, on a steady stream. */
    record Outage(String detectionProfile, int customers, OutageRun.Result result) {}

    /** Consecutive latency runs on a steady stream. */
    record Latency(String detectionProfile, int customers, long outOfOrdernessMillis, LatencyRun.Result result) {

        @JsonProperty
        double alertTargetMillis() {
            return outOfOrdernessMillis + ALERT_OVER_BOUND_MILLIS;
        }
    }

    /** The same pre-load caught up on each state backend; the first run is the ratios' base. */
    record Backends(int customers, int readingsPerCustomer, String taskManagerMemory, List<BackendRun> runs) {}

    /**
     * One backend's catch-up, the first checkpoint after it (all customers in the state) and the
     * TaskManager's live heap and resident memory then. {@code reported} is the backend Flink ran.
     */
    record BackendRun(
            String backend,
            String reported,
            String managedFraction,
            CatchUp.Result catchUp,
            CpuSeconds cpu,
            Map<String, Double> profile,
            FlinkRest.Checkpoint checkpoint,
            long liveHeapBytes,
            long residentBytes) {

        @JsonProperty
        double taskManagerMicrosPerEvent() {
            return cpu.taskManager() * 1e6 / catchUp.messages();
        }
    }

    /** One line of the table; {@code met} is null when the line has no target. */
    record Row(String measure, String figure, String ratio, String target, Boolean met) {}

    // Targets of the issue "Catch-up cost linear in the backlog", as ratios measured in one run.
    static final double PIPELINE_OVER_COPY = 0.6;
    static final double LONG_OVER_WIDE = 0.8;
    static final double TASK_MANAGER_MICROS_PER_EVENT = 20;
    static final double ROW_P99_MILLIS = 500;
    static final double ALERT_OVER_BOUND_MILLIS = 1_000;
    // Earlier targets of the wide scenario.
    static final double PIPELINE_OVER_PEER = 1.5;
    static final double WIDE_LATENCY_P99_MILLIS = 1_000;
    static final double GENERATOR_OVER_PIPELINE = 4;

    @JsonProperty
    List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        if (wide != null) {
            wideRows(rows);
        }
        if (longHistories != null) {
            longRows(rows);
        }
        if (outage != null) {
            outageRows(rows);
        }
        if (latency != null) {
            latencyRows(rows);
        }
        if (backends != null) {
            backendRows(rows);
        }
        return rows;
    }

    @JsonProperty
    boolean targetsMet() {
        return rows().stream().allMatch(row -> row.met() == null || row.met());
    }

    private void wideRows(List<Row> rows) {
        Wide w = wide;
        rows.add(new Row(
                String.format(
                        Locale.ROOT,
                        "Pipeline catch-up, wide: %,d events (%,d invalid) over %,d customers"
                                + " (generator -> Kafka -> job -> PostgreSQL, all accounted)",
                        w.events(),
                        w.generator().invalid(),
                        w.customers()),
                rate(w.pipelinePerSecond(), "events/s"),
                "1",
                "",
                null));
        rows.add(new Row(
                "PostgreSQL COPY into an empty heartbeats (same indexes and trigger): ceiling",
                rate(w.copy().perSecond(), "rows/s"),
                ratio(w.pipelineOverCopy()),
                ">= " + PIPELINE_OVER_COPY,
                w.pipelineOverCopy() >= PIPELINE_OVER_COPY));
        rows.add(new Row(
                "Plain Kafka consumer, same topic: ceiling",
                rate(w.kafkaConsumer().perSecond(), "msgs/s"),
                ratio(w.pipelinePerSecond() / w.kafkaConsumer().perSecond()),
                "",
                null));
        rows.add(new Row(
                String.format(
                        Locale.ROOT,
                        "Flink SQL peer (Kafka JSON table -> filter -> JDBC upsert table),"
                                + " same cluster, %,d messages",
                        w.sqlPeer().messages()),
                rate(w.sqlPeer().perSecond(), "events/s"),
                ratio(w.pipelineOverPeer()),
                ">= " + PIPELINE_OVER_PEER,
                w.pipelineOverPeer() >= PIPELINE_OVER_PEER));
        rows.add(new Row(
                "Generator into Kafka (acks=all, lz4)",
                rate(w.generator().perSecond(), "events/s"),
                ratio(w.generatorOverPipeline()) + " x pipeline",
                ">= " + (int) GENERATOR_OVER_PIPELINE,
                w.generatorOverPipeline() >= GENERATOR_OVER_PIPELINE));
        Percentiles latency = w.latency().eventToRow();
        rows.add(new Row(
                String.format(
                        Locale.ROOT,
                        "Latency at %,.0f events/s, %,d messages: p50 / p95 / p99 / max",
                        w.latency().rate(),
                        latency.count()),
                latency.format(),
                "",
                String.format(Locale.ROOT, "p99 <= %,.0f ms", WIDE_LATENCY_P99_MILLIS),
                latency.p99AtMost(WIDE_LATENCY_P99_MILLIS)));
        rows.add(new Row(
                String.format(
                        Locale.ROOT,
                        "TaskManager live heap after full GC, %,d customers (idle before the job)",
                        w.customers()),
                String.format(Locale.ROOT, "%,.0f MB (%,.0f MB)", w.liveHeapBytes() / 1e6, w.idleHeapBytes() / 1e6),
                "",
                "",
                null));
        rows.add(new Row(
                "Checkpointed state, same moment",
                String.format(
                        Locale.ROOT,
                        "%,.1f MB (%,.0f B per customer)",
                        w.checkpointBytes() / 1e6,
                        (double) w.checkpointBytes() / w.customers()),
                "",
                "",
                null));
        rows.add(new Row(
                "TaskManager CPU per event, wide catch-up",
                micros(w.taskManagerMicrosPerEvent(), w.pipelineCpu()),
                "",
                String.format(Locale.ROOT, "<= %.0f us", TASK_MANAGER_MICROS_PER_EVENT),
                w.taskManagerMicrosPerEvent() <= TASK_MANAGER_MICROS_PER_EVENT));
    }

    private void longRows(List<Row> rows) {
        LongHistories l = longHistories;
        String measure = String.format(
                Locale.ROOT,
                "Pipeline catch-up, long histories: %,d customers x %,d readings"
                        + " 1 s apart (%,d invalid), pre-loaded (all accounted)",
                l.customers(),
                l.readingsPerCustomer(),
                l.generator().invalid());
        String figure = rate(l.catchUp().perSecond(), "events/s");
        if (wide == null) {
            rows.add(new Row(
                    measure, figure, "", String.format(Locale.ROOT, ">= %.1f x wide: not run", LONG_OVER_WIDE), null));
        } else {
            double overWide = l.catchUp().perSecond() / wide.pipelinePerSecond();
            rows.add(new Row(
                    measure,
                    figure,
                    ratio(overWide) + " x wide",
                    String.format(Locale.ROOT, ">= %.1f x wide", LONG_OVER_WIDE),
                    overWide >= LONG_OVER_WIDE));
        }
        rows.add(new Row(
                "TaskManager CPU per event, long-histories catch-up",
                micros(l.taskManagerMicrosPerEvent(), l.cpu()),
                wide == null ? "" : ratio(l.taskManagerMicrosPerEvent() / wide.taskManagerMicrosPerEvent()) + " x wide",
                "",
                null));
    }

    private void outageRows(List<Row> rows) {
        OutageRun.Result o = outage.result();
        rows.add(new Row(
                String.format(
                        Locale.ROOT,
                        "After an outage: job stopped with a savepoint for %.0f s at %,.0f events/s"
                                + " (%s detection, %,d customers), resumed: time until all %,d messages produced "
                                + "up to the restart are accounted (backlog %,d)",
                        o.outageSeconds(),
                        o.rate(),
                        outage.detectionProfile(),
                        outage.customers(),
                        o.catchUp().messages(),
                        o.backlog()),
                String.format(
                        Locale.ROOT, "%,.1f s (%,.0f events/s)", o.catchUp().seconds(), o.backlogPerSecond()),
                "",
                "",
                null));
        rows.add(new Row(
                String.format(
                        Locale.ROOT,
                        "Alert latency during that catch-up, %,d alerts sent from the restart"
                                + " until caught up (from their completing reading): p50 / p95 / p99 / max",
                        o.alertLatency().count()),
                o.alertLatency().format(),
                "",
                "",
                null));
    }

    private void latencyRows(List<Row> rows) {
        List<LatencyRun.Run> runs = latency.result().runs();
        for (int i = 0; i < runs.size(); i++) {
            LatencyRun.Run run = runs.get(i);
            String prefix = String.format(
                    Locale.ROOT,
                    "Latency run %d of %d at %,.0f events/s (%s detection, %,d customers)",
                    i + 1,
                    runs.size(),
                    latency.result().rate(),
                    latency.detectionProfile(),
                    latency.customers());
            rows.add(new Row(
                    String.format(
                            Locale.ROOT,
                            "%s, %,d messages: event -> row p50 / p95 / p99 / max",
                            prefix,
                            run.eventToRow().count()),
                    run.eventToRow().format(),
                    "",
                    String.format(Locale.ROOT, "p99 <= %,.0f ms", ROW_P99_MILLIS),
                    run.eventToRow().p99AtMost(ROW_P99_MILLIS)));
            rows.add(new Row(
                    String.format(
                            Locale.ROOT,
                            "%s, %,d alerts: event -> alert p50 / p95 / p99 / max",
                            prefix,
                            run.eventToAlert().count()),
                    run.eventToAlert().format(),
                    "",
                    String.format(
                            Locale.ROOT,
                            "p99 <= %,.0f ms (out-of-orderness %,d ms + 1 s)",
                            latency.alertTargetMillis(),
                            latency.outOfOrdernessMillis()),
                    run.eventToAlert().p99AtMost(latency.alertTargetMillis())));
        }
    }

    private void backendRows(List<Row> rows) {
        BackendRun base = backends.runs().get(0);
        for (BackendRun run : backends.runs()) {
            String prefix = String.format(
                    Locale.ROOT,
                    "State backend %s (%s; TaskManager %s, managed fraction %s)",
                    run.backend(),
                    run.reported(),
                    backends.taskManagerMemory(),
                    run.managedFraction());
            rows.add(new Row(
                    String.format(
                            Locale.ROOT,
                            "%s: catch-up of %,d customers x %,d readings (%,d messages, all accounted)",
                            prefix,
                            backends.customers(),
                            backends.readingsPerCustomer(),
                            run.catchUp().messages()),
                    rate(run.catchUp().perSecond(), "events/s"),
                    ratio(run.catchUp().perSecond() / base.catchUp().perSecond()),
                    "",
                    null));
            rows.add(new Row(
                    prefix + ": TaskManager CPU per event",
                    micros(run.taskManagerMicrosPerEvent(), run.cpu()),
                    ratio(run.taskManagerMicrosPerEvent() / base.taskManagerMicrosPerEvent()),
                    "",
                    null));
            FlinkRest.Checkpoint c = run.checkpoint();
            rows.add(new Row(
                    prefix + ": first checkpoint after the catch-up: state size (per customer), written, duration",
                    String.format(
                            Locale.ROOT,
                            "%,.1f MB (%,.0f B), %,.1f MB, %,d ms",
                            c.stateSize() / 1e6,
                            (double) c.stateSize() / backends.customers(),
                            c.checkpointedSize() / 1e6,
                            c.durationMillis()),
                    ratio((double) c.stateSize() / base.checkpoint().stateSize()),
                    "",
                    null));
            rows.add(new Row(
                    prefix + ": TaskManager live heap after full GC, resident memory",
                    String.format(
                            Locale.ROOT, "%,.0f MB, %,.0f MB", run.liveHeapBytes() / 1e6, run.residentBytes() / 1e6),
                    ratio((double) run.liveHeapBytes() / base.liveHeapBytes()) + " heap",
                    "",
                    null));
        }
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Benchmark of %s on %s.%n%n", date, machine));
        md.append("| measure | figure | ratio | target |\n|---|---:|---:|---|\n");
        for (Row row : rows()) {
            String target = row.met() == null ? row.target() : row.target() + (row.met() ? ": met" : ": **missed**");
            md.append("| ")
                    .append(row.measure())
                    .append(" | ")
                    .append(row.figure())
                    .append(" | ")
                    .append(row.ratio())
                    .append(" | ")
                    .append(target)
                    .append(" |\n");
        }
        if (wide != null) {
            cpu(md, "wide", wide.pipeline(), wide.pipelineCpu(), wide.pipelineProfile());
        }
        if (longHistories != null) {
            cpu(md, "long-histories", longHistories.catchUp(), longHistories.cpu(), longHistories.profile());
        }
        if (backends != null) {
            for (BackendRun run : backends.runs()) {
                cpu(md, run.backend() + " backend", run.catchUp(), run.cpu(), run.profile());
            }
        }
        if (latency != null) {
            long unmatched = latency.result().runs().stream()
                    .mapToLong(LatencyRun.Run::unmatchedAlerts)
                    .max()
                    .orElse(0);
            if (unmatched > 0) {
                md.append(String.format(
                        Locale.ROOT, "%n%,d alerts named no reading that was sent (left out).%n", unmatched));
            }
        }
        if (!jobArgs.isBlank()) {
            md.append("\nExtra job flags: `").append(jobArgs).append("`\n");
        }
        return md.toString();
    }

    private void cpu(
            StringBuilder md, String scenario, CatchUp.Result catchUp, CpuSeconds cpu, Map<String, Double> profile) {
        md.append(String.format(
                Locale.ROOT,
                "%nCPU seconds during the %s catch-up (%.1f s on %s): %s.%n",
                scenario,
                catchUp.seconds(),
                machine,
                cpu.asMap().entrySet().stream()
                        .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", "))));
        md.append(String.format(
                Locale.ROOT,
                "%nWhere the TaskManager's CPU went during the %s catch-up (JFR execution" + " samples):%n%n",
                scenario));
        profile.forEach((part, share) -> md.append(String.format(Locale.ROOT, "- %4.1f%% %s%n", share * 100, part)));
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve("results.json").toFile(), this);
        Files.writeString(dir.resolve("results.md"), markdown());
    }

    private static String rate(double perSecond, String unit) {
        return String.format(Locale.ROOT, "%,.0f %s", perSecond, unit);
    }

    private static String ratio(double ratio) {
        return String.format(Locale.ROOT, "%.2f", ratio);
    }

    private static String micros(double perEvent, CpuSeconds cpu) {
        return String.format(Locale.ROOT, "%.1f us/event (%.1f CPU s)", perEvent, cpu.taskManager());
    }
}
