package com.heartbeatmonitor.benchmark;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.heartbeatmonitor.local.FlinkRest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until a job has worked through a topic up to given offsets (a pre-loaded topic's end, or the
 * end at the moment a stopped job was restarted) and times it by the database's own clock: from
 * submission to the write time of the last row of a message below those offsets. "Through" means the
 * job's consumer group has committed those offsets; both jobs commit on checkpoints, after their sinks
 * have flushed, so every such row is in the database by then. Polling Kafka is cheap; counting millions
 * of rows is not. Rows are those of the topic's messages: a database may hold other topics' rows too
 * (history-catchup's history, topic {@code history}), which neither count nor time the catch-up.
 */
final class CatchUp {

    /**
     * {@code messages} is what the job had to have worked through: the messages below the offsets;
     * {@code stored} and {@code rejected} are the rows of those messages.
     */
    record Result(long messages, long stored, long rejected, double seconds) {
        @JsonProperty
        double perSecond() {
            return messages / seconds;
        }

        /** Every message is exactly one row: a reading or a rejection. */
        boolean accounted() {
            return stored + rejected == messages;
        }
    }

    private static final Duration POLL = Duration.ofSeconds(1);
    /** Rows of the topic's messages below the end offsets, the end offsets indexed by partition. */
    private static final String ROWS = """
            WITH below AS (SELECT ?::text AS topic, ?::bigint[] AS ends),
            readings AS (
                SELECT count(*) AS n, max(ingested_at) AS last FROM heartbeats, below
                WHERE kafka_topic = below.topic AND kafka_offset < below.ends[kafka_partition + 1]),
            rejections AS (
                SELECT count(*) AS n, max(stored_at) AS last FROM rejected_heartbeats, below
                WHERE kafka_topic = below.topic AND kafka_offset < below.ends[kafka_partition + 1])
            SELECT readings.n, rejections.n, greatest(readings.last, rejections.last) FROM readings, rejections""";

    private CatchUp() {}

    /** Through the whole topic as it is now (nothing is produced meanwhile). */
    static Result await(
            Admin kafka,
            String topic,
            String groupId,
            Connection db,
            Instant submitted,
            Duration timeout,
            FlinkRest flink,
            String jobId)
            throws Exception {
        return awaitUpTo(kafka, endOffsets(kafka, topic), groupId, db, submitted, timeout, flink, jobId);
    }

    /**
     * Through the messages below {@code end}; later ones may be produced meanwhile and are neither
     * waited for nor counted. Fails fast when the job fails even once: a restarted job's figure would
     * not be its speed.
     */
    static Result awaitUpTo(
            Admin kafka,
            Map<TopicPartition, Long> end,
            String groupId,
            Connection db,
            Instant submitted,
            Duration timeout,
            FlinkRest flink,
            String jobId)
            throws Exception {
        awaitCommitted(kafka, end, groupId, timeout, flink, jobId);
        return rows(db, end, submitted);
    }

    /**
     * Waits until the group has committed {@code end}: every row of those messages is in the database then.
     * Apart from {@link #rows}, so a caller can take its CPU figures before the count, which scans the tables.
     */
    static void awaitCommitted(
            Admin kafka, Map<TopicPartition, Long> end, String groupId, Duration timeout, FlinkRest flink, String jobId)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!committedTo(kafka, groupId, end)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(groupId + " did not reach offsets " + end + " in " + timeout);
            }
            if (flink.failures(jobId) > 0) {
                throw new IllegalStateException("job " + jobId + " failed: " + flink.exceptions(jobId));
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** The rows of the messages below {@code end}, timed from {@code submitted} to the last one's write. */
    static Result rows(Connection db, Map<TopicPartition, Long> end, Instant submitted) throws SQLException {
        Long[] ends = new Long[end.size()];
        end.forEach((partition, offset) -> ends[partition.partition()] = offset);
        String topic = end.keySet().iterator().next().topic();
        try (PreparedStatement query = db.prepareStatement(ROWS)) {
            query.setString(1, topic);
            query.setArray(2, db.createArrayOf("bigint", ends));
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                Instant last = rs.getTimestamp(3).toInstant();
                return new Result(
                        total(end),
                        rs.getLong(1),
                        rs.getLong(2),
                        Duration.between(submitted, last).toNanos() / 1e9);
            }
        }
    }

    /** The topic's end offsets now: how many messages each partition holds (nothing is ever deleted here). */
    static Map<TopicPartition, Long> endOffsets(Admin kafka, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest =
                kafka.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                        .collect(Collectors.toMap(
                                p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        return kafka.listOffsets(latest).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    static long total(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    private static boolean committedTo(Admin kafka, String groupId, Map<TopicPartition, Long> end) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = kafka.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata()
                .get();
        return end.entrySet().stream().allMatch(e -> {
            OffsetAndMetadata at = committed.get(e.getKey());
            return at != null && at.offset() >= e.getValue();
        });
    }
}
