package com.heartbeatmonitor.benchmark;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One benchmark run's figures, the targets' ratios, and their JSON and markdown forms: a section per scenario
 * that ran, in the order they ran. A scenario that was not run has no section, and the rows that need it are
 * left out or say so.
 */
final class BenchmarkReport {

    /** One line of the table; {@code met} is null when the line has no target. */
    record Row(String measure, String figure, String ratio, String target, Boolean met) {}

    private final String date;
    private final String machine;
    private final List<Scenario.Section> sections;
    private final String jobArgs;

    BenchmarkReport(String date, String machine, List<Scenario.Section> sections, String jobArgs) {
        this.date = date;
        this.machine = machine;
        this.sections = List.copyOf(sections);
        this.jobArgs = jobArgs;
    }

    @JsonProperty
    String date() {
        return date;
    }

    @JsonProperty
    String machine() {
        return machine;
    }

    @JsonProperty
    String jobArgs() {
        return jobArgs;
    }

    /** Each scenario's figures under its key, as results.json has always had them. */
    @JsonAnyGetter
    Map<String, Scenario.Section> sections() {
        Map<String, Scenario.Section> byKey = new LinkedHashMap<>();
        sections.forEach(section -> byKey.put(section.key(), section));
        return byKey;
    }

    /** The section of one scenario, if it ran: for the ratios between scenarios. */
    <T extends Scenario.Section> Optional<T> section(Class<T> type) {
        return sections.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    @JsonProperty
    List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        sections.forEach(section -> rows.addAll(section.rows(this)));
        return rows;
    }

    @JsonProperty
    boolean targetsMet() {
        return rows().stream().allMatch(row -> row.met() == null || row.met());
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
        sections.forEach(section -> section.notes(md, machine));
        if (!jobArgs.isBlank()) {
            md.append("\nExtra job flags: `").append(jobArgs).append("`\n");
        }
        return md.toString();
    }

    /** The CPU seconds of a catch-up per process, and where the TaskManager's went. */
    static void cpu(
            StringBuilder md,
            String machine,
            String scenario,
            CatchUp.Result catchUp,
            CpuSeconds cpu,
            Map<String, Double> profile) {
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

    static String rate(double perSecond, String unit) {
        return String.format(Locale.ROOT, "%,.0f %s", perSecond, unit);
    }

    static String ratio(double ratio) {
        return String.format(Locale.ROOT, "%.2f", ratio);
    }

    static String micros(double perEvent, CpuSeconds cpu) {
        return String.format(Locale.ROOT, "%.1f us/event (%.1f CPU s)", perEvent, cpu.taskManager());
    }

    static String postgresMicros(double perReading, CpuSeconds cpu) {
        return String.format(Locale.ROOT, "%.1f us/reading (%.1f CPU s)", perReading, cpu.postgres());
    }
}
