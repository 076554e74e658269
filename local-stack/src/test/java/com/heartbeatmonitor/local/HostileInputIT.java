package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.heartbeatmonitor.job.validation.PayloadPreview;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The hostile input corpus through the real pipeline (KRaft broker, MiniCluster, PostgreSQL): each case
 * ends as exactly one reading or exactly one rejection with its specific reason, the stored preview of a
 * rejected payload is bounded and printable, and no input makes the job fail (it runs with restarts off).
 */
class HostileInputIT {

    private static final String TOPIC = "heartbeats-hostile";
    /** Room for the corpus's 5 MB message: it must reach the job to be rejected there, not at the broker. */
    private static final int MAX_MESSAGE_BYTES = 6 * 1024 * 1024;
    /** The preview's character limit plus its "...(N bytes in all)" suffix. */
    private static final int MAX_STORED_PAYLOAD_CHARS = PayloadPreview.MAX_CHARS + 40;

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestStack.miniCluster();

    @RegisterExtension
    static final TestStackExtension STACK = new TestStackExtension();

    @Test
    void everyHostileCaseEndsAsOneReadingOrOneRejectionWithItsReasonAndTheJobNeverFails() throws Exception {
        List<HostileCorpus.Case> corpus = HostileCorpus.load(Instant.now());
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(40);
        assertThat(new HashSet<>(corpus.stream().map(HostileCorpus.Case::name).toList()))
                .hasSameSizeAs(corpus);
        Map<Long, HostileCorpus.Case> byOffset = send(corpus);

        Configuration noRestarts = new Configuration();
        noRestarts.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        // One partition and one subtask: writes happen in the order sent, so which of two messages with the
        // same event_id is stored first (the other one is rejected) is the corpus's order, not a race.
        STACK.stack().runJobToEndOfTopic(noRestarts, TOPIC, "hostile", "--parallelism", "1");

        List<String> problems = new ArrayList<>();
        try (Connection db = STACK.stack().connect();
                PreparedStatement readings = db.prepareStatement("SELECT customer_id, heart_rate, event_id::text "
                        + "FROM heartbeats WHERE kafka_topic = ? AND kafka_partition = 0 AND kafka_offset = ?");
                PreparedStatement rejections = db.prepareStatement("SELECT reason, detail, raw_payload "
                        + "FROM rejected_heartbeats WHERE kafka_topic = ? AND kafka_partition = 0 AND "
                        + "kafka_offset = ?")) {
            for (Map.Entry<Long, HostileCorpus.Case> entry : byOffset.entrySet()) {
                HostileCorpus.Case c = entry.getValue();
                List<List<Object>> stored = query(readings, entry.getKey());
                List<List<Object>> rejected = query(rejections, entry.getKey());
                String outcome = stored.size() == 1 && rejected.isEmpty()
                        ? HostileCorpus.STORED
                        : rejected.size() == 1 && stored.isEmpty()
                                ? (String) rejected.get(0).get(0)
                                : stored.size() + " readings and " + rejected.size() + " rejections";
                if (!outcome.equals(c.expected())) {
                    problems.add(c.name() + ": expected " + c.expected() + ", got " + outcome
                            + (rejected.isEmpty() ? "" : " (" + rejected.get(0).get(1) + ")"));
                } else if (c.stored()) {
                    checkReading(c, stored.get(0), problems);
                } else {
                    checkRejection(c, rejected.get(0), problems);
                }
            }
            assertThat(problems).as("cases that did not end as the corpus says").isEmpty();
            long storedCases =
                    corpus.stream().filter(HostileCorpus.Case::stored).count();
            assertThat(TestStack.rows(
                            db, "SELECT (SELECT count(*) FROM heartbeats), (SELECT count(*) FROM rejected_heartbeats)"))
                    .containsExactly(List.of(storedCases, corpus.size() - storedCases));
        }
    }

    /** Sends the cases in order to a one-partition topic; returns them by offset. */
    private static Map<Long, HostileCorpus.Case> send(List<HostileCorpus.Case> corpus) throws Exception {
        STACK.stack()
                .broker
                .admin()
                .createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1)
                        .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(MAX_MESSAGE_BYTES)))))
                .all()
                .get();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, STACK.stack().broker.bootstrapServers());
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_MESSAGE_BYTES);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 4L * MAX_MESSAGE_BYTES);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        Map<Long, HostileCorpus.Case> byOffset = new LinkedHashMap<>();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (HostileCorpus.Case c : corpus) {
                long offset = producer.send(new ProducerRecord<>(TOPIC, c.payload()))
                        .get()
                        .offset();
                byOffset.put(offset, c);
            }
        }
        return byOffset;
    }

    /** A stored case holds the customer and heart rate its JSON says (a byte order mark is not part of the JSON). */
    private static void checkReading(HostileCorpus.Case c, List<Object> row, List<String> problems) throws Exception {
        String text = new String(c.payload(), StandardCharsets.UTF_8).replaceFirst("^\uFEFF", "");
        JsonNode json = JSON.readTree(text);
        if (!json.get("customer_id").asText().equals(row.get(0))
                || json.get("heart_rate").asInt() != ((Number) row.get(1)).intValue()
                || !json.get("event_id").asText().equalsIgnoreCase((String) row.get(2))) {
            problems.add(c.name() + ": stored " + row + " differs from " + text);
        }
    }

    /** A rejection says why, and its stored payload is bounded and safe to show anywhere. */
    private static void checkRejection(HostileCorpus.Case c, List<Object> row, List<String> problems) {
        String detail = (String) row.get(1);
        String payload = (String) row.get(2);
        if (detail == null || detail.isBlank()) {
            problems.add(c.name() + ": rejection without detail");
        }
        if (payload.length() > MAX_STORED_PAYLOAD_CHARS) {
            problems.add(c.name() + ": stored payload has " + payload.length() + " characters");
        }
        payload.chars()
                .filter(HostileInputIT::unsafeToShow)
                .findFirst()
                .ifPresent(ch -> problems.add(
                        c.name() + ": stored payload holds the unprintable character U+" + Integer.toHexString(ch)));
    }

    private static boolean unsafeToShow(int c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    }

    private static List<List<Object>> query(PreparedStatement statement, long offset) throws Exception {
        statement.setString(1, TOPIC);
        statement.setLong(2, offset);
        List<List<Object>> rows = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                rows.add(List.of(rs.getObject(1), rs.getObject(2), rs.getObject(3)));
            }
        }
        return rows;
    }
}
