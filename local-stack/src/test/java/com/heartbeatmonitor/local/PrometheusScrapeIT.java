package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pipeline-health monitoring against the real thing: a standalone Flink cluster (JobManager and
 * TaskManager JVMs) running the job jar with readings flowing, scraped by a real Prometheus with the
 * repository's config and rules. Every query of the Pipeline health dashboard, read from its JSON, must
 * return series; then the job is cancelled, and the HeartbeatJobNotRunning rule must fire and reach an
 * HTTP receiver standing in for Alertmanager (Prometheus POSTs to its /api/v2/alerts): an alert that
 * would reach a person.
 */
class PrometheusScrapeIT {

    private static final String JOB_NOT_RUNNING = "HeartbeatJobNotRunning";
    /** 100 readings a second for a minute, 5% invalid: rejections to count, data while Prometheus scrapes. */
    private static final int MESSAGES = 6_000;

    private static final int READINGS_PER_SECOND = 100;
    private static final double INVALID_SHARE = 0.05;
    /** What Grafana's $__rate_interval would be for a 1 s scrape interval and a short time range. */
    private static final String RATE_INTERVAL = "30s";
    /** The rules' production `for` (minutes) shortened, so the test waits seconds. */
    private static final String ALERT_FOR = "3s";

    private static final Duration SERIES_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration ALERT_TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final TestStackExtension STACK = new TestStackExtension();

    @Test
    void everyHealthPanelHasSeriesAndAStoppedJobAlertsAPerson() throws Exception {
        String topic = "heartbeats-prometheus";
        STACK.stack().broker.createTopic(topic, 2);
        // Under target/, not a temp dir: the cluster's and Prometheus' logs are what to read when this fails.
        Path workDir = Path.of("target", "prometheus-scrape");
        FileUtils.deleteDirectory(workDir.toFile());
        try (AlertReceiver receiver = AlertReceiver.start();
                FlinkCluster cluster = StandaloneClusterIT.startCluster(
                        workDir.resolve("flink"), STACK.stack().database.jdbc());
                BackgroundProducer producer = new BackgroundProducer(
                        STACK.stack().broker.bootstrapServers(),
                        topic,
                        MESSAGES,
                        READINGS_PER_SECOND,
                        true,
                        13L,
                        INVALID_SHARE)) {
            List<String> args = STACK.stack()
                    .jobArgs(topic, "prometheus-it")
                    .checkpointInterval("2s")
                    .parallelism(2)
                    .list();
            String jobId = cluster.submit(StandaloneClusterIT.SUBMITTER, StandaloneClusterIT.JOB_JAR, args);
            cluster.rest().awaitTasksRunning(jobId, Duration.ofSeconds(90));

            try (TestPrometheus prometheus = TestPrometheus.start(
                    workDir.resolve("prometheus"), cluster.prometheusTargets(), receiver.address(), ALERT_FOR)) {
                Map<String, String> withoutSeries = awaitSeries(prometheus, PipelineHealth.queries(RATE_INTERVAL));
                assertThat(withoutSeries)
                        .as(
                                "dashboard queries without a series after %s; prometheus log:%n%s",
                                SERIES_TIMEOUT, prometheus.log())
                        .isEmpty();
                assertThat(firing(prometheus, JOB_NOT_RUNNING))
                        .as("while the job runs")
                        .isFalse();

                cluster.rest().cancel(jobId);
                cluster.rest().awaitJobState(jobId, "CANCELED", Duration.ofSeconds(60));

                long deadline = System.nanoTime() + ALERT_TIMEOUT.toNanos();
                while (!(firing(prometheus, JOB_NOT_RUNNING) && receiver.received(JOB_NOT_RUNNING))
                        && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                }
                assertThat(firing(prometheus, JOB_NOT_RUNNING))
                        .as("%s firing in Prometheus; alerts: %s", JOB_NOT_RUNNING, prometheus.alerts())
                        .isTrue();
                assertThat(receiver.received(JOB_NOT_RUNNING))
                        .as("%s posted to the receiver; it got: %s", JOB_NOT_RUNNING, receiver.bodies)
                        .isTrue();
            }
        }
    }

    /** Polls every query until each returns a series; returns those that still return none. */
    private static Map<String, String> awaitSeries(TestPrometheus prometheus, Map<String, String> queries)
            throws Exception {
        Map<String, String> empty = new LinkedHashMap<>(queries);
        long deadline = System.nanoTime() + SERIES_TIMEOUT.toNanos();
        while (!empty.isEmpty() && System.nanoTime() < deadline) {
            for (String panel : new ArrayList<>(empty.keySet())) {
                if (!prometheus.query(empty.get(panel)).isEmpty()) {
                    empty.remove(panel);
                }
            }
            Thread.sleep(1_000);
        }
        return empty;
    }

    private static boolean firing(TestPrometheus prometheus, String alertName) throws Exception {
        for (JsonNode alert : prometheus.alerts()) {
            if (alert.at("/labels/alertname").asText().equals(alertName)
                    && alert.path("state").asText().equals("firing")) {
                return true;
            }
        }
        return false;
    }

    /** Alertmanager's receiving end as Prometheus sees it: POST /api/v2/alerts with a JSON array of alerts. */
    private static final class AlertReceiver implements AutoCloseable {
        private static final ObjectMapper JSON = new ObjectMapper();
        private static final int OK = 200;

        final List<String> bodies = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        private AlertReceiver(HttpServer server) {
            this.server = server;
        }

        static AlertReceiver start() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            AlertReceiver receiver = new AlertReceiver(server);
            server.createContext("/api/v2/alerts", exchange -> {
                try (InputStream body = exchange.getRequestBody()) {
                    if (exchange.getRequestMethod().equals("POST")) {
                        receiver.bodies.add(new String(body.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
                exchange.sendResponseHeaders(OK, -1);
                exchange.close();
            });
            server.start();
            return receiver;
        }

        String address() {
            return "127.0.0.1:" + server.getAddress().getPort();
        }

        /** Whether a POSTed alert named {@code alertName} arrived. */
        boolean received(String alertName) throws IOException {
            for (String body : bodies) {
                for (JsonNode alert : JSON.readTree(body)) {
                    if (alert.at("/labels/alertname").asText().equals(alertName)) {
                        return true;
                    }
                }
            }
            return false;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
