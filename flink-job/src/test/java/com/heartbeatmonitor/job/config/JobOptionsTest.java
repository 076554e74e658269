package com.heartbeatmonitor.job.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.heartbeatmonitor.job.HeartbeatMonitorJob;
import com.heartbeatmonitor.job.validation.ValidationRules;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.TimeUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Option;

class JobOptionsTest {

    @Test
    void defaultsDescribeALocalSetup() {
        JobOptions options = JobOptions.parse().orElseThrow();

        assertThat(options.kafka().topic())
                .isEqualTo(System.getenv().getOrDefault("HEARTBEAT_KAFKA_TOPIC", "heartbeats"));
        assertThat(options.pipeline().stream().outOfOrderness()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.validation().minHeartRate()).isEqualTo(30);
        assertThat(options.validation().maxHeartRate()).isEqualTo(220);
        assertThat(options.pipeline().riskBands()).isEqualTo(RiskBands.DEFAULT);
        assertThat(options.pipeline().detection()).isEqualTo(DetectionProfile.WEARABLE.settings());
        assertThat(options.pipeline().stream().rollupAllowedLateness()).isEqualTo(Duration.ofMinutes(2));
        assertThat(options.kafka().alertsTopic())
                .isEqualTo(System.getenv().getOrDefault("HEARTBEAT_ALERTS_TOPIC", "heartbeat-alerts"));
        assertThat(options.jdbc().user()).isNotBlank();
    }

    /**
     * Each flag's built-in default (after its environment variable) given as the flag, whatever the
     * environment of the test: the result must be the records' own defaults, which tests, the benchmark
     * and the SQL peer use.
     */
    @Test
    void everyFlagDefaultIsTheDefaultOfTheSettingItSets() throws Exception {
        Pattern envThenDefault = Pattern.compile("\\$\\{env:(\\w+)(?::-(.*))?}");
        Object none = Option.class.getMethod("defaultValue").getDefaultValue(); // a flag without a default
        List<String> args = new ArrayList<>();
        for (Field field : JobOptions.class.getDeclaredFields()) {
            Option option = field.getAnnotation(Option.class);
            if (option == null || option.defaultValue().equals(none)) {
                continue;
            }
            Matcher m = envThenDefault.matcher(option.defaultValue());
            assertThat(m.matches())
                    .as(option.names()[0] + ": environment variable, then default")
                    .isTrue();
            if (m.group(2) != null && !m.group(2).isEmpty()) {
                args.addAll(List.of(option.names()[0], m.group(2)));
            }
        }

        JobOptions options = JobOptions.parse(args.toArray(String[]::new)).orElseThrow();

        assertThat(options.validation()).isEqualTo(ValidationRules.DEFAULT);
        assertThat(options.pipeline().riskBands()).isEqualTo(RiskBands.DEFAULT);
        assertThat(options.pipeline().detection()).isEqualTo(DetectionProfile.WEARABLE.settings());
        assertThat(options.jdbc().batchSize()).isEqualTo(JdbcSettings.DEFAULT_BATCH_SIZE);
        assertThat(options.jdbc().batchInterval())
                .isEqualTo(TimeUtils.parseDuration(JdbcSettings.DEFAULT_BATCH_INTERVAL));
        assertThat(options.jdbc().maxRetries()).isEqualTo(JdbcSettings.DEFAULT_MAX_RETRIES);
        assertThat(args)
                .containsSubsequence("--checkpoint-interval", JobOptions.DEFAULT_CHECKPOINT_INTERVAL)
                .containsSubsequence("--risk-bands", RiskBands.DEFAULT_BOUNDS)
                .containsSubsequence("--max-message-bytes", String.valueOf(ValidationRules.DEFAULT_MAX_PAYLOAD_BYTES));
    }

    /**
     * Every detection flag overrides exactly its own setting of the profile, by name: the flag given a
     * value differs from the profile's default changes that component and no other.
     */
    @Test
    void everyDetectionFlagSetsItsOwnSettingAndNothingElse() throws Exception {
        Map<String, String[]> flags = new LinkedHashMap<>();
        flags.put("tachycardiaAbove", new String[] {"--tachycardia-above", "130"});
        flags.put("bradycardiaBelow", new String[] {"--bradycardia-below", "35"});
        flags.put("sustain", new String[] {"--sustain", "7min"});
        flags.put("smoothing", new String[] {"--smoothing", "30s"});
        flags.put("suddenRise", new String[] {"--sudden-rise", "35"});
        flags.put("suddenWithin", new String[] {"--sudden-within", "20s"});
        flags.put("suddenSustain", new String[] {"--sudden-sustain", "3min"});
        flags.put("suddenLookback", new String[] {"--sudden-lookback", "1min"});
        flags.put("exertionRiseSpan", new String[] {"--exertion-rise-span", "25"});
        flags.put("exertionRise", new String[] {"--exertion-rise", "4min"});
        flags.put("exertionLookback", new String[] {"--exertion-lookback", "5min"});
        flags.put("exertionSustain", new String[] {"--exertion-sustain", "60min"});
        flags.put("irregularStepPercent", new String[] {"--irregular-step-percent", "4.5"});
        flags.put("irregularShare", new String[] {"--irregular-share", "0.7"});
        flags.put("irregularBlock", new String[] {"--irregular-block", "20s"});
        flags.put("irregularWindow", new String[] {"--irregular-window", "12min"});
        flags.put("spikeDelta", new String[] {"--spike-delta", "50"});
        flags.put("spikeMaxGap", new String[] {"--spike-max-gap", "3s"});
        flags.put("signalLostAfter", new String[] {"--signal-lost-after", "3h"});
        flags.put("routineGapAllowance", new String[] {"--routine-gap-allowance", "10h"});
        flags.put("closeAfter", new String[] {"--episode-close-after", "4min"});
        flags.put("customerRetention", new String[] {"--customer-state-retention", "9d"});
        flags.put("cadenceFactor", new String[] {"--cadence-factor", "5"});
        DetectionSettings profile = DetectionProfile.WEARABLE.settings();

        for (var entry : flags.entrySet()) {
            DetectionSettings parsed =
                    JobOptions.parse(entry.getValue()).orElseThrow().pipeline().detection();
            for (RecordComponent component : DetectionSettings.class.getRecordComponents()) {
                Object want = component.getAccessor().invoke(profile);
                Object got = component.getAccessor().invoke(parsed);
                if (component.getName().equals(entry.getKey())) {
                    assertThat(got).as(entry.getValue()[0]).isNotEqualTo(want);
                    String given = entry.getValue()[1];
                    assertThat(String.valueOf(got))
                            .as(entry.getValue()[0])
                            .isEqualTo(
                                    got instanceof Duration
                                            ? TimeUtils.parseDuration(given).toString()
                                            : given);
                } else {
                    assertThat(got)
                            .as(entry.getValue()[0] + " leaves " + component.getName())
                            .isEqualTo(want);
                }
            }
        }
        assertThat(DetectionSettings.class.getRecordComponents())
                .as("every detection setting has a flag, or is internal tuning of the cadence")
                .extracting(RecordComponent::getName)
                .containsExactlyInAnyOrderElementsOf(
                        Stream.concat(flags.keySet().stream(), Stream.of("longestCadence", "cadenceWeight"))
                                .toList());
    }

    /**
     * The job's command run as an operator runs it, {@code --help}, in a JVM of its own with an empty
     * environment: the defaults it shows are the built-in ones whatever the environment of the test.
     */
    @Test
    void helpShowsTheRealDefaults() throws Exception {
        String help = helpWithAnEmptyEnvironment();

        assertThat(help)
                .contains("Default: " + RiskBands.DEFAULT_BOUNDS)
                .contains("Default: " + ValidationRules.DEFAULT_MAX_EVENT_AGE);
    }

    private static String helpWithAnEmptyEnvironment() throws Exception {
        ProcessBuilder command = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        HeartbeatMonitorJob.class.getName(),
                        "--help")
                .redirectErrorStream(true);
        command.environment().clear();
        Process process = command.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("--help finished within 60 s")
                .isTrue();
        assertThat(process.exitValue())
                .as("exit code of --help; output:%n%s", output)
                .isZero();
        return output;
    }

    @Test
    void flagsOverrideAndTheLastOfARepeatedFlagWins() {
        JobOptions options = JobOptions.parse(
                        "--kafka-topic",
                        "a",
                        "--kafka-topic",
                        "b",
                        "--jdbc-batch-size",
                        "500",
                        "--jdbc-batch-interval",
                        "1s",
                        "--min-heart-rate",
                        "25",
                        "--idleness",
                        "1min")
                .orElseThrow();

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
        assertFailsNaming(
                "--jdbc-url 'postgres://localhost/x' must start with jdbc:postgresql://",
                "--jdbc-url",
                "postgres://localhost/x");
        assertFailsNaming(
                "--kafka-bootstrap-servers 'localhost' must be host:port", "--kafka-bootstrap-servers", "localhost");
        assertFailsNaming("--jdbc-batch-size must be at least 1", "--jdbc-batch-size", "0");
        assertFailsNaming("--checkpoint-interval 'often' is not a duration", "--checkpoint-interval", "often");
        assertFailsNaming("heart-rate range must satisfy", "--min-heart-rate", "250");
        assertFailsNaming("risk bands need 6", "--risk-bands", "1,2,3");
        assertFailsNaming("Unknown options: '--jdbc-uri'", "--jdbc-uri", "x");
        assertFailsNaming("Invalid value for option '--parallelism'", "--parallelism", "two");
        assertFailsNaming("bradycardia threshold (120) must be below", "--bradycardia-below", "120");
        assertFailsNaming("--sustain 'long' is not a duration", "--sustain", "long");
        assertFailsNaming("irregular share must be at least 0.5", "--irregular-share", "0.3");
        assertFailsNaming("irregular window (PT2H) must hold 2 to 64", "--irregular-window", "2h");
    }

    @Test
    void urlGetsBatchRewritingUnlessTheUserChoseOtherwise() {
        assertThat(settings("jdbc:postgresql://h:5432/db").effectiveUrl())
                .isEqualTo("jdbc:postgresql://h:5432/db?reWriteBatchedInserts=true");
        assertThat(settings("jdbc:postgresql://h/db?ssl=true").effectiveUrl())
                .isEqualTo("jdbc:postgresql://h/db?ssl=true&reWriteBatchedInserts=true");
        assertThat(settings("jdbc:postgresql://h/db?reWriteBatchedInserts=false")
                        .effectiveUrl())
                .isEqualTo("jdbc:postgresql://h/db?reWriteBatchedInserts=false");
    }

    @Test
    void upsertUrlAlwaysTurnsBatchRewritingOff() {
        assertThat(settings("jdbc:postgresql://h/db").upsertUrl())
                .isEqualTo("jdbc:postgresql://h/db?reWriteBatchedInserts=false");
        assertThat(settings("jdbc:postgresql://h/db?reWriteBatchedInserts=true&ssl=true")
                        .upsertUrl())
                .isEqualTo("jdbc:postgresql://h/db?ssl=true&reWriteBatchedInserts=false");
        assertThat(settings("jdbc:postgresql://h/db?ssl=true&reWriteBatchedInserts=true")
                        .upsertUrl())
                .isEqualTo("jdbc:postgresql://h/db?ssl=true&reWriteBatchedInserts=false");
    }

    @Test
    void jdbcTlsFlagsBecomeUrlParametersThatEveryConnectionGets(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("root.crt"), "-----BEGIN CERTIFICATE-----\n");
        JdbcSettings jdbc = JobOptions.parse(
                        "--jdbc-url",
                        "jdbc:postgresql://db.example:5432/heartbeat",
                        "--jdbc-ssl-mode",
                        "verify-full",
                        "--jdbc-ssl-root-cert",
                        ca.toString())
                .orElseThrow()
                .jdbc();
        String tls = "sslmode=verify-full&sslrootcert=" + ca.toAbsolutePath();
        assertThat(jdbc.url()).isEqualTo("jdbc:postgresql://db.example:5432/heartbeat?" + tls);
        assertThat(jdbc.effectiveUrl()).contains(tls);
        assertThat(jdbc.upsertUrl()).contains(tls);
        assertThat(JobOptions.parse("--jdbc-url", "jdbc:postgresql://h/db")
                        .orElseThrow()
                        .jdbc()
                        .url())
                .as("no TLS flags: the URL as given")
                .isEqualTo("jdbc:postgresql://h/db");

        assertFailsNaming("--jdbc-ssl-mode 'on' must be one of", "--jdbc-ssl-mode", "on");
        assertFailsNaming(
                "--jdbc-ssl-mode and sslmode in --jdbc-url are both set",
                "--jdbc-url",
                "jdbc:postgresql://h/db?sslmode=require",
                "--jdbc-ssl-mode",
                "verify-full");
        assertFailsNaming(
                "--jdbc-ssl-root-cert needs --jdbc-ssl-mode verify-full", "--jdbc-ssl-root-cert", ca.toString());
        assertFailsNaming(
                "--jdbc-ssl-root-cert is set but --jdbc-ssl-mode is require",
                "--jdbc-ssl-mode",
                "require",
                "--jdbc-ssl-root-cert",
                ca.toString());
        assertFailsNaming(
                "is not a readable file",
                "--jdbc-ssl-mode",
                "verify-full",
                "--jdbc-ssl-root-cert",
                dir.resolve("missing.crt").toString());
    }

    @Test
    void kafkaSecurityFlagsReachTheKafkaSettingsWithoutShowingThePassword(@TempDir Path dir) throws Exception {
        Path password = Files.writeString(dir.resolve("kafka-password"), "t0p-s3cret\n");
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        KafkaSettings kafka = JobOptions.parse(
                        "--kafka-sasl-username",
                        "heartbeat-job",
                        "--kafka-sasl-password-file",
                        password.toString(),
                        "--kafka-truststore",
                        ca.toString())
                .orElseThrow()
                .kafka();
        assertThat(kafka.security().protocol()).isEqualTo("SASL_SSL");
        assertThat(kafka.securityProperties())
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsKey("sasl.jaas.config")
                .containsEntry("ssl.truststore.type", "PEM");
        assertThat(kafka.toString()).doesNotContain("t0p-s3cret");
        assertFailsNaming("--kafka-security-protocol SASL_SSL needs a login", "--kafka-security-protocol", "SASL_SSL");
        assertFailsNaming("Unknown options: '--kafka-sasl-password'", "--kafka-sasl-password", "x");
    }

    @Test
    void stateBackendIsTheClustersUnlessChosenAndRocksDbCheckpointsIncrementally() {
        assertThat(configured().getOptional(StateBackendOptions.STATE_BACKEND))
                .as("no flag: the cluster's state.backend.type decides")
                .isEmpty();
        ReadableConfig heap = configured("--state-backend", "hashmap");
        assertThat(heap.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("hashmap");
        assertThat(heap.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isFalse();
        ReadableConfig rocks = configured("--state-backend", "ROCKSDB");
        assertThat(rocks.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(rocks.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
        assertFailsNaming("--state-backend", "--state-backend", "forst");
    }

    /** The job-level configuration {@code main} would run with after parsing {@code args}. */
    private static ReadableConfig configured(String... args) {
        StreamExecutionEnvironment env = new StreamExecutionEnvironment();
        JobOptions.parse(args).orElseThrow().configure(env);
        return env.getConfiguration();
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
