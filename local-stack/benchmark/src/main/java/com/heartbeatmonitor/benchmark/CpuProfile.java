package com.heartbeatmonitor.benchmark;

import com.heartbeatmonitor.local.Jcmd;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JVM's CPU time goes: a Java Flight Recorder recording started and dumped through jcmd,
 * then its execution samples counted per method, inclusive of what the method calls.
 */
final class CpuProfile {

    private static final String RECORDING = "benchmark";

    private CpuProfile() {}

    static void start(List<Long> pids) throws IOException, InterruptedException {
        for (long pid : pids) {
            Jcmd.run(pid, "JFR.start", "name=" + RECORDING, "settings=profile");
        }
    }

    /** Stops the recordings and writes one file per JVM: {@code file} for the first, {@code file.2}, ... after. */
    static List<Path> stop(List<Long> pids, Path file) throws IOException, InterruptedException {
        List<Path> files = new ArrayList<>();
        for (long pid : pids) {
            Path each = files.isEmpty() ? file : Path.of(file + "." + (files.size() + 1));
            Jcmd.run(pid, "JFR.stop", "name=" + RECORDING, "filename=" + each.toAbsolutePath());
            files.add(each);
        }
        return files;
    }

    /**
     * Parts of the job, each recognised by a method on the stack. A sample counts for the part whose
     * method is nearest the top of its stack: time in a hash map called by the detection is detection.
     */
    private static final Map<String, List<String>> PARTS = parts();

    private static Map<String, List<String>> parts() {
        Map<String, List<String>> parts = new LinkedHashMap<>();
        parts.put("checkpoint snapshots", List.of("Snapshot", "snapshot"));
        parts.put(
                "record copies and network (de)serialization",
                List.of("PojoSerializer", "StreamElementSerializer", "RecordWriter", "SpanningRecordDeserializer"));
        parts.put(
                "per-customer monitoring (detection, minute rollups, state, timers)",
                List.of("MonitorCustomer", "EpisodeDetector", "MinuteBuffer", "PendingReadings", "InternalTimer"));
        parts.put("alerts Kafka sink", List.of("AlertKafkaSink", "connector.kafka.sink"));
        parts.put(
                "JDBC sinks (binding, pgjdbc)",
                List.of("org.postgresql", "connector.jdbc", "heartbeatmonitor.job.sinks"));
        parts.put(
                "JSON parsing and validation",
                List.of("HeartbeatParser", "HeartbeatDeserializationSchema", "PayloadPreview"));
        parts.put(
                "Kafka source (fetch, emit, watermarks)",
                List.of("connector.kafka.source", "kafka.clients.consumer", "SourceOutputWithWatermarks"));
        parts.put("risk classification and split", List.of("RiskBands", "SplitRejected"));
        return parts;
    }

    /** Share of the recordings' execution samples per part of the job, largest first; the rest is "other". */
    static Map<String, Double> byPart(List<Path> files) throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        int samples = 0;
        for (Path file : files) {
            for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
                if (event.getEventType().getName().equals("jdk.ExecutionSample") && event.getStackTrace() != null) {
                    samples++;
                    counts.merge(partOf(event.getStackTrace().getFrames()), 1, Integer::sum);
                }
            }
        }
        int total = Math.max(samples, 1);
        Map<String, Double> shares = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> shares.put(e.getKey(), e.getValue() / (double) total));
        return shares;
    }

    private static String partOf(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) { // innermost first
            String method = frame.getMethod().getType().getName() + "."
                    + frame.getMethod().getName();
            for (Map.Entry<String, List<String>> part : PARTS.entrySet()) {
                if (part.getValue().stream().anyMatch(method::contains)) {
                    return part.getKey();
                }
            }
        }
        return "other (Flink runtime, JIT, idle polling)";
    }
}
