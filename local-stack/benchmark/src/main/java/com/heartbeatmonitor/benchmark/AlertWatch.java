package com.heartbeatmonitor.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads a job's alerts topic in the background from its beginning and keeps, per alert, its first OPEN
 * revision and that record's Kafka timestamp (set by the job's producer when it sent the alert). With
 * the {@link SentReadings} of the input, the alert latency: from the Kafka timestamp of the reading that
 * completed the condition (the alert's customer and {@code detected_at}) to the alert on the topic.
 * SIGNAL_LOST is left out: it is completed by the passing of time, not by a reading.
 */
final class AlertWatch implements AutoCloseable {

    /** An alert's first OPEN revision on the topic. */
    record Opened(String alertId, String customer, String type, long detectedAt, int revision, long recordTimestamp) {}

    /** Alert latencies of the readings sent in a time range, and how many alerts had no sent reading. */
    record Latencies(Percentiles percentiles, long unmatched) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(200);

    private final Map<String, Opened> firstOpen = new ConcurrentHashMap<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Exception failure;

    private AlertWatch(String bootstrapServers, String topic) {
        consumer = TopicReader.consumer(bootstrapServers);
        List<TopicPartition> partitions = TopicReader.partitions(consumer, topic);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::poll, "benchmark-alert-watch");
        thread.setDaemon(true);
        thread.start();
    }

    static AlertWatch start(String bootstrapServers, String topic) {
        return new AlertWatch(bootstrapServers, topic);
    }

    private void poll() {
        try {
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    add(record);
                }
            }
        } catch (WakeupException e) {
            // closed
        } catch (Exception e) {
            failure = e;
        }
    }

    private void add(ConsumerRecord<byte[], byte[]> record) throws IOException {
        JsonNode alert = JSON.readTree(record.value());
        if (!alert.path("status").asText().equals("OPEN")) {
            return;
        }
        Opened opened = new Opened(
                alert.path("alert_id").asText(),
                alert.path("customer_id").asText(),
                alert.path("type").asText(),
                Instant.parse(alert.path("detected_at").asText()).toEpochMilli(),
                alert.path("revision").asInt(),
                record.timestamp());
        // At-least-once: a revision may come twice; the first OPEN is the lowest revision, first seen.
        firstOpen.merge(opened.alertId(), opened, (had, now) -> now.revision() < had.revision() ? now : had);
    }

    /** Every alert's first OPEN revision seen so far. */
    List<Opened> opened() {
        if (failure != null) {
            throw new IllegalStateException("reading the alerts topic failed", failure);
        }
        return new ArrayList<>(firstOpen.values());
    }

    /** Which of the two Kafka timestamps selects the alerts of a time range. */
    enum By {
        /** The completing reading was sent in the range: a steady run's readings. */
        READING_SENT,
        /** The alert reached the topic in the range: what came out during a catch-up. */
        ALERT_SENT
    }

    /**
     * The latency of every alert (but SIGNAL_LOST) whose completing reading ({@link By#READING_SENT}) or
     * which itself ({@link By#ALERT_SENT}) was sent in {@code [fromMillis, toMillis)}, by Kafka
     * timestamp; alerts whose reading is not in {@code sent} count as unmatched.
     */
    Latencies latencies(SentReadings sent, By by, long fromMillis, long toMillis) {
        List<Double> latencies = new ArrayList<>();
        long unmatched = 0;
        for (Opened alert : opened()) {
            if (alert.type().equals("SIGNAL_LOST")) {
                continue;
            }
            Long readingSent = sent.sentAt(alert.customer(), alert.detectedAt());
            if (readingSent == null) {
                unmatched++;
                continue;
            }
            long at = by == By.READING_SENT ? readingSent : alert.recordTimestamp();
            if (at >= fromMillis && at < toMillis) {
                latencies.add((double) (alert.recordTimestamp() - readingSent));
            }
        }
        return new Latencies(
                Percentiles.of(
                        latencies.stream().mapToDouble(Double::doubleValue).toArray()),
                unmatched);
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        consumer.wakeup();
        thread.join();
        consumer.close();
    }
}
