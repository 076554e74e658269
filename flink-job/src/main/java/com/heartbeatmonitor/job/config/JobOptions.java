package com.heartbeatmonitor.job.config;

import com.heartbeatmonitor.job.validation.ValidationRules;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Every setting of the job: a flag, with an environment variable as fallback, then a default. Values
 * are checked as a whole at start, and a wrong one fails with a message that names the flag to fix.
 */
@Command(
        name = "heartbeat-monitor-job",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        showDefaultValues = true,
        description = "Reads heart-rate readings from Kafka, validates and classifies them, writes them to PostgreSQL.")
public final class JobOptions {

    /** The job's database role: may add and update the pipeline's rows, nothing more (sql/roles). */
    public static final String DEFAULT_WRITER = "heartbeat_writer";

    private static final Pattern HOST_PORT_LIST = Pattern.compile("[^\\s,:]+:\\d{1,5}(,[^\\s,:]+:\\d{1,5})*");
    private static final String JDBC_PREFIX = "jdbc:postgresql://";

    @Option(names = "--kafka-bootstrap-servers", defaultValue = "${env:HEARTBEAT_KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka bootstrap servers, host:port[,host:port] (env HEARTBEAT_KAFKA_BOOTSTRAP_SERVERS).")
    String kafkaBootstrapServers;

    @Option(names = "--kafka-topic", defaultValue = "${env:HEARTBEAT_KAFKA_TOPIC:-heartbeats}",
            description = "Topic of the readings (env HEARTBEAT_KAFKA_TOPIC).")
    String kafkaTopic;

    @Option(names = "--kafka-group-id", defaultValue = "${env:HEARTBEAT_KAFKA_GROUP_ID:-heartbeat-monitor}",
            description = "Consumer group; offsets are committed under it on checkpoints (env HEARTBEAT_KAFKA_GROUP_ID).")
    String kafkaGroupId;

    @Option(names = "--alerts-topic", defaultValue = "${env:HEARTBEAT_ALERTS_TOPIC:-heartbeat-alerts}",
            description = "Topic the alert events are published to, as JSON (env HEARTBEAT_ALERTS_TOPIC).")
    String alertsTopic;

    @Option(names = "--jdbc-url", defaultValue = "${env:HEARTBEAT_JDBC_URL:-jdbc:postgresql://localhost:5432/heartbeat}",
            description = "PostgreSQL JDBC URL (env HEARTBEAT_JDBC_URL).")
    String jdbcUrl;

    @Option(names = "--jdbc-user", defaultValue = "${env:HEARTBEAT_JDBC_USER:-" + DEFAULT_WRITER + "}",
            description = "Database user: the writer role, never an administrator (env HEARTBEAT_JDBC_USER).")
    String jdbcUser;

    @Option(names = "--jdbc-password", defaultValue = "${env:HEARTBEAT_JDBC_PASSWORD:-}",
            showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "Database password (env HEARTBEAT_JDBC_PASSWORD; empty for trust auth).")
    String jdbcPassword;

    @Option(names = "--jdbc-batch-size", defaultValue = "${env:HEARTBEAT_JDBC_BATCH_SIZE:-1000}",
            description = "Rows per JDBC batch (env HEARTBEAT_JDBC_BATCH_SIZE).")
    int jdbcBatchSize;

    @Option(names = "--jdbc-batch-interval", defaultValue = "${env:HEARTBEAT_JDBC_BATCH_INTERVAL:-200ms}",
            description = "Longest time a row waits in a batch, e.g. 200ms (env HEARTBEAT_JDBC_BATCH_INTERVAL).")
    String jdbcBatchInterval;

    @Option(names = "--jdbc-max-retries", defaultValue = "${env:HEARTBEAT_JDBC_MAX_RETRIES:-3}",
            description = "Retries of a failed batch before the job restarts (env HEARTBEAT_JDBC_MAX_RETRIES).")
    int jdbcMaxRetries;

    @Option(names = "--parallelism", defaultValue = "${env:HEARTBEAT_PARALLELISM:-0}",
            description = "Job parallelism; 0 = the cluster's default (env HEARTBEAT_PARALLELISM).")
    int parallelism;

    @Option(names = "--checkpoint-interval", defaultValue = "${env:HEARTBEAT_CHECKPOINT_INTERVAL:-10s}",
            description = "Exactly-once checkpoint interval; Kafka offsets are committed on each (env HEARTBEAT_CHECKPOINT_INTERVAL).")
    String checkpointInterval;

    @Option(names = "--out-of-orderness", defaultValue = "${env:HEARTBEAT_OUT_OF_ORDERNESS:-5s}",
            description = "Bounded out-of-orderness of event time (env HEARTBEAT_OUT_OF_ORDERNESS).")
    String outOfOrderness;

    @Option(names = "--idleness", defaultValue = "${env:HEARTBEAT_IDLENESS:-30s}",
            description = "A partition silent this long stops holding the watermark back (env HEARTBEAT_IDLENESS).")
    String idleness;

    @Option(names = "--rollup-allowed-lateness", defaultValue = "${env:HEARTBEAT_ROLLUP_ALLOWED_LATENESS:-2min}",
            description = "A minute rollup still takes readings this late and is rewritten (env HEARTBEAT_ROLLUP_ALLOWED_LATENESS).")
    String rollupAllowedLateness;

    @Option(names = "--min-heart-rate", defaultValue = "${env:HEARTBEAT_MIN_HEART_RATE:-30}",
            description = "Lowest valid heart rate, bpm (env HEARTBEAT_MIN_HEART_RATE).")
    int minHeartRate;

    @Option(names = "--max-heart-rate", defaultValue = "${env:HEARTBEAT_MAX_HEART_RATE:-220}",
            description = "Highest valid heart rate, bpm (env HEARTBEAT_MAX_HEART_RATE).")
    int maxHeartRate;

    @Option(names = "--max-future-skew", defaultValue = "${env:HEARTBEAT_MAX_FUTURE_SKEW:-1min}",
            description = "Reject timestamps further ahead of the Kafka record time (env HEARTBEAT_MAX_FUTURE_SKEW).")
    String maxFutureSkew;

    @Option(names = "--max-event-age", defaultValue = "${env:HEARTBEAT_MAX_EVENT_AGE:-7d}",
            description = "Reject timestamps further behind the Kafka record time (env HEARTBEAT_MAX_EVENT_AGE).")
    String maxEventAge;

    @Option(names = "--max-message-bytes", defaultValue = "${env:HEARTBEAT_MAX_MESSAGE_BYTES:-16384}",
            description = "Reject larger messages unparsed (env HEARTBEAT_MAX_MESSAGE_BYTES).")
    int maxMessageBytes;

    @Option(names = "--risk-bands", defaultValue = "${env:HEARTBEAT_RISK_BANDS:-40,50,60,100,120,150}",
            description = "Risk bands in bpm: critical<, high<, elevated<, elevated>, high>, critical> (env HEARTBEAT_RISK_BANDS).")
    String riskBands;

    @Option(names = "--tachycardia-above", defaultValue = "${env:HEARTBEAT_TACHYCARDIA_ABOVE:-100}",
            description = "TACHYCARDIA: every reading above this many bpm for --sustain (env HEARTBEAT_TACHYCARDIA_ABOVE).")
    int tachycardiaAbove;

    @Option(names = "--bradycardia-below", defaultValue = "${env:HEARTBEAT_BRADYCARDIA_BELOW:-50}",
            description = "BRADYCARDIA: every reading below this many bpm for --sustain (env HEARTBEAT_BRADYCARDIA_BELOW).")
    int bradycardiaBelow;

    @Option(names = "--sustain", defaultValue = "${env:HEARTBEAT_SUSTAIN:-30s}",
            description = "How long a rate condition must hold before it is an alert (env HEARTBEAT_SUSTAIN).")
    String sustain;

    @Option(names = "--spike-delta", defaultValue = "${env:HEARTBEAT_SPIKE_DELTA:-40}",
            description = "SPIKE: a change of at least this many bpm between consecutive readings (env HEARTBEAT_SPIKE_DELTA).")
    int spikeDelta;

    @Option(names = "--spike-max-gap", defaultValue = "${env:HEARTBEAT_SPIKE_MAX_GAP:-5s}",
            description = "SPIKE: ... no further apart than this (env HEARTBEAT_SPIKE_MAX_GAP).")
    String spikeMaxGap;

    @Option(names = "--signal-lost-after", defaultValue = "${env:HEARTBEAT_SIGNAL_LOST_AFTER:-30s}",
            description = "SIGNAL_LOST: no reading from a customer for this long in event time (env HEARTBEAT_SIGNAL_LOST_AFTER).")
    String signalLostAfter;

    @Option(names = "--episode-close-after", defaultValue = "${env:HEARTBEAT_EPISODE_CLOSE_AFTER:-10s}",
            description = "An episode closes when its condition has been absent this long (env HEARTBEAT_EPISODE_CLOSE_AFTER).")
    String episodeCloseAfter;

    @Option(names = "--customer-state-retention", defaultValue = "${env:HEARTBEAT_CUSTOMER_STATE_RETENTION:-2h}",
            description = "A customer silent this long is forgotten: state and timers cleared (env HEARTBEAT_CUSTOMER_STATE_RETENTION).")
    String customerStateRetention;

    @Option(names = "--skip-preflight",
            description = "Do not check at start that Kafka and PostgreSQL are reachable and ready.")
    boolean skipPreflight;

    private KafkaSettings kafka;
    private JdbcSettings jdbc;
    private ValidationRules validation;
    private PipelineSettings pipeline;
    private Duration checkpointEvery;

    /**
     * Parses and checks the arguments. Returns empty when help or version was printed. Throws
     * {@link IllegalArgumentException} with what to fix; never exits the JVM, because on a Flink
     * cluster {@code main} runs inside the JobManager.
     */
    public static Optional<JobOptions> parse(String... args) {
        JobOptions options = new JobOptions();
        // Last one wins, so a wrapper can pass defaults and the user's flags after them.
        CommandLine cli = new CommandLine(options).setOverwrittenOptionsAllowed(true);
        try {
            cli.parseArgs(args);
            if (cli.isUsageHelpRequested()) {
                cli.usage(System.out);
                return Optional.empty();
            }
            if (cli.isVersionHelpRequested()) {
                cli.printVersionHelp(System.out);
                return Optional.empty();
            }
            options.resolve();
            return Optional.of(options);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage() + "\n\n" + usage(cli), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + "\nRun with --help to see every option.", e);
        }
    }

    private void resolve() {
        require(HOST_PORT_LIST.matcher(kafkaBootstrapServers).matches(), "--kafka-bootstrap-servers '"
                + kafkaBootstrapServers + "' must be host:port[,host:port], e.g. localhost:9092");
        require(!kafkaTopic.isBlank(), "--kafka-topic must not be empty");
        require(!kafkaGroupId.isBlank(), "--kafka-group-id must not be empty");
        require(!alertsTopic.isBlank(), "--alerts-topic must not be empty");
        require(jdbcUrl.startsWith(JDBC_PREFIX), "--jdbc-url '" + jdbcUrl + "' must start with " + JDBC_PREFIX
                + ", e.g. jdbc:postgresql://localhost:5432/heartbeat");
        require(!jdbcUser.isBlank(), "--jdbc-user must not be empty");
        require(jdbcBatchSize >= 1, "--jdbc-batch-size must be at least 1, got " + jdbcBatchSize);
        require(jdbcMaxRetries >= 0, "--jdbc-max-retries must not be negative, got " + jdbcMaxRetries);
        require(parallelism >= 0, "--parallelism must be 0 (cluster default) or more, got " + parallelism);
        kafka = new KafkaSettings(kafkaBootstrapServers, kafkaTopic, kafkaGroupId, alertsTopic);
        jdbc = new JdbcSettings(jdbcUrl, jdbcUser, jdbcPassword,
                jdbcBatchSize, duration("--jdbc-batch-interval", jdbcBatchInterval), jdbcMaxRetries);
        StreamSettings stream = new StreamSettings(duration("--out-of-orderness", outOfOrderness), duration("--idleness", idleness),
                duration("--rollup-allowed-lateness", rollupAllowedLateness));
        require(!stream.idleness().isZero(), "--idleness must be positive");
        checkpointEvery = duration("--checkpoint-interval", checkpointInterval);
        require(checkpointEvery.toMillis() >= 10, "--checkpoint-interval must be at least 10ms");
        validation = new ValidationRules(minHeartRate, maxHeartRate, duration("--max-future-skew", maxFutureSkew),
                duration("--max-event-age", maxEventAge), maxMessageBytes);
        RiskBands bands = RiskBands.parse(riskBands);
        DetectionSettings detection = new DetectionSettings(tachycardiaAbove, bradycardiaBelow,
                duration("--sustain", sustain), spikeDelta, duration("--spike-max-gap", spikeMaxGap),
                duration("--signal-lost-after", signalLostAfter), duration("--episode-close-after", episodeCloseAfter),
                duration("--customer-state-retention", customerStateRetention));
        pipeline = new PipelineSettings(stream, bands, detection);
    }

    /** Applies the job-level settings: exactly-once checkpoints, parallelism, no silent Kryo fallback. */
    public void configure(StreamExecutionEnvironment env) {
        env.enableCheckpointing(checkpointEvery.toMillis(), CheckpointingMode.EXACTLY_ONCE);
        if (parallelism > 0) {
            env.setParallelism(parallelism);
        }
        // Every record type must have a Flink-native serializer; a generic (Kryo) type fails at build time.
        Configuration pipeline = new Configuration();
        pipeline.set(PipelineOptions.GENERIC_TYPES, false);
        // Every record type is immutable, so chained operators can hand records on without a defensive
        // copy through the serializer (the copies showed up in the benchmark's profile).
        pipeline.set(PipelineOptions.OBJECT_REUSE, true);
        env.configure(pipeline);
    }

    private static Duration duration(String flag, String value) {
        Duration d;
        try {
            d = TimeUtils.parseDuration(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(flag + " '" + value + "' is not a duration: use e.g. 200ms, 5s, 1min, 7d");
        }
        require(!d.isNegative(), flag + " must not be negative, got " + value);
        return d;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    private static String usage(CommandLine cli) {
        StringWriter out = new StringWriter();
        cli.usage(new PrintWriter(out));
        return out.toString();
    }

    public KafkaSettings kafka() {
        return kafka;
    }

    public JdbcSettings jdbc() {
        return jdbc;
    }

    public PipelineSettings pipeline() {
        return pipeline;
    }

    public ValidationRules validation() {
        return validation;
    }


    public boolean skipPreflight() {
        return skipPreflight;
    }
}
