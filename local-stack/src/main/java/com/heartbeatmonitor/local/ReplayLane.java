package com.heartbeatmonitor.local;

import com.heartbeatmonitor.job.config.KafkaSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Where {@code run-local --replay} sends and reads a recording: a topic and a consumer group of its own, named
 * after the run's start, read by a job that starts with empty state. Event time is per job, not per customer: a
 * recording in a topic the demo (or an earlier replay) has written to would be read behind the watermark those
 * readings set, and every reading of it would be late (no detection, no rollups). Its own topic and state give the
 * replay a watermark that starts from its own first reading.
 *
 * @param retention how long the topic keeps records: Kafka deletes them by their record time, which for a replay
 *     is the reading's (shifted) time, so the topic keeps the oldest reading and a week after
 */
record ReplayLane(String topic, String groupId, Duration retention) {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /** The lane of a replay started at {@code start}, named after the job's topic and group. */
    static ReplayLane of(KafkaSettings job, Instant start, Duration retention) {
        String suffix = "-replay-" + STAMP.format(start);
        return new ReplayLane(job.topic() + suffix, job.groupId() + suffix, retention);
    }

    /** The job's flags that make it read this lane; after the user's own, so they win. */
    List<String> jobFlags() {
        return List.of("--kafka-topic", topic, "--kafka-group-id", groupId);
    }

    Map<String, String> topicConfig() {
        return Map.of("retention.ms", String.valueOf(retention.toMillis()));
    }
}
