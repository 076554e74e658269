package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.heartbeatmonitor.migrate.Roles;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The care console against the real pipeline, as a person uses it: the job on a MiniCluster raises a real alert from
 * scripted readings sent to Kafka and stores it in PostgreSQL; the console runs from its executable jar, as compose
 * and run-local.sh run it, on that database as its own least-privilege role, with its first admin from the
 * environment; Debian's headless Chromium, driven by puppeteer-core (pinned in src/test/browser), signs in, finds the
 * alert on the open alerts page, acknowledges it with a note, opens the customer's page (screenshots of both into
 * target/screenshots) and sends a new high threshold. Then the alert_actions row is what the person did, on the
 * revision and severity on screen; the settings topic holds the message heartbeat-admin would have sent; the audit
 * has the first admin, the sign-in and the settings.
 */
class ConsoleIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String TOPIC = "console-heartbeats";
    private static final String GROUP = "console-job";
    /** The first tachycardic patient of the script: HIGH at second 52, CRITICAL (revision 2) from second 70. */
    private static final String CUSTOMER = AlertScript.TACHY + "0";
    /** Up to the escalation and a while after it, so the alert stays open while the person looks. */
    private static final int SECONDS = 90;

    private static final Path BROWSER = Path.of("src", "test", "browser");
    private static final Path SCRIPT = BROWSER.resolve("console-acknowledge.mjs");
    private static final Path JAR = Path.of("..").resolve(ConsoleProcess.JAR);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestStack.miniCluster();

    @RegisterExtension
    static final TestStackExtension STACK = new TestStackExtension();

    @Test
    void aCarerSignsInSeesTheAlertTheJobRaisedAndAcknowledgesIt() throws Exception {
        HeadlessChromium.requireInstalled();
        installPuppeteer(); // before minutes of pipeline work, not after
        TestStack stack = STACK.stack();
        stack.broker.createTopic(TOPIC, 2);
        AlertScript script =
                new AlertScript(Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS));
        JobClient job = stack.startJob(new Configuration(), TOPIC, GROUP, AlertScript.DETECTION);
        try (RawProducer producer = new RawProducer(stack.broker.bootstrapServers(), TOPIC)) {
            producer.send(script.seconds(0, SECONDS));
            stack.awaitCount(
                    "SELECT count(*) FROM alerts WHERE customer_id = ? AND status = 'OPEN' AND severity = 'CRITICAL'",
                    1,
                    TIMEOUT,
                    CUSTOMER);
        } finally {
            job.cancel().get();
        }
        List<Object> alert = stack.awaitAlert(CUSTOMER, "OPEN", TIMEOUT);
        String alertId = (String) alert.get(0);
        int revision = (Integer) alert.get(3);

        String admin = "carer-in-chief";
        String password = "console-it-" + UUID.randomUUID();
        int port = freePort();
        String url = "http://127.0.0.1:" + port + "/";
        Path screenshots = Files.createDirectories(Path.of("target", "screenshots"));
        JsonNode seen;
        try (ConsoleProcess console = ConsoleProcess.start(
                JAR,
                Map.of(
                        "HEARTBEAT_CONSOLE_JDBC_URL",
                        stack.database.url(),
                        "HEARTBEAT_CONSOLE_DB_USER",
                        Roles.DEFAULT_CONSOLE,
                        "HEARTBEAT_CONSOLE_PORT",
                        String.valueOf(port),
                        "HEARTBEAT_CONSOLE_ADMIN_USER",
                        admin,
                        "HEARTBEAT_CONSOLE_ADMIN_PASSWORD",
                        password,
                        "HEARTBEAT_KAFKA_BOOTSTRAP_SERVERS",
                        stack.broker.bootstrapServers()),
                url,
                STACK.dir().resolve("console.log"))) {
            seen = browse(Map.of(
                    "CONSOLE_URL",
                    console.url(),
                    "CONSOLE_USER",
                    admin,
                    "CONSOLE_PASSWORD",
                    password,
                    "ALERT_ID",
                    alertId,
                    "NOTE",
                    "calling the patient",
                    "SETTINGS_HIGH",
                    "130",
                    "SCREENSHOT_DIR",
                    screenshots.toAbsolutePath().toString()));
        }
        System.out.println("console: the browser saw " + seen);

        assertThat(seen.path("redirectedTo").asText())
                .as("not signed in: the sign-in page")
                .isEqualTo("/login");
        assertThat(seen.path("before").path("customer").asText()).isEqualTo(CUSTOMER);
        assertThat(seen.path("before").path("severity").asText()).isEqualTo("CRITICAL");
        assertThat(seen.path("before").path("state").asText()).isEqualTo("unattended");
        assertThat(seen.path("after").asText()).isEqualTo("acknowledged by " + admin);
        assertThat(seen.path("message").asText()).startsWith("ACKNOWLEDGE recorded: " + CUSTOMER + " TACHYCARDIA");
        assertThat(seen.path("chart").path("lines").asInt())
                .as("minute rollups drawn")
                .isPositive();
        assertThat(seen.path("chart").path("alerts").asInt())
                .as("the alert marked on the chart")
                .isPositive();
        assertThat(seen.path("settings").asText()).startsWith("Settings sent; the job applies them from now:");
        String sent = settingsOnTopic(stack.broker.bootstrapServers());
        assertThat(JSON.readTree(sent).path("high_bpm").asInt()).as(sent).isEqualTo(130);
        assertThat(JSON.readTree(sent).path("version").asInt()).as(sent).isEqualTo(1);
        assertThat(screenshots.resolve("console-open-alerts.png")).isNotEmptyFile();
        assertThat(screenshots.resolve("console-customer.png")).isNotEmptyFile();
        try (Connection db = stack.connect()) {
            assertThat(TestStack.rows(
                            db,
                            "SELECT alert_id::text, revision, severity, action, actor, note, snooze_until IS NULL"
                                    + " FROM alert_actions"))
                    .containsExactly(
                            List.of(alertId, revision, "CRITICAL", "ACKNOWLEDGE", admin, "calling the patient", true));
            assertThat(TestStack.rows(db, "SELECT actor, action, subject FROM console_audit ORDER BY audit_id"))
                    .as("the first admin from the environment, the sign-in, the settings sent")
                    .containsExactly(
                            List.of("environment", "USER_CREATED", admin),
                            Arrays.asList(admin, "SIGN_IN", null),
                            List.of(admin, "SETTINGS_SENT", CUSTOMER));
        }
    }

    /** puppeteer-core as pinned by the lock file (npm ci), once per checkout; it uses Debian's Chromium. */
    private static void installPuppeteer() throws IOException, InterruptedException {
        if (Files.isDirectory(BROWSER.resolve("node_modules").resolve("puppeteer-core"))) {
            return;
        }
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                .directory(BROWSER.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(npm.waitFor())
                .as("npm ci in %s (needs Node.js 20+ and npm):%n%s", BROWSER, output)
                .isZero();
    }

    /** Runs the browser script; returns the JSON line it printed of what the pages showed. */
    private static JsonNode browse(Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("node", SCRIPT.getFileName().toString())
                .directory(BROWSER.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process node = builder.start();
        byte[] out = node.getInputStream().readAllBytes();
        boolean finished = node.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        String output = new String(out, StandardCharsets.UTF_8);
        assertThat(finished && node.exitValue() == 0)
                .as("the browser script failed:%n%s", output)
                .isTrue();
        String last = output.strip().lines().reduce((a, b) -> b).orElse("");
        return JSON.readTree(last);
    }

    /** The customer's message on the settings topic, as the console sent it. */
    private static String settingsOnTopic(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(TestStack.SETTINGS_TOPIC).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (CUSTOMER.equals(record.key())) {
                        return record.value();
                    }
                }
            }
        }
        throw new AssertionError("no settings of " + CUSTOMER + " on " + TestStack.SETTINGS_TOPIC);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
