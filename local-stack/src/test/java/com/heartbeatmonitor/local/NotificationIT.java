package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.heartbeatmonitor.generator.GeneratedMessage;
import com.heartbeatmonitor.notifier.Notifier;
import com.heartbeatmonitor.notifier.NotifierConfig;
import com.heartbeatmonitor.security.KafkaSecurity;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clinical alerts reach a person exactly once per notifiable revision, with every part real: the job on a
 * MiniCluster turns scripted patients into alerts (six open HIGH and escalate to CRITICAL), the notifier reads the
 * alerts topic into its ledger in PostgreSQL as its own role, and a local HTTP server is the contact point.
 *
 * <p>On the way: the job is cancelled and restored from a savepoint taken before half of the alerts, so it
 * publishes those revisions a second time; the receiver answers 500 for a while, so deliveries are retried; and
 * the notifier is stopped while deliveries are pending and alerts keep coming, then started again. At the end the
 * receiver has accepted each notifiable (alert_id, revision) of the topic exactly once, and the all clear of each
 * alert (its closing revision) exactly once.
 */
class NotificationIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String TOPIC = "notify-heartbeats";
    private static final String GROUP = "notify-job";
    private static final String NOTIFIER_GROUP = "notifier-it";
    private static final int SAVEPOINT_AT = 65;
    private static final int RESTORED_UNTIL = 105;
    private static final int NOTIFIER_STOPPED_AT = 150;
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestStack.miniCluster();

    @RegisterExtension
    static final TestStackExtension STACK = new TestStackExtension();

    @Test
    void everyNewAndEscalatedAlertIsDeliveredOnceAcrossAJobRestoreRetriesAndANotifierRestart(@TempDir Path savepoints)
            throws Exception {
        TestStack stack = STACK.stack();
        stack.broker.createTopic(TOPIC, 2);
        AlertScript script =
                new AlertScript(Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS));
        Map<TestStack.Coordinates, GeneratedMessage> sent = new HashMap<>();
        try (WebhookReceiver receiver = new WebhookReceiver();
                RawProducer producer = new RawProducer(stack.broker.bootstrapServers(), TOPIC)) {
            Notifier notifier = Notifier.start(notifierConfig(receiver));
            JobClient first = stack.startJob(new Configuration(), TOPIC, GROUP, AlertScript.DETECTION);
            JobClient second = null;
            try {
                // Up to the savepoint: the first two alerts open.
                sent.putAll(producer.send(script.seconds(0, SAVEPOINT_AT)));
                stack.awaitRows(TOPIC, sent.size(), TIMEOUT);
                String savepoint = first.triggerSavepoint(savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                        .get();

                // After it, the first job opens the other two and escalates all four; all eight are delivered.
                sent.putAll(producer.send(script.seconds(SAVEPOINT_AT, RESTORED_UNTIL)));
                awaitLedger("state = 'delivered'", 2 * AlertScript.TACHY_PATIENTS);
                long published = topicRecords();

                // The job dies and is restored from the older savepoint: it reads and publishes those again.
                first.cancel().get();
                Configuration restore = new Configuration();
                restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
                second = stack.startJob(restore, TOPIC, GROUP, AlertScript.DETECTION);
                awaitTopicRecords(published + 1);

                // The contact point goes down: the two bradycardia alerts that open now stay pending and are retried.
                receiver.failing(true);
                sent.putAll(producer.send(script.seconds(RESTORED_UNTIL, NOTIFIER_STOPPED_AT)));
                awaitLedger("state = 'pending' AND attempts >= 2", AlertScript.BRADY_PATIENTS);

                // The notifier stops with deliveries pending; both alerts escalate while it is away.
                notifier.close();
                sent.putAll(producer.send(script.seconds(NOTIFIER_STOPPED_AT, AlertScript.END)));
                stack.awaitCount(
                        "SELECT count(*) FROM alerts WHERE customer_id LIKE ? AND status = 'CLOSED'",
                        AlertScript.TACHY_PATIENTS + AlertScript.BRADY_PATIENTS,
                        TIMEOUT,
                        "notify-%");

                // Started again (the contact point still down for a moment), it records what it missed and retries:
                // each of the four pending notifications is refused once more before the contact point is back.
                int refusedBeforeRestart = receiver.refused();
                notifier = Notifier.start(notifierConfig(receiver));
                awaitLedger("state = 'pending'", 2 * AlertScript.BRADY_PATIENTS);
                awaitRefused(receiver, refusedBeforeRestart + 2 * AlertScript.BRADY_PATIENTS);
                receiver.failing(false);
                awaitLedger("state = 'delivered'", AlertScript.NOTIFICATIONS);
                // Every alert has closed: each is followed by an all clear to the contact point that was paged.
                STACK.stack()
                        .awaitCount(
                                "SELECT count(*) FROM alert_notifications WHERE kind = 'ALL_CLEAR' AND state ="
                                        + " 'delivered'",
                                AlertScript.TACHY_PATIENTS + AlertScript.BRADY_PATIENTS,
                                TIMEOUT);

                // Nothing more to come: the job has stored every heartbeat and committed its offsets at the end of
                // the topic (a checkpoint after its last write), so it is stopped with nothing left to publish;
                // the notifier has read the whole alerts topic into its ledger and is stopped, so what the
                // receiver holds is all it will ever get.
                stack.awaitRows(TOPIC, sent.size(), TIMEOUT);
                stack.awaitCaughtUp(TOPIC, GROUP, TIMEOUT);
                cancel(second);
                stack.awaitCaughtUp(TestStack.ALERTS_TOPIC, NOTIFIER_GROUP, TIMEOUT);
                notifier.close();
            } finally {
                notifier.close();
                for (JobClient job : new JobClient[] {first, second}) {
                    if (job != null && !job.getJobStatus().get().isTerminalState()) {
                        job.cancel().get();
                    }
                }
            }

            TestStack.Accounting accounting = stack.account(TOPIC, sent);
            Map<String, Integer> copiesOnTopic = notifiableOnTopic();
            List<String> deliveredKeys = keys(receiver, Set.of("NEW", "ESCALATED"));
            List<String> allClearKeys = keys(receiver, Set.of("ALL_CLEAR"));
            long republished =
                    copiesOnTopic.values().stream().filter(n -> n > 1).count();
            List<List<Object>> ledger;
            Set<String> alertIds;
            List<String> endings;
            try (Connection db = stack.connect()) {
                ledger = TestStack.rows(
                        db,
                        "SELECT count(*), count(*) FILTER (WHERE state = 'delivered'), max(attempts),"
                                + " sum(attempts) - count(*) FROM alert_notifications WHERE kind IN ('NEW',"
                                + " 'ESCALATED')");
                endings = TestStack.rows(
                                db,
                                "SELECT alert_id::text || ':' || revision FROM alerts WHERE severity IN ('HIGH',"
                                        + " 'CRITICAL') AND status = 'CLOSED'")
                        .stream()
                        .map(row -> (String) row.get(0))
                        .toList();
                alertIds =
                        TestStack.rows(db, "SELECT alert_id::text FROM alerts WHERE severity IN ('HIGH', 'CRITICAL')")
                                .stream()
                                .map(row -> (String) row.get(0))
                                .collect(Collectors.toCollection(TreeSet::new));
            }
            System.out.printf(
                    "notifications: %d notifiable revisions on the topic (%d of them published more than once), "
                            + "%d accepted by the receiver (%d distinct), %d requests refused with 500; ledger "
                            + "[rows, delivered, max attempts, failed attempts] %s; %s; heartbeats %s%n",
                    copiesOnTopic.size(),
                    republished,
                    deliveredKeys.size(),
                    new HashSet<>(deliveredKeys).size(),
                    receiver.refused(),
                    ledger.get(0),
                    notifier.status(),
                    accounting);

            accounting.assertExactlyOnce(TOPIC);
            assertThat(accounting.produced())
                    .as("heartbeats sent: the whole script")
                    .isEqualTo((long) AlertScript.END * AlertScript.MESSAGES_PER_SECOND);

            assertThat(copiesOnTopic).as("notifiable revisions on the topic").hasSize(AlertScript.NOTIFICATIONS);
            assertThat(republished)
                    .as("revisions the restored job published again (what the ledger has to absorb)")
                    .isPositive();
            assertThat(deliveredKeys)
                    .as("each notifiable revision accepted exactly once")
                    .hasSize(AlertScript.NOTIFICATIONS)
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(copiesOnTopic.keySet());
            assertThat(deliveredKeys.stream().map(key -> key.split(":")[0]).collect(Collectors.toSet()))
                    .as("every HIGH/CRITICAL alert of the alerts table was notified")
                    .isEqualTo(alertIds);
            assertThat(allClearKeys)
                    .as("one all clear per alert, keyed by its closing revision")
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(endings)
                    .hasSize(AlertScript.TACHY_PATIENTS + AlertScript.BRADY_PATIENTS);
            assertThat(receiver.refused())
                    .as("deliveries refused while the contact point was down")
                    .isPositive();
            assertThat(ledger.get(0).subList(0, 2))
                    .isEqualTo(List.of((long) AlertScript.NOTIFICATIONS, (long) AlertScript.NOTIFICATIONS));
            for (WebhookReceiver.Received received : receiver.accepted()) {
                JsonNode body = JSON.readTree(received.body());
                if (!Set.of("NEW", "ESCALATED").contains(body.get("kind").asText())) {
                    continue;
                }
                assertThat(received.contentType()).isEqualTo("application/json");
                assertThat(body.get("idempotency_key").asText()).isEqualTo(received.idempotencyKey());
                JsonNode alert = body.get("alert");
                assertThat(alert.get("alert_id").asText() + ":"
                                + alert.get("revision").asInt())
                        .isEqualTo(received.idempotencyKey());
                assertThat(body.get("kind").asText())
                        .isEqualTo(alert.get("revision").asInt() == 1 ? "NEW" : "ESCALATED");
                assertThat(alert.get("severity").asText())
                        .isEqualTo(alert.get("revision").asInt() == 1 ? "HIGH" : "CRITICAL");
            }
        }
    }

    /** Idempotency keys of the requests accepted whose body's kind is one of {@code kinds}. */
    private static List<String> keys(WebhookReceiver receiver, Set<String> kinds) throws Exception {
        List<String> keys = new ArrayList<>();
        for (WebhookReceiver.Received received : receiver.accepted()) {
            if (kinds.contains(JSON.readTree(received.body()).get("kind").asText())) {
                keys.add(received.idempotencyKey());
            }
        }
        return keys;
    }

    private static NotifierConfig notifierConfig(WebhookReceiver receiver) {
        Map<String, String> env = STACK.stack().notifierEnvironment(TestStack.ALERTS_TOPIC, NOTIFIER_GROUP, receiver);
        env.put(NotifierConfig.RETRY_MAX, "1s");
        env.put(NotifierConfig.HTTP_TIMEOUT, "5s");
        return NotifierConfig.fromEnvironment(env, KafkaSecurity.PLAINTEXT);
    }

    /** Waits for pages (NEW, ESCALATED) of the ledger; the all clears are counted apart. */
    private static void awaitLedger(String where, long expected) throws Exception {
        long rows = STACK.stack()
                .awaitCount(
                        "SELECT count(*) FROM alert_notifications WHERE kind IN ('NEW', 'ESCALATED') AND " + where,
                        expected,
                        TIMEOUT);
        assertThat(rows).as("ledger rows where " + where).isGreaterThanOrEqualTo(expected);
    }

    /** Every (alert_id:revision) the job published as OPEN at HIGH or CRITICAL, with how often it is on the topic. */
    private static Map<String, Integer> notifiableOnTopic() throws Exception {
        Map<String, Integer> copies = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : readAlertsTopic()) {
            JsonNode alert = JSON.readTree(record.value());
            if (alert.get("status").asText().equals("OPEN")
                    && Set.of("HIGH", "CRITICAL").contains(alert.get("severity").asText())) {
                copies.merge(
                        alert.get("alert_id").asText() + ":"
                                + alert.get("revision").asInt(),
                        1,
                        Integer::sum);
            }
        }
        return copies;
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAlertsTopic() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, STACK.stack().broker.bootstrapServers());
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TestStack.ALERTS_TOPIC).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    private static long topicRecords() throws Exception {
        return endOffsets().values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map<TopicPartition, Long> endOffsets() throws Exception {
        try (Admin admin = STACK.stack().broker.admin()) {
            var partitions = admin.describeTopics(List.of(TestStack.ALERTS_TOPIC))
                    .allTopicNames()
                    .get()
                    .get(TestStack.ALERTS_TOPIC)
                    .partitions();
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(
                    new TopicPartition(TestStack.ALERTS_TOPIC, p.partition()),
                    org.apache.kafka.clients.admin.OffsetSpec.latest()));
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
            return end;
        }
    }

    private static void awaitTopicRecords(long atLeast) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (topicRecords() < atLeast) {
            assertThat(System.nanoTime())
                    .as("alerts published again by the restored job")
                    .isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    private static void cancel(JobClient job) throws Exception {
        job.cancel().get();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!job.getJobStatus().get().isTerminalState()) {
            assertThat(System.nanoTime()).as("job %s cancelled", job.getJobID()).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static void awaitRefused(WebhookReceiver receiver, int atLeast) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (receiver.refused() < atLeast) {
            assertThat(System.nanoTime())
                    .as("deliveries refused by the contact point: %d, expected %d", receiver.refused(), atLeast)
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
