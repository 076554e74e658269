package com.heartbeatmonitor.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class JobOptionsTest {

    @Test
    void defaultsDescribeALocalSetup() {
        JobOptions options = JobOptions.parse().orElseThrow();

        assertThat(options.kafka().topic()).isEqualTo(System.getenv().getOrDefault("HEARTBEAT_KAFKA_TOPIC", "heartbeats"));
        assertThat(options.pipeline().stream().outOfOrderness()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.validation().minHeartRate()).isEqualTo(30);
        assertThat(options.validation().maxHeartRate()).isEqualTo(220);
        assertThat(options.pipeline().riskBands()).isEqualTo(RiskBands.DEFAULT);
        assertThat(options.pipeline().detection()).isEqualTo(DetectionSettings.DEFAULT);
        assertThat(options.pipeline().stream().rollupAllowedLateness()).isEqualTo(Duration.ofMinutes(2));
        assertThat(options.kafka().alertsTopic())
                .isEqualTo(System.getenv().getOrDefault("HEARTBEAT_ALERTS_TOPIC", "heartbeat-alerts"));
        assertThat(options.jdbc().user()).isNotBlank();
    }

    @Test
    void flagsOverrideAndTheLastOfARepeatedFlagWins() {
        JobOptions options = JobOptions.parse(
                "--kafka-topic", "a", "--kafka-topic", "b", "--jdbc-batch-size", "500",
                "--jdbc-batch-interval", "1s", "--min-heart-rate", "25", "--idleness", "1min").orElseThrow();

        assertThat(options.kafka().topic()).isEqualTo("b");
        assertThat(options.jdbc().batchSize()).isEqualTo(500);
        assertThat(options.jdbc().batchInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(options.validation().minHeartRate()).isEqualTo(25);
        assertThat(options.pipeline().stream().idleness()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void helpPrintsUsageAndYieldsNoOptions() {
        assertThat(JobOptions.parse("--help")).isEmpty();
    }

    @Test
    void wrongSettingsFailWithAMessageNamingTheFlag() {
        assertFailsNaming("--jdbc-url 'postgres://localhost/x' must start with jdbc:postgresql://", "--jdbc-url", "postgres://localhost/x");
        assertFailsNaming("--kafka-bootstrap-servers 'localhost' must be host:port", "--kafka-bootstrap-servers", "localhost");
        assertFailsNaming("--jdbc-batch-size must be at least 1", "--jdbc-batch-size", "0");
        assertFailsNaming("--checkpoint-interval 'often' is not a duration", "--checkpoint-interval", "often");
        assertFailsNaming("heart-rate range must satisfy", "--min-heart-rate", "250");
        assertFailsNaming("risk bands need 6", "--risk-bands", "1,2,3");
        assertFailsNaming("Unknown options: '--jdbc-uri'", "--jdbc-uri", "x");
        assertFailsNaming("Invalid value for option '--parallelism'", "--parallelism", "two");
        assertFailsNaming("bradycardia threshold (120) must be below", "--bradycardia-below", "120");
        assertFailsNaming("--sustain 'long' is not a duration", "--sustain", "long");
    }

    @Test
    void urlGetsBatchRewritingUnlessTheUserChoseOtherwise() {
        assertThat(settings("jdbc:postgresql://h:5432/db").effectiveUrl())
                .isEqualTo("jdbc:postgresql://h:5432/db?reWriteBatchedInserts=true");
        assertThat(settings("jdbc:postgresql://h/db?ssl=true").effectiveUrl())
                .isEqualTo("jdbc:postgresql://h/db?ssl=true&reWriteBatchedInserts=true");
        assertThat(settings("jdbc:postgresql://h/db?reWriteBatchedInserts=false").effectiveUrl())
                .isEqualTo("jdbc:postgresql://h/db?reWriteBatchedInserts=false");
    }

    @Test
    void upsertUrlAlwaysTurnsBatchRewritingOff() {
        assertThat(settings("jdbc:postgresql://h/db").upsertUrl())
                .isEqualTo("jdbc:postgresql://h/db?reWriteBatchedInserts=false");
        assertThat(settings("jdbc:postgresql://h/db?reWriteBatchedInserts=true&ssl=true").upsertUrl())
                .isEqualTo("jdbc:postgresql://h/db?ssl=true&reWriteBatchedInserts=false");
        assertThat(settings("jdbc:postgresql://h/db?ssl=true&reWriteBatchedInserts=true").upsertUrl())
                .isEqualTo("jdbc:postgresql://h/db?ssl=true&reWriteBatchedInserts=false");
    }

    @Test
    void passwordNeverShowsInToString() {
        JdbcSettings jdbc = new JdbcSettings("jdbc:postgresql://h/db", "writer", "s3cret", 1, Duration.ZERO, 0);
        assertThat(jdbc.toString()).doesNotContain("s3cret").contains("***");
    }

    private static JdbcSettings settings(String url) {
        return new JdbcSettings(url, "u", "", 1, Duration.ZERO, 0);
    }

    private static void assertFailsNaming(String expectedMessagePart, String... args) {
        assertThatThrownBy(() -> JobOptions.parse(args))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(expectedMessagePart);
    }
}
