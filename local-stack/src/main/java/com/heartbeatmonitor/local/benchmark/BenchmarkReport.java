package com.heartbeatmonitor.local.benchmark;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** One benchmark run's figures, the targets' ratios, and their JSON and markdown forms. */
record BenchmarkReport(
        String date,
        String machine,
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
        Map<String, Double> pipelineProfile,
        String jobArgs) {

    static final double PIPELINE_OVER_COPY = 0.5;
    static final double PIPELINE_OVER_PEER = 1.5;
    static final double P99_MILLIS = 1_000;
    static final double GENERATOR_OVER_PIPELINE = 4;

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
    boolean targetsMet() {
        return pipelineOverCopy() >= PIPELINE_OVER_COPY && pipelineOverPeer() >= PIPELINE_OVER_PEER
                && latency.p99Millis() <= P99_MILLIS && generatorOverPipeline() >= GENERATOR_OVER_PIPELINE;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Benchmark of %s on %s: %,d events (%,d invalid), %,d customers.%n%n",
                date, machine, events, generator.invalid(), customers));
        md.append("| measure | figure | ratio | target |\n|---|---:|---:|---|\n");
        row(md, "Pipeline catch-up (generator -> Kafka -> job -> PostgreSQL, all accounted)",
                rate(pipelinePerSecond(), "events/s"), "1", "");
        row(md, "PostgreSQL COPY into an empty heartbeats (same indexes and trigger): ceiling",
                rate(copy.perSecond(), "rows/s"), ratio(pipelineOverCopy()), check(pipelineOverCopy() >= PIPELINE_OVER_COPY, ">= 0.5"));
        row(md, "Plain Kafka consumer, same topic: ceiling",
                rate(kafkaConsumer.perSecond(), "msgs/s"), ratio(pipelinePerSecond() / kafkaConsumer.perSecond()), "");
        row(md, String.format(Locale.ROOT, "Flink SQL peer (Kafka JSON table -> filter -> JDBC upsert table), same cluster, %,d messages", sqlPeer.messages()),
                rate(sqlPeer.perSecond(), "events/s"), ratio(pipelineOverPeer()), check(pipelineOverPeer() >= PIPELINE_OVER_PEER, ">= 1.5"));
        row(md, "Generator into Kafka (acks=all, lz4)", rate(generator.perSecond(), "events/s"),
                ratio(generatorOverPipeline()) + " x pipeline", check(generatorOverPipeline() >= GENERATOR_OVER_PIPELINE, ">= 4"));
        row(md, String.format(Locale.ROOT, "Latency at %,.0f events/s, %,d messages: p50 / p95 / p99 / max",
                        latency.rate(), latency.measured()),
                String.format(Locale.ROOT, "%.0f / %.0f / %.0f / %.0f ms", latency.p50Millis(), latency.p95Millis(),
                        latency.p99Millis(), latency.maxMillis()), "", check(latency.p99Millis() <= P99_MILLIS, "p99 <= 1,000 ms"));
        row(md, String.format(Locale.ROOT, "TaskManager live heap after full GC, %,d customers (idle before the job)", customers),
                String.format(Locale.ROOT, "%,.0f MB (%,.0f MB)", liveHeapBytes / 1e6, idleHeapBytes / 1e6), "", "");
        row(md, "Checkpointed state, same moment", String.format(Locale.ROOT, "%,.1f MB (%,.0f B per customer)",
                checkpointBytes / 1e6, (double) checkpointBytes / customers), "", "");
        md.append(String.format(Locale.ROOT, "%nCPU seconds during the pipeline's catch-up (%.1f s on %s): %s.%n",
                pipeline.seconds(), machine, pipelineCpu.asMap().entrySet().stream()
                        .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", "))));
        md.append("\nWhere the TaskManager's CPU went during the catch-up (JFR execution samples):\n\n");
        pipelineProfile.forEach((part, share) ->
                md.append(String.format(Locale.ROOT, "- %4.1f%% %s%n", share * 100, part)));
        if (!jobArgs.isBlank()) {
            md.append("\nExtra job flags: `").append(jobArgs).append("`\n");
        }
        return md.toString();
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("results.json").toFile(), this);
        Files.writeString(dir.resolve("results.md"), markdown());
    }

    private static void row(StringBuilder md, String measure, String figure, String ratio, String target) {
        md.append("| ").append(measure).append(" | ").append(figure).append(" | ").append(ratio).append(" | ")
                .append(target).append(" |\n");
    }

    private static String rate(double perSecond, String unit) {
        return String.format(Locale.ROOT, "%,.0f %s", perSecond, unit);
    }

    private static String ratio(double ratio) {
        return String.format(Locale.ROOT, "%.2f", ratio);
    }

    private static String check(boolean met, String target) {
        return target + (met ? ": met" : ": **missed**");
    }
}
