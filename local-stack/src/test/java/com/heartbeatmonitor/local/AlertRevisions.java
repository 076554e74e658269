package com.heartbeatmonitor.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the notifier's tests feed it without the job: alert revisions as the job's AlertKafkaSink publishes them, and
 * customers' contacts as the job stores an accepted settings message.
 */
final class AlertRevisions {

    /** One contact of a customer's settings: webhook, slack or email, and its URL or address. */
    record Contact(String type, String target) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertRevisions() {}

    static KafkaProducer<String, byte[]> producer(TestStack stack) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.broker.bootstrapServers());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** One TACHYCARDIA revision as the job's AlertKafkaSink writes it. */
    static byte[] json(String id, String customer, String severity, String status, int revision) {
        ObjectNode node = JSON.createObjectNode();
        node.put("alert_id", id);
        node.put("customer_id", customer);
        node.put("type", "TACHYCARDIA");
        node.put("severity", severity);
        node.put("status", status);
        node.put("started_at", "2026-12-04T10:00:00Z");
        node.put("detected_at", "2026-12-04T10:05:00Z");
        if (status.equals("OPEN")) {
            node.putNull("ended_at");
        } else {
            node.put("ended_at", "2026-12-04T10:30:00Z");
        }
        node.put("peak_bpm", severity.equals("CRITICAL") ? 182 : 131);
        node.put("readings", 300);
        node.put("revision", revision);
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Publishes a revision keyed by its customer, as the job does; returns once the broker has it. */
    static void publish(KafkaProducer<String, byte[]> producer, String topic, byte[] alert) throws Exception {
        String customer = JSON.readTree(alert).get("customer_id").asText();
        producer.send(new ProducerRecord<>(topic, customer, alert)).get();
    }

    /** The customer's settings row as the job stores an accepted message: version 1, the contacts in order. */
    static void contacts(TestStack stack, String customer, List<Contact> contacts) throws Exception {
        ObjectNode settings = JSON.createObjectNode().put("version", 1);
        ArrayNode list = settings.putArray("contacts");
        contacts.forEach(c -> list.addObject().put("type", c.type()).put("target", c.target()));
        try (Connection db = stack.connect();
                PreparedStatement insert = db.prepareStatement("INSERT INTO customer_settings"
                        + " (customer_id, version, settings, effective_at, applied_from) VALUES (?, 1, ?::jsonb,"
                        + " now(), now())")) {
            insert.setString(1, customer);
            insert.setString(2, settings.toString());
            insert.executeUpdate();
        }
    }
}
