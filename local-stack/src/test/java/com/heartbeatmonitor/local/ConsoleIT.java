package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.heartbeatmonitor.migrate.Roles;
import com.heartbeatmonitor.notifier.Notifier;
import com.heartbeatmonitor.notifier.NotifierConfig;
import com.heartbeatmonitor.security.KafkaSecurity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The care console against the real pipeline, as a care team uses it. Two tachycardic patients have two contacts
 * each, set with heartbeat-admin as an operator would; each contact is a real HTTP receiver. The job on a MiniCluster
 * raises their alerts from scripted readings sent to Kafka; the notifier (CRITICAL escalates after
 * {@link #CRITICAL_AFTER} here) pages both patients' first contact. The console runs from its executable jar, as
 * compose and run-local.sh run it, on the database as its own least-privilege role, with its first admin from the
 * environment. Debian's headless Chromium, driven by puppeteer-core, signs in, finds the first patient's alert on the
 * open alerts page, acknowledges it with a note, opens the patient's page (screenshots of both into
 * target/screenshots) and sends a new high threshold.
 *
 * <p>Then: the unacknowledged alert goes to its second contact after the delay, the acknowledged one never does (its
 * escalation is held); when the readings return to normal both alerts close and each contact hears the all clear of
 * the alerts it was paged for, and only those. The alert_actions row is what the person did, on the revision and
 * severity on screen; the settings topic holds the console's message with the contacts kept; the audit has the first
 * admin, the sign-in and the settings.
 */
class ConsoleIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    /** Long enough for the console and the browser to act first on a loaded machine, short enough for a test. */
    private static final Duration CRITICAL_AFTER = Duration.ofSeconds(45);

    private static final String TOPIC = "console-heartbeats";
    private static final String GROUP = "console-job";
    private static final String NOTIFIER_GROUP = "console-notifier";
    /** The first tachycardic patient of the script: HIGH at second 52, CRITICAL (revision 2) from second 70. */
    private static final String ACKNOWLEDGED = AlertScript.TACHY + "0";
    /** The second: CRITICAL from second 78; nobody acknowledges it. */
    private static final String UNATTENDED = AlertScript.TACHY + "1";
    /** Up to both escalations to CRITICAL and a while after, so the alerts stay open while the person looks. */
    private static final int SECONDS = 90;

    private static final String VIEWER = "night-desk";

    private static final Path JAR = Path.of("..").resolve(ConsoleProcess.JAR);
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestStack.miniCluster();

    @RegisterExtension
    static final TestStackExtension STACK = new TestStackExtension();

    @Test
    void aCarerAcknowledgesInTheBrowserAndTheEscalationStopsWhileTheUnattendedAlertEscalatesAndBothClear()
            throws Exception {
        HeadlessChromium.requireInstalled(); // before minutes of pipeline work, not after
        TestStack stack = STACK.stack();
        stack.broker.createTopic(TOPIC, 2);
        AlertScript script =
                new AlertScript(Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS));
        String admin = "carer-in-chief";
        String password = "console-it-" + UUID.randomUUID();
        int port = FreePorts.any();
        Path screenshots = Files.createDirectories(Path.of("target", "screenshots"));
        JsonNode seen;
        JsonNode viewer;
        Map<String, HttpResponse<String>> anonymous;
        String acknowledgedId;
        String unattendedId;
        try (WebhookReceiver ops = new WebhookReceiver();
                WebhookReceiver first = new WebhookReceiver();
                WebhookReceiver second = new WebhookReceiver();
                ConsoleProcess console = ConsoleProcess.start(
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
                        "http://127.0.0.1:" + port + "/",
                        STACK.dir().resolve("console.log"));
                RawProducer producer = new RawProducer(stack.broker.bootstrapServers(), TOPIC)) {
            JobClient job = stack.startJob(new Configuration(), TOPIC, GROUP, AlertScript.DETECTION);
            Notifier notifier = Notifier.start(notifierConfig(ops));
            try {
                for (String patient : List.of(ACKNOWLEDGED, UNATTENDED)) {
                    assertThat(stack.admin(
                                    "settings",
                                    "set",
                                    patient,
                                    "--contact",
                                    "webhook:" + first.url(),
                                    "--contact",
                                    "webhook:" + second.url()))
                            .startsWith("0|");
                }
                assertThat(stack.awaitCount("SELECT count(*) FROM customer_settings", 2, TIMEOUT))
                        .as("both patients' contacts stored by the job")
                        .isEqualTo(2);

                producer.send(script.seconds(0, SECONDS));
                acknowledgedId = openCritical(ACKNOWLEDGED);
                unattendedId = openCritical(UNATTENDED);
                await(
                        "the first contact paged for both CRITICALs",
                        () -> kinds(first, acknowledgedId).contains("ESCALATED")
                                && kinds(first, unattendedId).contains("ESCALATED"));

                seen = HeadlessChromium.run(
                        "console-acknowledge.mjs",
                        Map.of(
                                "CONSOLE_URL",
                                console.url(),
                                "CONSOLE_USER",
                                admin,
                                "CONSOLE_PASSWORD",
                                password,
                                "ALERT_ID",
                                acknowledgedId,
                                "NOTE",
                                "calling the patient",
                                "SETTINGS_HIGH",
                                "130",
                                "SCREENSHOT_DIR",
                                screenshots.toAbsolutePath().toString()),
                        TIMEOUT,
                        STACK.dir());
                System.out.println("console: the browser saw " + seen);
                viewer = HeadlessChromium.run(
                        "console-viewer.mjs",
                        Map.of(
                                "CONSOLE_URL", console.url(),
                                "ADMIN_USER", admin,
                                "ADMIN_PASSWORD", password,
                                "VIEWER_USER", VIEWER,
                                "VIEWER_PASSWORD", "viewer-" + UUID.randomUUID(),
                                "ALERT_ID", unattendedId),
                        TIMEOUT,
                        STACK.dir());
                System.out.println("console: the viewer's browser saw " + viewer);
                anonymous = anonymousRequests(console.url(), unattendedId);
                int revisionOnScreen = seen.path("before").path("revision").asInt();

                // The unacknowledged CRITICAL reaches the second contact after the delay; the acknowledged one,
                // due at about the same time, is held by the notifier instead of sent.
                await(
                        "the unattended CRITICAL escalated to the second contact",
                        () -> !kinds(second, unattendedId).isEmpty());
                assertThat(stack.awaitCount(
                                "SELECT count(*) FROM alert_notifications WHERE alert_id = ?::uuid AND revision = ?"
                                        + " AND step = 1 AND state = 'held'",
                                1,
                                TIMEOUT,
                                acknowledgedId,
                                revisionOnScreen))
                        .as("the acknowledged alert's escalation held")
                        .isEqualTo(1);

                // The readings return to normal: both alerts close, and the all clears follow.
                producer.send(script.seconds(SECONDS, AlertScript.END));
                await(
                        "both alerts closed and their all clears heard",
                        () -> kinds(first, acknowledgedId).contains("ALL_CLEAR")
                                && kinds(first, unattendedId).contains("ALL_CLEAR")
                                && kinds(second, unattendedId).contains("ALL_CLEAR"));
                stack.awaitCaughtUp(TOPIC, GROUP, TIMEOUT);
                job.cancel().get();
                stack.awaitCaughtUp(TestStack.ALERTS_TOPIC, NOTIFIER_GROUP, TIMEOUT);
                await(
                        "nothing due",
                        () -> stack.awaitCount(
                                        "SELECT count(*) FROM alert_notifications WHERE state = 'pending' AND"
                                                + " next_attempt_at <= now()",
                                        0,
                                        Duration.ZERO)
                                == 0);
            } finally {
                notifier.close();
                if (!job.getJobStatus().get().isTerminalState()) {
                    job.cancel().get();
                }
            }

            System.out.printf(
                    "console: first contact %s; second contact %s%n", kinds(first, null), kinds(second, null));
            assertThat(kinds(first, acknowledgedId))
                    .as("the acknowledged patient's first contact: the HIGH, its rise to CRITICAL, the all clear")
                    .containsExactly("NEW", "ESCALATED", "ALL_CLEAR");
            assertThat(kinds(second, acknowledgedId))
                    .as("the acknowledged alert never reached the second contact")
                    .isEmpty();
            assertThat(kinds(first, unattendedId)).containsExactly("NEW", "ESCALATED", "ALL_CLEAR");
            assertThat(kinds(second, unattendedId))
                    .as("the unattended CRITICAL escalated once, then its all clear")
                    .containsExactly("ESCALATED", "ALL_CLEAR");
            // The delay runs from when the notifier took the CRITICAL revision up (its first step's due time), not
            // from when the first contact happened to receive it: the ledger plans the second step that much later,
            // and the second contact gets it once due.
            List<Instant> due = dueTimes(unattendedId);
            Instant escalated = arrival(second, unattendedId, "ESCALATED");
            System.out.printf(
                    "console: the unattended CRITICAL reached the second contact %d ms after the notifier took it"
                            + " up (delay %d ms), %d ms after its step fell due%n",
                    Duration.between(due.get(0), escalated).toMillis(),
                    CRITICAL_AFTER.toMillis(),
                    Duration.between(due.get(1), escalated).toMillis());
            assertThat(Duration.between(due.get(0), due.get(1)))
                    .as("the second step planned the delay after the first")
                    .isEqualTo(CRITICAL_AFTER);
            assertThat(escalated)
                    .as("escalated once due, not before")
                    .isAfterOrEqualTo(due.get(1))
                    .isBefore(due.get(1).plusSeconds(15));
        }

        assertThat(seen.path("redirectedTo").asText())
                .as("not signed in: the sign-in page")
                .isEqualTo("/login");
        assertThat(seen.path("before").path("customer").asText()).isEqualTo(ACKNOWLEDGED);
        assertThat(seen.path("before").path("severity").asText()).isEqualTo("CRITICAL");
        assertThat(seen.path("before").path("state").asText()).isEqualTo("unattended");
        assertThat(seen.path("after").asText()).isEqualTo("acknowledged by " + admin);
        assertThat(seen.path("message").asText()).startsWith("ACKNOWLEDGE recorded: " + ACKNOWLEDGED + " TACHYCARDIA");
        assertThat(seen.path("chart").path("lines").asInt())
                .as("minute rollups drawn")
                .isPositive();
        assertThat(seen.path("chart").path("alerts").asInt())
                .as("the alert marked on the chart")
                .isPositive();
        assertThat(seen.path("settings").asText()).startsWith("Settings sent; the job applies them from now:");
        // The customer's current message on the settings topic, as heartbeat-admin reads it.
        String current = stack.admin("settings", "get", ACKNOWLEDGED);
        assertThat(current).startsWith("0|");
        JsonNode sent = JSON.readTree(current.substring(current.indexOf('{')));
        assertThat(sent.path("high_bpm").asInt()).as("%s", sent).isEqualTo(130);
        assertThat(sent.path("version").asInt())
                .as("after heartbeat-admin's version 1: %s", sent)
                .isEqualTo(2);
        assertThat(sent.path("contacts")).as("the contacts kept: %s", sent).hasSize(2);
        assertThat(viewer.path("created").asText()).isEqualTo("User " + VIEWER + " created as VIEWER");
        assertThat(viewer.path("seen").asText())
                .as("a viewer sees the open alert")
                .isEqualTo(UNATTENDED);
        assertThat(viewer.path("acknowledgeStatus").asInt())
                .as("a viewer's acknowledgement")
                .isEqualTo(403);
        assertThat(viewer.path("usersStatus").asInt())
                .as("a viewer on the users page")
                .isEqualTo(403);
        anonymous.forEach((request, response) -> System.out.printf(
                "console: anonymous %s -> %d %s%n",
                request,
                response.statusCode(),
                response.headers().firstValue("Location").orElse("")));
        assertThat(anonymous.values())
                .as("whatever someone not signed in asks for (an action too): the sign-in page, no health data")
                .hasSize(3)
                .allSatisfy(response -> {
                    assertThat(response.statusCode()).isEqualTo(302);
                    assertThat(response.headers().firstValue("Location"))
                            .hasValueSatisfying(location -> assertThat(location).contains("/login"));
                    assertThat(response.body()).doesNotContain(UNATTENDED).doesNotContain("bpm");
                });
        assertThat(screenshots.resolve("console-open-alerts.png")).isNotEmptyFile();
        assertThat(screenshots.resolve("console-customer.png")).isNotEmptyFile();
        try (Connection db = stack.connect()) {
            assertThat(TestStack.rows(
                            db,
                            "SELECT alert_id::text, revision, severity, action, actor, note, snooze_until IS NULL"
                                    + " FROM alert_actions"))
                    .containsExactly(List.of(
                            acknowledgedId,
                            seen.path("before").path("revision").asInt(),
                            "CRITICAL",
                            "ACKNOWLEDGE",
                            admin,
                            "calling the patient",
                            true));
            assertThat(TestStack.rows(db, "SELECT actor, action, subject FROM console_audit ORDER BY audit_id"))
                    .as("the first admin from the environment, the sign-in, the settings sent, the viewer created"
                            + " after a sign-out")
                    .containsExactly(
                            List.of("environment", "USER_CREATED", admin),
                            Arrays.asList(admin, "SIGN_IN", null),
                            List.of(admin, "SETTINGS_SENT", ACKNOWLEDGED),
                            Arrays.asList(admin, "SIGN_IN", null),
                            List.of(admin, "USER_CREATED", VIEWER),
                            Arrays.asList(admin, "SIGN_OUT", null),
                            Arrays.asList(VIEWER, "SIGN_IN", null));
        }
    }

    /** What someone not signed in gets: the open alerts, a customer's page, an action on an alert. */
    private static Map<String, HttpResponse<String>> anonymousRequests(String consoleUrl, String alertId)
            throws Exception {
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        String base = consoleUrl.replaceAll("/$", "");
        Map<String, HttpRequest> requests = new LinkedHashMap<>();
        requests.put("GET /", HttpRequest.newBuilder(URI.create(base + "/")).build());
        requests.put(
                "GET /customers/" + UNATTENDED,
                HttpRequest.newBuilder(URI.create(base + "/customers/" + UNATTENDED))
                        .build());
        requests.put(
                "POST /alerts/" + alertId + "/actions",
                HttpRequest.newBuilder(URI.create(base + "/alerts/" + alertId + "/actions"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("action=ACKNOWLEDGE&revision=2&severity=CRITICAL"))
                        .build());
        Map<String, HttpResponse<String>> responses = new LinkedHashMap<>();
        for (Map.Entry<String, HttpRequest> request : requests.entrySet()) {
            responses.put(request.getKey(), http.send(request.getValue(), HttpResponse.BodyHandlers.ofString()));
        }
        return responses;
    }

    private static NotifierConfig notifierConfig(WebhookReceiver ops) {
        Map<String, String> env = STACK.stack().notifierEnvironment(TestStack.ALERTS_TOPIC, NOTIFIER_GROUP, ops);
        env.put(NotifierConfig.RETRY_MAX, "1s");
        env.put(NotifierConfig.HTTP_TIMEOUT, "5s");
        env.put(NotifierConfig.ESCALATE_CRITICAL_AFTER, CRITICAL_AFTER.toMillis() + "ms");
        env.put(NotifierConfig.ESCALATE_HIGH_AFTER, "1h");
        // Never night, so that no notice waits whatever the hour of the test.
        env.put(NotifierConfig.NIGHT, "00:00-00:01");
        return NotifierConfig.fromEnvironment(env, KafkaSecurity.PLAINTEXT);
    }

    /** Waits for the patient's alert to be an open CRITICAL; returns its id. */
    private static String openCritical(String customer) throws Exception {
        assertThat(STACK.stack()
                        .awaitCount(
                                "SELECT count(*) FROM alerts WHERE customer_id = ? AND status = 'OPEN' AND severity ="
                                        + " 'CRITICAL'",
                                1,
                                TIMEOUT,
                                customer))
                .as("%s's CRITICAL", customer)
                .isEqualTo(1);
        return (String)
                STACK.stack().awaitAlert(customer, "OPEN", Duration.ZERO).get(0);
    }

    /** When each step (0: first contact, 1: second) of the alert's CRITICAL revision fell due, in the ledger. */
    private static List<Instant> dueTimes(String alertId) throws Exception {
        try (Connection db = STACK.stack().connect()) {
            return TestStack.rows(
                            db,
                            "SELECT due_at FROM alert_notifications WHERE alert_id = '" + alertId
                                    + "'::uuid AND kind = 'ESCALATED' ORDER BY step")
                    .stream()
                    .map(row -> ((java.sql.Timestamp) row.get(0)).toInstant())
                    .toList();
        }
    }

    /** The kinds (NEW, ESCALATED, ALL_CLEAR) the receiver accepted for the alert (any alert for null), in order. */
    private static List<String> kinds(WebhookReceiver receiver, String alertId) {
        return receiver.accepted().stream()
                .map(ConsoleIT::body)
                .filter(body -> alertId == null
                        || alertId.equals(body.path("alert").path("alert_id").asText()))
                .map(body -> body.path("kind").asText())
                .toList();
    }

    private static Instant arrival(WebhookReceiver receiver, String alertId, String kind) {
        return receiver.accepted().stream()
                .filter(r ->
                        alertId.equals(body(r).path("alert").path("alert_id").asText())
                                && kind.equals(body(r).path("kind").asText()))
                .findFirst()
                .orElseThrow()
                .at();
    }

    private static JsonNode body(WebhookReceiver.Received received) {
        try {
            return JSON.readTree(received.body());
        } catch (IOException e) {
            throw new UncheckedIOException("the notifier sent a body that is not JSON: " + received.body(), e);
        }
    }

    private static void await(String what, Await.Condition condition) throws Exception {
        Await.until(what, TIMEOUT, condition);
    }
}
