package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipeline-health files as the tests read them: the Prometheus config, its alert rules and rule
 * tests under {@code monitoring/}, the Grafana dashboard and its data source, and promtool.
 */
final class PipelineHealth {

    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    static final Path PROMETHEUS_DIR = REPO.resolve("monitoring").resolve("prometheus");
    static final Path PROMETHEUS_CONFIG = PROMETHEUS_DIR.resolve("prometheus.yml");
    static final Path RULES = PROMETHEUS_DIR.resolve("rules").resolve("pipeline-health.yml");
    static final Path RULE_TESTS = PROMETHEUS_DIR.resolve("tests").resolve("pipeline-health.test.yml");
    static final Path DASHBOARD = REPO.resolve("dashboards").resolve("json").resolve("pipeline-health.json");
    static final Path DATASOURCE = REPO.resolve("dashboards")
            .resolve("provisioning")
            .resolve("datasources")
            .resolve("prometheus.yaml");
    /** Debian's package prometheus installs both (.ci/run installs it). */
    static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

    private static final Duration PROMTOOL_TIMEOUT = Duration.ofMinutes(1);

    private PipelineHealth() {}

    /** Runs promtool with {@code arguments}; fails with its output when it exits non-zero. */
    static String promtool(String... arguments) throws IOException, InterruptedException {
        assertThat(Files.isExecutable(PROMTOOL))
                .as("%s is missing: apt-get install prometheus (Debian's package; .ci/run installs it)", PROMTOOL)
                .isTrue();
        List<String> command = new java.util.ArrayList<>(List.of(PROMTOOL.toString()));
        command.addAll(List.of(arguments));
        return ExternalCommand.run("promtool " + String.join(" ", arguments), command, Map.of(), PROMTOOL_TIMEOUT);
    }

    static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(DASHBOARD.toFile());
    }

    /**
     * Every PromQL query of the dashboard by "panel title / refId", with Grafana's {@code $__rate_interval}
     * replaced by {@code rateInterval}, as Grafana would send it; no other variable may be left.
     */
    static Map<String, String> queries(String rateInterval) throws IOException {
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode panel : dashboard().get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                String query = target.get("expr").asText().replace("$__rate_interval", rateInterval);
                assertThat(query).as("unexpanded variable").doesNotContain("$");
                queries.put(
                        panel.get("title").asText() + " / "
                                + target.get("refId").asText(),
                        query);
            }
        }
        return queries;
    }
}
