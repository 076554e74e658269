package com.heartbeatmonitor.notifier;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the alerts topic into the ledger: each polled batch's revisions are recorded in one transaction (the newest
 * revision per alert, the rows each notifiable revision plans, the all clear of each alert that ended), and only
 * then are the batch's offsets committed. A crash before the commit reads the batch again,
 * which inserts nothing new; a database outage rewinds to the batch and tries again, so nothing is skipped.
 */
final class AlertConsumer implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertConsumer.class);
    private static final Duration POLL = Duration.ofMillis(500);
    /** Longest wait for the database between polls: well inside Kafka's max.poll.interval.ms (5 min). */
    private static final Duration MAX_LEDGER_WAIT = Duration.ofSeconds(30);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final Ledger ledger;
    private final List<ContactPoint> contactPoints;
    private final Planner planner;
    private final Deliverer deliverer;
    private final RetryPolicy retry;
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private volatile boolean running = true;

    AlertConsumer(
            KafkaConsumer<byte[], byte[]> consumer,
            String topic,
            Ledger ledger,
            List<ContactPoint> contactPoints,
            Planner planner,
            Deliverer deliverer,
            RetryPolicy retry) {
        this.consumer = consumer;
        this.topic = topic;
        this.ledger = ledger;
        this.contactPoints = List.copyOf(contactPoints);
        this.planner = planner;
        this.deliverer = deliverer;
        this.retry = retry;
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }

    long read() {
        return read.get();
    }

    long recorded() {
        return recorded.get();
    }

    long unreadable() {
        return unreadable.get();
    }

    @Override
    public void run() {
        int ledgerFailures = 0;
        try {
            consumer.subscribe(List.of(topic));
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (records.isEmpty()) {
                    continue;
                }
                List<AlertRevision> revisions = revisions(records);
                if (!revisions.isEmpty()) {
                    try (Connection c = ledger.connect()) {
                        int added = ledger.record(c, revisions, planner, contactPoints);
                        recorded.addAndGet(added);
                        ledgerFailures = 0;
                        if (added > 0) {
                            deliverer.wake();
                        }
                    } catch (SQLException e) {
                        ledgerFailures++;
                        Duration wait = min(retry.delayAfter(ledgerFailures), MAX_LEDGER_WAIT);
                        LOG.warn("cannot write the ledger, reading the batch again in {}: {}", wait, e.getMessage());
                        rewind(records);
                        Thread.sleep(wait.toMillis());
                        continue;
                    }
                }
                read.addAndGet(records.count());
                consumer.commitSync();
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close();
        }
    }

    private List<AlertRevision> revisions(ConsumerRecords<byte[], byte[]> records) {
        List<AlertRevision> revisions = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                revisions.add(AlertRevision.parse(record.value()));
            } catch (IllegalArgumentException e) {
                // Not the job's alert JSON: nobody can be told anything from it, and stopping here would hold back
                // every alert behind it.
                unreadable.incrementAndGet();
                LOG.error(
                        "skipping unreadable message at {}-{} offset {}: {}",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        e.getMessage());
            }
        }
        return revisions;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Back to the first record of the batch in every partition, so the next poll returns the batch again. */
    private void rewind(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            consumer.seek(partition, records.records(partition).get(0).offset());
        }
    }
}
