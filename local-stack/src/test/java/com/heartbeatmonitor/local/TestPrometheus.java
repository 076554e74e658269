package com.heartbeatmonitor.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (Debian's binary) on a free loopback port with its storage in a folder of the test,
 * running the repository's monitoring/prometheus/prometheus.yml and its alert rules with only what a
 * test must change: the scrape targets, the Alertmanager address, 1 s intervals and short {@code for}
 * durations (so an alert fires within seconds, not minutes).
 */
final class TestPrometheus implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String TEST_INTERVAL = "1s";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final String baseUrl;
    private final Path log;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestPrometheus(Process process, String baseUrl, Path log) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.log = log;
    }

    /**
     * Starts Prometheus scraping {@code flinkTargets} ({@code host:port}), sending alerts to the
     * Alertmanager API at {@code alertmanager} ({@code host:port}), with every rule's {@code for} set to
     * {@code alertFor}; waits until it is ready.
     */
    static TestPrometheus start(Path dir, List<String> flinkTargets, String alertmanager, String alertFor)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int port = FreePorts.any();
        Path rules = dir.resolve("pipeline-health.yml");
        Files.writeString(
                rules, Files.readString(PipelineHealth.RULES).replaceAll("(?m)^(\\s+for:) \\S+$", "$1 " + alertFor));

        ObjectNode config = (ObjectNode) YAML.readTree(PipelineHealth.PROMETHEUS_CONFIG.toFile());
        ObjectNode global = (ObjectNode) config.get("global");
        global.put("scrape_interval", TEST_INTERVAL);
        global.put("evaluation_interval", TEST_INTERVAL);
        config.putArray("rule_files").add(rules.toAbsolutePath().toString());
        setTargets(config.at("/alerting/alertmanagers/0/static_configs/0"), List.of(alertmanager));
        for (JsonNode job : config.get("scrape_configs")) {
            List<String> targets =
                    job.get("job_name").asText().equals("flink") ? flinkTargets : List.of("127.0.0.1:" + port);
            setTargets(job.at("/static_configs/0"), targets);
        }
        Path configFile = dir.resolve("prometheus.yml");
        YAML.writeValue(configFile.toFile(), config);

        Path log = dir.resolve("prometheus.log");
        Process process = new ProcessBuilder(
                        PipelineHealth.PROMETHEUS.toString(),
                        "--config.file=" + configFile.toAbsolutePath(),
                        "--storage.tsdb.path=" + dir.resolve("data").toAbsolutePath(),
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        TestPrometheus prometheus = new TestPrometheus(process, "http://127.0.0.1:" + port, log);
        try {
            prometheus.awaitReady();
            return prometheus;
        } catch (IOException | InterruptedException | RuntimeException e) {
            prometheus.close();
            throw e;
        }
    }

    private static void setTargets(JsonNode staticConfig, List<String> targets) {
        ObjectNode node = (ObjectNode) staticConfig;
        targets.forEach(node.putArray("targets")::add);
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited:\n" + log());
            }
            try {
                if (get("/-/ready").statusCode() == 200) {
                    return;
                }
            } catch (ConnectException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("prometheus not ready within " + START_TIMEOUT + ":\n" + log());
    }

    /** The series an instant query returns now ({@code data.result}); fails on a query error. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        return api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))
                .path("result");
    }

    /** The alerts of every rule, pending or firing ({@code data.alerts} of /api/v1/alerts). */
    JsonNode alerts() throws IOException, InterruptedException {
        return api("/api/v1/alerts").path("alerts");
    }

    private JsonNode api(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        JsonNode body = JSON.readTree(response.body());
        if (response.statusCode() != 200 || !body.path("status").asText().equals("success")) {
            throw new IllegalStateException(
                    "prometheus " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return body.path("data");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .timeout(Duration.ofSeconds(30))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
