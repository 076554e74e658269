package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The submitter's requests as they reach an HTTP server on loopback that answers like Flink's REST API: every
 * program argument arrives as it was given, spaces and quotes included, as JSON Jackson wrote. The real cluster:
 * StandaloneClusterIT and ClusterRestartIT.
 */
class JobSubmitterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void programArgumentsKeepTheirSpacesAndTheCheckpointGoesAlong() throws Exception {
        Path jar = Files.writeString(dir.resolve("heartbeat-monitor-job.jar"), "not really a jar");
        List<String> requests = new CopyOnWriteArrayList<>();
        List<JsonNode> runs = new CopyOnWriteArrayList<>();
        HttpServer flink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        flink.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.add(exchange.getRequestMethod() + " " + path);
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            switch (path) {
                case "/overview" -> answer(exchange, "{\"slots-total\":2}");
                case "/jobs/overview" -> answer(exchange, "{\"jobs\":[]}");
                case "/jars/upload" ->
                    answer(exchange, "{\"filename\":\"/tmp/flink-web-upload/1a2b_heartbeat-monitor-job.jar\"}");
                case "/jars/1a2b_heartbeat-monitor-job.jar/run" -> {
                    runs.add(JSON.readTree(body));
                    answer(exchange, "{\"jobid\":\"00000000000000000000000000000042\"}");
                }
                default -> {
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                }
            }
        });
        flink.start();
        try {
            String rest = "http://127.0.0.1:" + flink.getAddress().getPort();
            int exit = new CommandLine(new JobSubmitter())
                    .execute(
                            "--flink-rest",
                            rest,
                            "--job-jar",
                            jar.toString(),
                            "--parallelism",
                            "2",
                            "--resume-from",
                            "/data/checkpoints/abc/chk-7",
                            "--",
                            "--kafka-group-id",
                            "a group with spaces",
                            "--jdbc-url",
                            "jdbc:postgresql://db:5432/heartbeat?options=-c \"search_path=x\"");
            assertThat(exit).isZero();
        } finally {
            flink.stop(0);
        }
        assertThat(requests)
                .containsExactly(
                        "GET /overview",
                        "GET /jobs/overview",
                        "POST /jars/upload",
                        "POST /jars/1a2b_heartbeat-monitor-job.jar/run");
        JsonNode run = runs.get(0);
        assertThat(JSON.convertValue(run.get("programArgsList"), List.class))
                .containsExactly(
                        "--kafka-group-id",
                        "a group with spaces",
                        "--jdbc-url",
                        "jdbc:postgresql://db:5432/heartbeat?options=-c \"search_path=x\"");
        assertThat(run.get("parallelism").asInt()).isEqualTo(2);
        assertThat(run.get("savepointPath").asText()).isEqualTo("file:///data/checkpoints/abc/chk-7");
        assertThat(run.get("allowNonRestoredState").asBoolean()).isFalse();
    }

    private static void answer(HttpExchange exchange, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
