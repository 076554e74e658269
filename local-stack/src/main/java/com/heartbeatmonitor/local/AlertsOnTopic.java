package com.heartbeatmonitor.local;

import com.heartbeatmonitor.notifier.AlertRevision;
import com.heartbeatmonitor.notifier.Notification;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Every alert revision the job published on the alerts topic, read from its beginning: what the alerts table and
 * the notifier's deliveries are checked against.
 */
public record AlertsOnTopic(List<AlertRevision> revisions) {

    /** Polls that came back empty in a row before the topic counts as read to its end. */
    private static final int EMPTY_POLLS_AT_END = 3;

    /** Reads the whole topic under a consumer group of its own, which commits nothing. */
    public static AlertsOnTopic read(String bootstrapServers, String topic) {
        List<AlertRevision> revisions = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "alerts-check-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        "false",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            int emptyPolls = 0;
            while (emptyPolls < EMPTY_POLLS_AT_END) {
                var records = consumer.poll(Duration.ofSeconds(1));
                emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
                records.forEach(record -> revisions.add(AlertRevision.parse(record.value())));
            }
        }
        return new AlertsOnTopic(List.copyOf(revisions));
    }

    /** [alert_id, status, revision] of the newest revision of every alert, by id. */
    public List<List<Object>> newest() {
        Map<String, AlertRevision> latest = new TreeMap<>();
        revisions.forEach(
                alert -> latest.merge(alert.alertId(), alert, (a, b) -> a.revision() >= b.revision() ? a : b));
        List<List<Object>> rows = new ArrayList<>();
        latest.values().forEach(alert -> rows.add(List.of(alert.alertId(), alert.status(), alert.revision())));
        return rows;
    }

    /** The alert_id:revision keys the notifier must deliver (its own rule), with how often each is on the topic. */
    public Map<String, Integer> notifiable() {
        Map<String, Integer> copies = new TreeMap<>();
        revisions.stream()
                .filter(alert -> Notification.of(alert).isPresent())
                .forEach(alert -> copies.merge(alert.key(), 1, Integer::sum));
        return copies;
    }

    /**
     * The alert_id:revision keys of the all clears the notifier owes: the revision that ended each alert of which
     * some revision was paged (NEW or ESCALATED; a WARNING's NOTICE is no page, and gets no all clear).
     */
    public Set<String> allClears() {
        Set<String> paged = new TreeSet<>();
        revisions.stream()
                .filter(alert -> Notification.of(alert)
                        .filter(n -> n.kind() != Notification.Kind.NOTICE)
                        .isPresent())
                .forEach(alert -> paged.add(alert.alertId()));
        Set<String> clears = new TreeSet<>();
        revisions.stream()
                .filter(alert -> paged.contains(alert.alertId()) && Notification.ends(alert))
                .forEach(alert -> clears.add(alert.key()));
        return clears;
    }

    /** [alert_id, status, revision] of every row of the alerts table, by id, as {@link #newest()} has them. */
    public static List<List<Object>> table(Connection db) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement query = db.createStatement();
                ResultSet rs = query.executeQuery("SELECT alert_id::text, status, revision FROM alerts ORDER BY 1")) {
            while (rs.next()) {
                rows.add(List.of(rs.getString(1), rs.getString(2), rs.getInt(3)));
            }
        }
        return rows;
    }
}
