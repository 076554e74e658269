package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.heartbeatmonitor.job.config.JobOptions;
import com.heartbeatmonitor.job.config.KafkaSettings;
import org.junit.jupiter.api.Test;

class JobArgsTest {

    @Test
    void flagsComeOutInTheOrderAddedWithTheCallersLast() {
        assertThat(JobArgs.lane("127.0.0.1:9092", "readings", "group", "alerts", "jdbc:postgresql://db/heartbeat")
                        .parallelism(2)
                        .checkpointInterval("1s")
                        .jdbcBatchSize(500)
                        .then("--parallelism", "4")
                        .list())
                .containsExactly(
                        "--kafka-bootstrap-servers", "127.0.0.1:9092",
                        "--kafka-topic", "readings",
                        "--kafka-group-id", "group",
                        "--alerts-topic", "alerts",
                        "--jdbc-url", "jdbc:postgresql://db/heartbeat",
                        "--parallelism", "2",
                        "--checkpoint-interval", "1s",
                        "--jdbc-batch-size", "500",
                        "--parallelism", "4");
    }

    @Test
    void theJobUnderstandsEveryFlagAndTheLastOneWins() {
        JobOptions options = JobOptions.parse(
                        JobArgs.lane("127.0.0.1:9092", "readings", "group", "alerts", "jdbc:postgresql://db/heartbeat")
                                .parallelism(2)
                                .checkpointInterval("1s")
                                .jdbcBatchSize(500)
                                .then("--kafka-topic", "other")
                                .array())
                .orElseThrow();

        assertThat(options.kafka()).isEqualTo(new KafkaSettings("127.0.0.1:9092", "other", "group", "alerts"));
        assertThat(options.jdbc().url()).isEqualTo("jdbc:postgresql://db/heartbeat");
        assertThat(options.jdbc().batchSize()).isEqualTo(500);
    }

    @Test
    void theLocalPipelinesBrokerFlagAloneIsEnough() {
        assertThat(JobArgs.kafka("127.0.0.1:9092")
                        .parallelism(1)
                        .then("--jdbc-url", "jdbc:postgresql://x/y")
                        .list())
                .containsExactly(
                        "--kafka-bootstrap-servers", "127.0.0.1:9092",
                        "--parallelism", "1",
                        "--jdbc-url", "jdbc:postgresql://x/y");
    }
}
