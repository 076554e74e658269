package com.heartbeatmonitor.local.benchmark;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.heartbeatmonitor.local.FlinkRest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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
 * Waits until a job has worked through a pre-loaded topic and times it by the database's own clock:
 * from submission to the write time of the last row. "Through" means the job's consumer group has
 * committed the topic's end offsets; both jobs commit on checkpoints, after their sinks have flushed,
 * so every row is in the database by then. Polling Kafka is cheap; counting millions of rows is not.
 */
final class CatchUp {

    /** {@code messages} is what the job had to work through: the topic's size (nothing is produced meanwhile). */
    record Result(long messages, long stored, long rejected, double seconds) {
        @JsonProperty
        double perSecond() {
            return messages / seconds;
        }
    }

    private static final Duration POLL = Duration.ofSeconds(1);

    private CatchUp() {}

    /** Fails fast when the job fails even once: a restarted job's figure would not be its speed. */
    static Result await(Admin kafka, String topic, String groupId, Connection db, Instant submitted, Duration timeout,
            FlinkRest flink, String jobId) throws Exception {
        Map<TopicPartition, Long> end = endOffsets(kafka, topic);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!committedTo(kafka, groupId, end)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(groupId + " did not reach the end of " + topic + " in " + timeout);
            }
            if (flink.failures(jobId) > 0) {
                throw new IllegalStateException("job " + jobId + " failed: " + flink.exceptions(jobId));
            }
            Thread.sleep(POLL.toMillis());
        }
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT (SELECT count(*) FROM heartbeats), (SELECT count(*) FROM rejected_heartbeats),"
                        + " greatest((SELECT max(ingested_at) FROM heartbeats), (SELECT max(stored_at) FROM rejected_heartbeats))")) {
            rs.next();
            Instant last = rs.getTimestamp(3).toInstant();
            long messages = end.values().stream().mapToLong(Long::longValue).sum();
            return new Result(messages, rs.getLong(1), rs.getLong(2), Duration.between(submitted, last).toNanos() / 1e9);
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin kafka, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = kafka.describeTopics(List.of(topic)).allTopicNames().get()
                .get(topic).partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        return kafka.listOffsets(latest).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private static boolean committedTo(Admin kafka, String groupId, Map<TopicPartition, Long> end) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed =
                kafka.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
        return end.entrySet().stream().allMatch(e -> {
            OffsetAndMetadata at = committed.get(e.getKey());
            return at != null && at.offset() >= e.getValue();
        });
    }
}
