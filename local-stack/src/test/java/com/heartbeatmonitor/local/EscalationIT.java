package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.heartbeatmonitor.notifier.Notifier;
import com.heartbeatmonitor.notifier.NotifierConfig;
import com.heartbeatmonitor.security.KafkaSecurity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Escalation with every part real but the job: alert revisions go onto a real Kafka topic as the job publishes them,
 * customers' contacts are rows of customer_settings as the job stores them, acknowledgements are rows of
 * alert_actions as the care console writes them, the notifier runs as its own database role, and each contact is a
 * real HTTP receiver. Delays are shortened (CRITICAL escalates after {@link #CRITICAL_AFTER}); every wait is on a
 * condition, bounded.
 */
class EscalationIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final Duration CRITICAL_AFTER = Duration.ofSeconds(3);
    private static final String TOPIC = "escalation-alerts";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestStackExtension STACK = new TestStackExtension();

    @Test
    void acknowledgedAlertsStopEscalatingOthersEscalateEveryonePagedHearsTheAllClearAndNothingIsSentTwice()
            throws Exception {
        TestStack stack = STACK.stack();
        stack.broker.createTopic(TOPIC, 2);
        try (WebhookReceiver ops = new WebhookReceiver();
                WebhookReceiver first = new WebhookReceiver();
                WebhookReceiver second = new WebhookReceiver();
                WebhookReceiver hanging = new WebhookReceiver();
                WebhookReceiver live = new WebhookReceiver();
                KafkaProducer<String, byte[]> producer = producer()) {
            settings("esc-ack", first, second);
            settings("esc-open", first, second);
            settings("esc-hang", hanging);
            settings("esc-live", live);
            Notifier notifier = Notifier.start(config(ops, "escalation-it"));
            try {
                // (a) Acknowledged: the second contact refuses while the escalation to it is retried; the
                // acknowledgement stops it, and it never arrives.
                second.failing(true);
                String acked = UUID.randomUUID().toString();
                publish(producer, alert(acked, "esc-ack", "CRITICAL", "OPEN", 1));
                await("first contact paged for " + acked, () -> keys(first).contains(acked + ":1"));
                await("escalation to the second contact being retried", () -> second.refused() >= 2);
                Instant ackAt = acknowledge(acked, 1, "CRITICAL");
                await("escalation held", () -> state(acked, 1).equals("held"));
                Duration ackToStopped = Duration.between(ackAt, settledAt(acked, 1));
                second.failing(false);

                // (b) Not acknowledged: the second contact gets it after the delay.
                String open = UUID.randomUUID().toString();
                publish(producer, alert(open, "esc-open", "CRITICAL", "OPEN", 1));
                await("second contact paged for " + open, () -> keys(second).contains(open + ":1:1"));
                Duration firstToSecond = Duration.between(arrival(first, open + ":1"), arrival(second, open + ":1:1"));
                assertThat(firstToSecond)
                        .as("escalated after the delay, not before")
                        .isGreaterThanOrEqualTo(CRITICAL_AFTER.minusMillis(500))
                        .isLessThan(CRITICAL_AFTER.plusSeconds(10));
                assertThat(keys(second))
                        .as("the acknowledged alert never reached the second contact")
                        .noneMatch(k -> k.startsWith(acked));

                // An acknowledgement before the escalation is due holds it; a REOPEN lets it go at once.
                String reopened = UUID.randomUUID().toString();
                publish(producer, alert(reopened, "esc-ack", "CRITICAL", "OPEN", 1));
                await("first contact paged for " + reopened, () -> keys(first).contains(reopened + ":1"));
                acknowledge(reopened, 1, "CRITICAL");
                await("escalation held when due", () -> state(reopened, 1).equals("held"));
                Instant reopenAt = act(reopened, 1, "CRITICAL", "REOPEN");
                await(
                        "second contact paged after the reopen",
                        () -> keys(second).contains(reopened + ":1:1"));
                Duration reopenToEscalated = Duration.between(reopenAt, arrival(second, reopened + ":1:1"));
                publish(producer, alert(reopened, "esc-ack", "CRITICAL", "CLOSED", 2));

                // A snooze postpones the escalation to its end; an escalation to CRITICAL overrides an acknowledgement
                // of the HIGH (HIGH itself escalates only after an hour here).
                String snoozed = UUID.randomUUID().toString();
                publish(producer, alert(snoozed, "esc-ack", "CRITICAL", "OPEN", 1));
                await("first contact paged for " + snoozed, () -> keys(first).contains(snoozed + ":1"));
                Instant snoozeUntil = snooze(snoozed, CRITICAL_AFTER.multipliedBy(2));
                String rose = UUID.randomUUID().toString();
                publish(producer, alert(rose, "esc-ack", "HIGH", "OPEN", 1));
                await("first contact paged for " + rose, () -> keys(first).contains(rose + ":1"));
                acknowledge(rose, 1, "HIGH");
                publish(producer, alert(rose, "esc-ack", "CRITICAL", "OPEN", 2));
                await(
                        "the CRITICAL escalated despite the acknowledgement of the HIGH",
                        () -> keys(second).contains(rose + ":2:1"));
                await(
                        "the snoozed escalation after the snooze",
                        () -> keys(second).contains(snoozed + ":1:1"));
                assertThat(arrival(second, snoozed + ":1:1"))
                        .as("not before the snooze ended")
                        .isAfter(snoozeUntil);
                publish(producer, alert(snoozed, "esc-ack", "CRITICAL", "CLOSED", 2));
                publish(producer, alert(rose, "esc-ack", "CRITICAL", "CLOSED", 3));

                // (c) Both alerts end: an all clear to everyone paged for each, and only to them.
                publish(producer, alert(acked, "esc-ack", "CRITICAL", "CLOSED", 2));
                publish(producer, alert(open, "esc-open", "CRITICAL", "CLOSED", 2));
                await(
                        "all clears",
                        () -> keys(first)
                                        .containsAll(List.of(
                                                acked + ":2",
                                                open + ":2",
                                                reopened + ":2",
                                                snoozed + ":2",
                                                rose + ":3"))
                                && keys(second)
                                        .containsAll(List.of(
                                                open + ":2:1", reopened + ":2:1", snoozed + ":2:1", rose + ":3:1")));

                // (e) A receiver that hangs holds up only its own deliveries.
                hanging.hanging(true);
                String stuck = UUID.randomUUID().toString();
                String other = UUID.randomUUID().toString();
                publish(producer, alert(stuck, "esc-hang", "HIGH", "OPEN", 1));
                await("a request hanging", () -> hanging.hung() >= 1);
                Instant sent = Instant.now();
                publish(producer, alert(other, "esc-live", "HIGH", "OPEN", 1));
                await("the other receiver paged", () -> keys(live).contains(other + ":1"));
                Duration besideHanging = Duration.between(sent, arrival(live, other + ":1"));
                assertThat(besideHanging)
                        .as("delivered while the other receiver hangs (its timeout is 30 s)")
                        .isLessThan(Duration.ofSeconds(10));
                hanging.hanging(false);

                // (d) A restart with deliveries pending, then a notifier of another consumer group that reads the
                // whole topic again: the ledger turns every copy into nothing new.
                ops.failing(true);
                List<String> batch = new java.util.ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    String id = UUID.randomUUID().toString();
                    batch.add(id);
                    publish(producer, alert(id, "esc-default-" + i, "HIGH", "OPEN", 1));
                }
                await("deliveries pending and retried", () -> ops.refused() >= batch.size());
                String metrics = scrape(notifier.metricsPort());
                notifier.close();
                for (String id : batch) {
                    publish(producer, alert(id, "esc-default-" + batch.indexOf(id), "CRITICAL", "OPEN", 2));
                }
                notifier = Notifier.start(config(ops, "escalation-it"));
                ops.failing(false);
                await(
                        "every revision delivered after the restart",
                        () -> keys(ops).size() >= 2 * batch.size());
                notifier.close();
                notifier = Notifier.start(config(ops, "escalation-it-rereads"));
                stack.awaitCaughtUp(TOPIC, "escalation-it-rereads", TIMEOUT);
                // Everything due is delivered or settled: nothing more can be sent for what is on the topic.
                await("nothing due", () -> ledgerCount("state = 'pending' AND next_attempt_at <= now()") == 0);
                notifier.close();

                List<String> all = new java.util.ArrayList<>();
                for (WebhookReceiver r : List.of(ops, first, second, hanging, live)) {
                    all.addAll(keys(r));
                }
                long deliveredRows = ledgerCount("state = 'delivered'");
                System.out.printf(
                        "escalation: acknowledgement to escalation stopped %d ms (retried while refused, then held);"
                                + " reopen to escalation delivered %d ms;"
                                + " first to second contact %d ms (delay %d ms); beside a hanging receiver %d ms;"
                                + " across a restart and a re-read of the topic: %d deliveries, %d distinct, %d"
                                + " ledger rows delivered; ledger by state %s%n",
                        ackToStopped.toMillis(),
                        reopenToEscalated.toMillis(),
                        firstToSecond.toMillis(),
                        CRITICAL_AFTER.toMillis(),
                        besideHanging.toMillis(),
                        all.size(),
                        new HashSet<>(all).size(),
                        deliveredRows,
                        byState());
                assertThat(ackToStopped)
                        .as("acknowledgement to escalation stopped")
                        .isLessThan(Duration.ofSeconds(3));
                assertThat(all).as("each (alert, revision, step) accepted once").doesNotHaveDuplicates();
                assertThat((long) all.size())
                        .as("receivers hold what the ledger says was delivered")
                        .isEqualTo(deliveredRows);
                assertThat(keys(ops))
                        .containsExactlyInAnyOrderElementsOf(batch.stream()
                                .flatMap(id -> java.util.stream.Stream.of(id + ":1", id + ":2"))
                                .toList());
                assertThat(kinds(second))
                        .containsExactlyInAnyOrder(
                                "NEW", "ALL_CLEAR", "NEW", "ALL_CLEAR", "NEW", "ALL_CLEAR", "ESCALATED", "ALL_CLEAR");
                assertThat(reopenToEscalated).as("reopen to escalation").isLessThan(Duration.ofSeconds(3));
                assertThat(keys(hanging))
                        .as("the hanging receiver's page, once let go")
                        .containsExactly(stuck + ":1");
                assertThat(metrics)
                        .contains("heartbeat_notifier_pending ")
                        .contains("heartbeat_notifier_oldest_due_age_seconds ")
                        .contains("heartbeat_notifier_deliveries_total{kind=\"ALL_CLEAR\"} 9.0")
                        .contains("heartbeat_notifier_escalations_total 4.0")
                        .contains(retried("contact-2:webhook"))
                        .contains(retried("webhook"));
            } finally {
                hanging.hanging(false);
                notifier.close();
            }
        }
    }

    private static NotifierConfig config(WebhookReceiver ops, String group) {
        Map<String, String> env = STACK.stack().notifierEnvironment(TOPIC, group, ops);
        env.put(NotifierConfig.RETRY_MAX, "500ms");
        env.put(NotifierConfig.HTTP_TIMEOUT, "30s");
        env.put(NotifierConfig.ESCALATE_CRITICAL_AFTER, CRITICAL_AFTER.toMillis() + "ms");
        env.put(NotifierConfig.ESCALATE_HIGH_AFTER, "1h");
        // Never night, so that no notice waits whatever the hour of the test.
        env.put(NotifierConfig.NIGHT, "00:00-00:01");
        return NotifierConfig.fromEnvironment(env, KafkaSecurity.PLAINTEXT);
    }

    private static KafkaProducer<String, byte[]> producer() {
        return AlertRevisions.producer(STACK.stack());
    }

    private static byte[] alert(String id, String customer, String severity, String status, int revision) {
        return AlertRevisions.json(id, customer, severity, status, revision);
    }

    private static void publish(KafkaProducer<String, byte[]> producer, byte[] alert) throws Exception {
        AlertRevisions.publish(producer, TOPIC, alert);
    }

    /** The customer's settings row as the job stores an accepted message: the contacts in order. */
    private static void settings(String customer, WebhookReceiver... contacts) throws Exception {
        List<AlertRevisions.Contact> list = new java.util.ArrayList<>();
        for (WebhookReceiver contact : contacts) {
            list.add(new AlertRevisions.Contact("webhook", contact.url()));
        }
        AlertRevisions.contacts(STACK.stack(), customer, list);
    }

    /** An acknowledgement as the care console records it; returns when it was committed. */
    private static Instant acknowledge(String alertId, int revision, String severity) throws Exception {
        return act(alertId, revision, severity, "ACKNOWLEDGE");
    }

    /** A snooze as the care console records it, for {@code length} from now; returns its end. */
    private static Instant snooze(String alertId, Duration length) throws Exception {
        try (Connection db = STACK.stack().connect();
                PreparedStatement insert = db.prepareStatement("INSERT INTO alert_actions"
                        + " (alert_id, revision, severity, action, snooze_until, actor) VALUES (?::uuid, 1, 'CRITICAL',"
                        + " 'SNOOZE', now() + ? * interval '1 millisecond', 'carer-1') RETURNING snooze_until")) {
            insert.setString(1, alertId);
            insert.setLong(2, length.toMillis());
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getTimestamp(1).toInstant();
            }
        }
    }

    private static Instant act(String alertId, int revision, String severity, String action) throws Exception {
        try (Connection db = STACK.stack().connect();
                PreparedStatement insert = db.prepareStatement("INSERT INTO alert_actions"
                        + " (alert_id, revision, severity, action, actor, note) VALUES (?::uuid, ?, ?, ?,"
                        + " 'carer-1', 'on my way') RETURNING acted_at")) {
            insert.setString(1, alertId);
            insert.setInt(2, revision);
            insert.setString(3, severity);
            insert.setString(4, action);
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getTimestamp(1).toInstant();
            }
        }
    }

    private static String state(String alertId, int step) throws Exception {
        Object value = single("SELECT coalesce(min(state), '') FROM alert_notifications WHERE alert_id = '" + alertId
                + "'::uuid AND revision = 1 AND step = " + step);
        return (String) value;
    }

    private static Instant settledAt(String alertId, int step) throws Exception {
        return ((Timestamp) single("SELECT settled_at FROM alert_notifications WHERE alert_id = '" + alertId
                        + "'::uuid AND revision = 1 AND step = " + step))
                .toInstant();
    }

    private static long ledgerCount(String where) throws Exception {
        return (Long) single("SELECT count(*) FROM alert_notifications WHERE " + where);
    }

    private static Object byState() throws Exception {
        try (Connection db = STACK.stack().connect()) {
            return TestStack.rows(db, "SELECT state, count(*) FROM alert_notifications GROUP BY 1 ORDER BY 1");
        }
    }

    private static Object single(String sql) throws Exception {
        try (Connection db = STACK.stack().connect()) {
            return TestStack.rows(db, sql).get(0).get(0);
        }
    }

    private static List<String> keys(WebhookReceiver receiver) {
        return receiver.accepted().stream()
                .map(WebhookReceiver.Received::idempotencyKey)
                .toList();
    }

    private static List<String> kinds(WebhookReceiver receiver) throws Exception {
        List<String> kinds = new java.util.ArrayList<>();
        for (WebhookReceiver.Received r : receiver.accepted()) {
            JsonNode body = JSON.readTree(r.body());
            kinds.add(body.get("kind").asText());
        }
        return kinds;
    }

    private static Instant arrival(WebhookReceiver receiver, String key) {
        return receiver.accepted().stream()
                .filter(r -> key.equals(r.idempotencyKey()))
                .findFirst()
                .orElseThrow()
                .at();
    }

    private static void await(String what, Await.Condition condition) throws Exception {
        Await.until(what, TIMEOUT, condition);
    }

    /** The series of failed attempts (retried) to {@code contactPoint}, as the endpoint writes it. */
    private static String retried(String contactPoint) {
        return "heartbeat_notifier_failures_total{contact_point=\"" + contactPoint + "\",final=\"false\"}";
    }

    /** The notifier's Prometheus endpoint, as Prometheus reads it. */
    private static String scrape(int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return response.body();
    }
}
