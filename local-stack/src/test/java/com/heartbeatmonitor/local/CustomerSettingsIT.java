package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Per-customer settings through the real parts: heartbeat-admin (the command itself) writes the compacted topic of
 * a real Kafka broker, the production job reads it next to the readings and writes PostgreSQL. Clinical profile
 * (above 100 bpm for 30 s). The customer's high threshold becomes 120 from second 90 of the script: the episode
 * above 100 closes, a later one above 120 opens judged by 120; a bad setting ends in rejected_settings; a reset
 * removes the current row and is recorded in the history.
 */
class CustomerSettingsIT {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String CUSTOMER = "settings-it-a";

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestStack.miniCluster();

    @RegisterExtension
    static final TestStackExtension STACK = new TestStackExtension();

    @Test
    void thresholdsSetWithTheAdminCommandJudgeTheReadingsFromTheirEffectiveTime() throws Exception {
        TestStack stack = STACK.stack();
        String topic = "settings-it";
        stack.broker.createTopic(topic, 2);
        // Event time an hour ago, each record stamped at its reading's time: the script runs as fast as it is sent.
        Instant t0 = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MINUTES);
        JobClient job = stack.startJob(new Configuration(), topic, topic, "--detection-profile", "clinical");
        try {
            assertThat(admin("settings", "set", CUSTOMER, "--high", "160"))
                    .as("refused before sending: outside the bounds")
                    .startsWith("2|")
                    .contains("'high_bpm' 160 is outside the allowed 100-150 bpm");
            assertThat(admin(
                            "settings",
                            "set",
                            CUSTOMER,
                            "--high",
                            "120",
                            "--time-zone",
                            "Europe/Berlin",
                            "--contact",
                            "webhook:https://care.example/hook",
                            "--effective-at",
                            t0.plusSeconds(90).toString()))
                    .startsWith("0|");
            sendRaw("settings-it-b", "{\"version\":1,\"high_bpm\":\"many\"}");
            stack.awaitCount("SELECT count(*) FROM customer_settings WHERE customer_id = ?", 1, TIMEOUT, CUSTOMER);
            assertThat(admin("settings", "get", CUSTOMER))
                    .contains("\"high_bpm\":120")
                    .contains("Europe/Berlin");

            List<RawProducer.Addressed> readings = new ArrayList<>();
            for (int s = 0; s < 300; s++) {
                readings.add(
                        new RawProducer.Addressed(0, ScriptedReading.at(t0, CUSTOMER, s, s < 150 ? 110 : 130, null)));
            }
            try (RawProducer producer = new RawProducer(stack.broker.bootstrapServers(), topic)) {
                producer.sendAtEventTime(readings);
            }
            stack.awaitCount(
                    "SELECT count(*) FROM alerts WHERE customer_id = ? AND high_bpm = 120 AND status = 'OPEN'",
                    1,
                    TIMEOUT,
                    CUSTOMER);
            assertThat(alerts(t0))
                    .containsExactly(
                            // above the default 100 from the start; closed at its last reading before 120 applied
                            List.of(0L, 89L, 120, 1L, "CLOSED"),
                            // above the customer's 120 from second 150
                            List.of(150L, -1L, 120, 1L, "OPEN"));
            stack.awaitCount(
                    "SELECT count(*) FROM rejected_settings WHERE customer_id = 'settings-it-b' AND reason = ?",
                    1,
                    TIMEOUT,
                    "WRONG_TYPE");

            assertThat(admin("settings", "reset", CUSTOMER)).startsWith("0|");
            stack.awaitCount(
                    "SELECT count(*) FROM customer_settings_history WHERE customer_id = ? AND reset",
                    1,
                    TIMEOUT,
                    CUSTOMER);
            assertThat(stack.awaitCount(
                            "SELECT count(*) FROM customer_settings WHERE customer_id = ?", 0, TIMEOUT, CUSTOMER))
                    .isZero();
            assertThat(admin("settings", "get", CUSTOMER)).startsWith("1|").contains("the deployment's defaults");
        } finally {
            job.cancel().get();
        }
    }

    /** [started second, ended second or -1, high_bpm, settings_version, status] of the customer's alerts. */
    private static List<List<Object>> alerts(Instant t0) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection db = STACK.stack().connect();
                PreparedStatement query = db.prepareStatement("SELECT extract(epoch FROM started_at)::bigint - ?,"
                        + " coalesce(extract(epoch FROM ended_at)::bigint - ?, -1), high_bpm, settings_version, status"
                        + " FROM alerts WHERE customer_id = ? ORDER BY started_at")) {
            query.setLong(1, t0.getEpochSecond());
            query.setLong(2, t0.getEpochSecond());
            query.setString(3, CUSTOMER);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    rows.add(List.of(
                            rs.getLong(1), rs.getLong(2), (int) rs.getShort(3), rs.getLong(4), rs.getString(5)));
                }
            }
        }
        return rows;
    }

    /** Runs heartbeat-admin against this stack; returns "exit code|what it printed". */
    private static String admin(String... args) {
        return STACK.stack().admin(args);
    }

    /** A message of the settings topic that heartbeat-admin would never send. */
    private static void sendRaw(String customer, String json) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, STACK.stack().broker.bootstrapServers());
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TestStack.SETTINGS_TOPIC, customer, json))
                    .get();
        }
    }
}
