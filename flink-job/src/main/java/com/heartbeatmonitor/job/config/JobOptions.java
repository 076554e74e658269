package com.heartbeatmonitor.job.config;

import com.heartbeatmonitor.job.validation.ValidationRules;
import com.heartbeatmonitor.security.KafkaSecurityOptions;
import com.heartbeatmonitor.security.OptionEnvironment;
import com.heartbeatmonitor.settings.SettingsBounds;
import com.heartbeatmonitor.settings.SettingsBoundsOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Every setting of the job: a flag, with an environment variable as fallback, then a default. Values
 * are checked as a whole at start, and a wrong one fails with a message that names the flag to fix.
 * A default that code elsewhere also uses is written once, next to what it sets ({@link RiskBands},
 * {@link ValidationRules}, {@link JdbcSettings}, {@link DetectionProfile}), and the flag reads it.
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
    /**
     * Default of {@code --checkpoint-interval}, in Flink's duration form; the SQL peer reads it too. The heap backend
     * writes every customer's state at each checkpoint and copies each one again on its next access: at 10 s that
     * was 13% of the TaskManager's CPU in the wide catch-up, 30 s took 12.5% off its CPU per event (docs: Benchmark).
     * A failure replays at most this much input; the database's keys make the replay store nothing twice.
     */
    public static final String DEFAULT_CHECKPOINT_INTERVAL = "30s";

    private static final Pattern HOST_PORT_LIST = Pattern.compile("[^\\s,:]+:\\d{1,5}(,[^\\s,:]+:\\d{1,5})*");
    private static final String JDBC_PREFIX = "jdbc:postgresql://";

    @Option(
            names = "--kafka-bootstrap-servers",
            defaultValue = "${env:HEARTBEAT_KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka bootstrap servers, host:port[,host:port].")
    String kafkaBootstrapServers;

    @Option(
            names = "--kafka-topic",
            defaultValue = "${env:HEARTBEAT_KAFKA_TOPIC:-heartbeats}",
            description = "Topic of the readings.")
    String kafkaTopic;

    @Option(
            names = "--kafka-group-id",
            defaultValue = "${env:HEARTBEAT_KAFKA_GROUP_ID:-heartbeat-monitor}",
            description = "Consumer group; offsets are committed under it on checkpoints.")
    String kafkaGroupId;

    @Option(
            names = "--alerts-topic",
            defaultValue = "${env:HEARTBEAT_ALERTS_TOPIC:-heartbeat-alerts}",
            description = "Topic the alert events are published to, as JSON.")
    String alertsTopic;

    @Option(
            names = "--settings-topic",
            defaultValue = "${env:HEARTBEAT_SETTINGS_TOPIC:-customer-settings}",
            description = "Compacted topic of the customers' own settings, keyed by customer_id (env "
                    + "HEARTBEAT_SETTINGS_TOPIC).")
    String settingsTopic;

    @Mixin
    SettingsBoundsOptions settingsBounds;

    @Mixin
    KafkaSecurityOptions kafkaSecurity;

    @Option(
            names = "--jdbc-url",
            defaultValue = "${env:HEARTBEAT_JDBC_URL:-jdbc:postgresql://localhost:5432/heartbeat}",
            description = "PostgreSQL JDBC URL.")
    String jdbcUrl;

    @Option(
            names = "--jdbc-user",
            defaultValue = "${env:HEARTBEAT_JDBC_USER:-" + DEFAULT_WRITER + "}",
            description = "Database user: the writer role, never an administrator.")
    String jdbcUser;

    @Option(
            names = "--jdbc-password",
            defaultValue = "${env:HEARTBEAT_JDBC_PASSWORD:-}",
            showDefaultValue = CommandLine.Help.Visibility.NEVER,
            description = "Database password (empty for trust auth).")
    String jdbcPassword;

    @Option(
            names = "--jdbc-ssl-mode",
            defaultValue = "${env:HEARTBEAT_JDBC_SSL_MODE}",
            description = "TLS to PostgreSQL: disable, require, verify-ca or verify-full; unset leaves --jdbc-url as"
                    + " it is.")
    String jdbcSslMode;

    @Option(
            names = "--jdbc-ssl-root-cert",
            defaultValue = "${env:HEARTBEAT_JDBC_SSL_ROOT_CERT}",
            description = "PEM file of the CA that signed PostgreSQL's certificate, for verify-ca/verify-full; must"
                    + " exist on the JobManager and every TaskManager.")
    String jdbcSslRootCert;

    @Option(
            names = "--jdbc-batch-size",
            defaultValue = "${env:HEARTBEAT_JDBC_BATCH_SIZE:-" + JdbcSettings.DEFAULT_BATCH_SIZE + "}",
            description = "Rows per JDBC batch.")
    int jdbcBatchSize;

    @Option(
            names = "--jdbc-batch-interval",
            defaultValue = "${env:HEARTBEAT_JDBC_BATCH_INTERVAL:-" + JdbcSettings.DEFAULT_BATCH_INTERVAL + "}",
            description = "Longest time a row waits in a batch, e.g. 200ms.")
    String jdbcBatchInterval;

    @Option(
            names = "--jdbc-max-retries",
            defaultValue = "${env:HEARTBEAT_JDBC_MAX_RETRIES:-" + JdbcSettings.DEFAULT_MAX_RETRIES + "}",
            description = "Retries of a failed batch before the job restarts.")
    int jdbcMaxRetries;

    @Option(
            names = "--parallelism",
            defaultValue = "${env:HEARTBEAT_PARALLELISM:-0}",
            description = "Job parallelism; 0 = the cluster's default.")
    int parallelism;

    @Option(
            names = "--checkpoint-interval",
            defaultValue = "${env:HEARTBEAT_CHECKPOINT_INTERVAL:-" + DEFAULT_CHECKPOINT_INTERVAL + "}",
            description = "Exactly-once checkpoint interval; Kafka offsets are committed on each.")
    String checkpointInterval;

    @Option(
            names = "--state-backend",
            defaultValue = "${env:HEARTBEAT_STATE_BACKEND}",
            description = "Keyed state backend: ${COMPLETION-CANDIDATES}; rocksdb with incremental checkpoints."
                    + " Unset: the cluster's state.backend.type (hashmap in flink-conf/config.yaml). Set by"
                    + " name, so the job jar bundles no backend; a canonical savepoint moves from one to the"
                    + " other.")
    StateBackend stateBackend;

    @Option(
            names = "--out-of-orderness",
            defaultValue = "${env:HEARTBEAT_OUT_OF_ORDERNESS:-5s}",
            description = "Bounded out-of-orderness of event time.")
    String outOfOrderness;

    @Option(
            names = "--idleness",
            defaultValue = "${env:HEARTBEAT_IDLENESS:-30s}",
            description = "A partition silent this long stops holding the watermark back.")
    String idleness;

    @Option(
            names = "--rollup-allowed-lateness",
            defaultValue = "${env:HEARTBEAT_ROLLUP_ALLOWED_LATENESS:-2min}",
            description = "A minute rollup still takes readings this late and is rewritten.")
    String rollupAllowedLateness;

    @Option(
            names = "--min-heart-rate",
            defaultValue = "${env:HEARTBEAT_MIN_HEART_RATE:-" + ValidationRules.DEFAULT_MIN_HEART_RATE + "}",
            description = "Lowest valid heart rate, bpm.")
    int minHeartRate;

    @Option(
            names = "--max-heart-rate",
            defaultValue = "${env:HEARTBEAT_MAX_HEART_RATE:-" + ValidationRules.DEFAULT_MAX_HEART_RATE + "}",
            description = "Highest valid heart rate, bpm.")
    int maxHeartRate;

    @Option(
            names = "--max-future-skew",
            defaultValue = "${env:HEARTBEAT_MAX_FUTURE_SKEW:-" + ValidationRules.DEFAULT_MAX_FUTURE_SKEW + "}",
            description = "Reject timestamps further ahead of the Kafka record time.")
    String maxFutureSkew;

    @Option(
            names = "--max-event-age",
            defaultValue = "${env:HEARTBEAT_MAX_EVENT_AGE:-" + ValidationRules.DEFAULT_MAX_EVENT_AGE + "}",
            description = "Reject timestamps further behind the Kafka record time.")
    String maxEventAge;

    @Option(
            names = "--max-message-bytes",
            defaultValue = "${env:HEARTBEAT_MAX_MESSAGE_BYTES:-" + ValidationRules.DEFAULT_MAX_PAYLOAD_BYTES + "}",
            description = "Reject larger messages unparsed.")
    int maxMessageBytes;

    @Option(
            names = "--risk-bands",
            defaultValue = "${env:HEARTBEAT_RISK_BANDS:-" + RiskBands.DEFAULT_BOUNDS + "}",
            description = "Risk bands in bpm: critical<, high<, elevated<, elevated>, high>, critical>.")
    String riskBands;

    @Option(
            names = "--detection-profile",
            defaultValue = "${env:HEARTBEAT_DETECTION_PROFILE:-WEARABLE}",
            description = "Detection defaults: ${COMPLETION-CANDIDATES} (consumer wearables, or supervised patients"
                    + " with bedside-monitor rules); the flags below override single values.")
    DetectionProfile detectionProfile;

    @Option(
            names = "--tachycardia-above",
            defaultValue = "${env:HEARTBEAT_TACHYCARDIA_ABOVE}",
            description = "TACHYCARDIA: smoothed rate above this many bpm for --sustain; profile default.")
    Integer tachycardiaAbove;

    @Option(
            names = "--bradycardia-below",
            defaultValue = "${env:HEARTBEAT_BRADYCARDIA_BELOW}",
            description = "BRADYCARDIA: smoothed rate below this many bpm for --sustain; profile default.")
    Integer bradycardiaBelow;

    @Option(
            names = "--sustain",
            defaultValue = "${env:HEARTBEAT_SUSTAIN}",
            description = "How long a rate condition must hold before it is an alert; profile default.")
    String sustain;

    @Option(
            names = "--smoothing",
            defaultValue = "${env:HEARTBEAT_SMOOTHING}",
            description = "Time constant of the moving average the rate rules judge; 0s = raw readings.")
    String smoothing;

    @Option(
            names = "--sudden-rise",
            defaultValue = "${env:HEARTBEAT_SUDDEN_RISE}",
            description = "TACHYCARDIA after an abrupt rise of this many bpm between readings; 0 = off.")
    Integer suddenRise;

    @Option(
            names = "--sudden-sustain",
            defaultValue = "${env:HEARTBEAT_SUDDEN_SUSTAIN}",
            description = "... held this long above --tachycardia-above.")
    String suddenSustain;

    @Option(
            names = "--sudden-within",
            defaultValue = "${env:HEARTBEAT_SUDDEN_WITHIN}",
            description = "... between two readings at most this far apart (env HEARTBEAT_SUDDEN_WITHIN).")
    String suddenWithin;

    @Option(
            names = "--sudden-lookback",
            defaultValue = "${env:HEARTBEAT_SUDDEN_LOOKBACK}",
            description = "... with the run above the threshold beginning at most this long after the rise (env "
                    + "HEARTBEAT_SUDDEN_LOOKBACK).")
    String suddenLookback;

    @Option(
            names = "--exertion-rise",
            defaultValue = "${env:HEARTBEAT_EXERTION_RISE}",
            description =
                    "A rate that climbed its last 20 bpm to the threshold this fast rose like exercise; 0s =" + " off.")
    String exertionRise;

    @Option(
            names = "--exertion-sustain",
            defaultValue = "${env:HEARTBEAT_EXERTION_SUSTAIN}",
            description = "... and must hold this long to be an alert.")
    String exertionSustain;

    @Option(
            names = "--exertion-rise-span",
            defaultValue = "${env:HEARTBEAT_EXERTION_RISE_SPAN}",
            description = "The climb, in bpm, that --exertion-rise times; also how far below --tachycardia-above rest "
                    + "ends for --sudden-rise (env HEARTBEAT_EXERTION_RISE_SPAN).")
    Integer exertionRiseSpan;

    @Option(
            names = "--exertion-lookback",
            defaultValue = "${env:HEARTBEAT_EXERTION_LOOKBACK}",
            description = "A run above the threshold beginning at most this long after an exercise-like rise gets "
                    + "--exertion-sustain (env HEARTBEAT_EXERTION_LOOKBACK).")
    String exertionLookback;

    @Option(
            names = "--irregular-step-percent",
            defaultValue = "${env:HEARTBEAT_IRREGULAR_STEP_PERCENT}",
            description = "Irregular tachycardia (atrial fibrillation): a block mean departing this many percent of the"
                    + " rate from the trend of the two blocks before is an irregular step; 0 = off (env "
                    + "HEARTBEAT_IRREGULAR_STEP_PERCENT).")
    Double irregularStepPercent;

    @Option(
            names = "--irregular-share",
            defaultValue = "${env:HEARTBEAT_IRREGULAR_SHARE}",
            description = "... and the rhythm is irregular when more than this share (0.5-1) of the blocks of"
                    + " --irregular-window are irregular steps (env HEARTBEAT_IRREGULAR_SHARE).")
    Double irregularShare;

    @Option(
            names = "--irregular-block",
            defaultValue = "${env:HEARTBEAT_IRREGULAR_BLOCK}",
            description = "... readings are averaged per block this long (at least the reading interval) (env "
                    + "HEARTBEAT_IRREGULAR_BLOCK).")
    String irregularBlock;

    @Option(
            names = "--irregular-window",
            defaultValue = "${env:HEARTBEAT_IRREGULAR_WINDOW}",
            description = "... judged over the blocks of this window; an irregular rhythm alerts after --sustain,"
                    + " whatever its rise (env HEARTBEAT_IRREGULAR_WINDOW).")
    String irregularWindow;

    @Option(
            names = "--spike-delta",
            defaultValue = "${env:HEARTBEAT_SPIKE_DELTA}",
            description = "SPIKE: a change of at least this many bpm between consecutive readings; 0 = off.")
    Integer spikeDelta;

    @Option(
            names = "--spike-max-gap",
            defaultValue = "${env:HEARTBEAT_SPIKE_MAX_GAP}",
            description = "SPIKE: ... no further apart than this.")
    String spikeMaxGap;

    @Option(
            names = "--signal-lost-after",
            defaultValue = "${env:HEARTBEAT_SIGNAL_LOST_AFTER}",
            description = "SIGNAL_LOST: no reading for this long (at least 4 of the customer's intervals); 0s = off.")
    String signalLostAfter;

    @Option(
            names = "--routine-gap-allowance",
            defaultValue = "${env:HEARTBEAT_ROUTINE_GAP_ALLOWANCE}",
            description = "Silence allowed at the customer's habitual off-wrist hours and in the first day; 0s = no"
                    + " routine.")
    String routineGapAllowance;

    @Option(
            names = "--episode-close-after",
            defaultValue = "${env:HEARTBEAT_EPISODE_CLOSE_AFTER}",
            description = "An episode closes when its condition has been absent this long.")
    String episodeCloseAfter;

    @Option(
            names = "--customer-state-retention",
            defaultValue = "${env:HEARTBEAT_CUSTOMER_STATE_RETENTION}",
            description = "A customer silent this long is forgotten: state and timers cleared.")
    String customerStateRetention;

    @Option(
            names = "--cadence-factor",
            defaultValue = "${env:HEARTBEAT_CADENCE_FACTOR}",
            description = "Durations that mean absent (episode close, lost signal, a broken run) are at least this many"
                    + " of the customer's own reading intervals (env HEARTBEAT_CADENCE_FACTOR).")
    Integer cadenceFactor;

    @Option(
            names = "--skip-preflight",
            description = "Do not check at start that Kafka and PostgreSQL are reachable and ready.")
    boolean skipPreflight;

    private KafkaSettings kafka;
    private JdbcSettings jdbc;
    private ValidationRules validation;
    private PipelineSettings pipeline;
    private SettingsBounds bounds;
    private Duration checkpointEvery;

    /** The environment variable {@code flag} falls back to, as its default says: for messages that name it. */
    public static String variable(String flag) {
        return OptionEnvironment.variable(JobOptions.class, flag);
    }

    /** {@code --flag (VARIABLE)}: how a message names a setting to fix. */
    public static String flagAndVariable(String flag) {
        return OptionEnvironment.flagAndVariable(JobOptions.class, flag);
    }

    /**
     * Parses and checks the arguments. Returns empty when help or version was printed. Throws
     * {@link IllegalArgumentException} with what to fix; never exits the JVM, because on a Flink
     * cluster {@code main} runs inside the JobManager.
     */
    public static Optional<JobOptions> parse(String... args) {
        JobOptions options = new JobOptions();
        // Last one wins, so a wrapper can pass defaults and the user's flags after them.
        CommandLine cli = OptionEnvironment.withEnvironmentHelp(
                new CommandLine(options).setOverwrittenOptionsAllowed(true).setCaseInsensitiveEnumValuesAllowed(true));
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
        require(
                HOST_PORT_LIST.matcher(kafkaBootstrapServers).matches(),
                "--kafka-bootstrap-servers '" + kafkaBootstrapServers
                        + "' must be host:port[,host:port], e.g. localhost:9092");
        require(!kafkaTopic.isBlank(), "--kafka-topic must not be empty");
        require(!kafkaGroupId.isBlank(), "--kafka-group-id must not be empty");
        require(!alertsTopic.isBlank(), "--alerts-topic must not be empty");
        require(!settingsTopic.isBlank(), "--settings-topic must not be empty");
        require(
                !settingsTopic.equals(kafkaTopic) && !settingsTopic.equals(alertsTopic),
                "--settings-topic '" + settingsTopic
                        + "' must be a topic of its own, not the readings' or the alerts'");
        bounds = settingsBounds.resolve();
        require(
                jdbcUrl.startsWith(JDBC_PREFIX),
                "--jdbc-url '" + jdbcUrl + "' must start with " + JDBC_PREFIX
                        + ", e.g. jdbc:postgresql://localhost:5432/heartbeat");
        require(!jdbcUser.isBlank(), "--jdbc-user must not be empty");
        require(jdbcBatchSize >= 1, "--jdbc-batch-size must be at least 1, got " + jdbcBatchSize);
        require(jdbcMaxRetries >= 0, "--jdbc-max-retries must not be negative, got " + jdbcMaxRetries);
        require(parallelism >= 0, "--parallelism must be 0 (cluster default) or more, got " + parallelism);
        kafka = new KafkaSettings(
                kafkaBootstrapServers, kafkaTopic, kafkaGroupId, alertsTopic, kafkaSecurity.resolve());
        jdbc = new JdbcSettings(
                JdbcSettings.withTls(jdbcUrl, jdbcSslMode, jdbcSslRootCert),
                jdbcUser,
                jdbcPassword,
                jdbcBatchSize,
                duration("--jdbc-batch-interval", jdbcBatchInterval),
                jdbcMaxRetries);
        StreamSettings stream = new StreamSettings(
                duration("--out-of-orderness", outOfOrderness),
                duration("--idleness", idleness),
                duration("--rollup-allowed-lateness", rollupAllowedLateness));
        require(!stream.idleness().isZero(), "--idleness must be positive");
        checkpointEvery = duration("--checkpoint-interval", checkpointInterval);
        require(checkpointEvery.toMillis() >= 10, "--checkpoint-interval must be at least 10ms");
        validation = new ValidationRules(
                minHeartRate,
                maxHeartRate,
                duration("--max-future-skew", maxFutureSkew),
                duration("--max-event-age", maxEventAge),
                maxMessageBytes);
        RiskBands bands = RiskBands.parse(riskBands);
        DetectionSettings detection = detection(detectionProfile.settings());
        pipeline = new PipelineSettings(stream, bands, detection, kafkaTopic);
    }

    /** The profile's settings with every detection flag that was given in its place. */
    private DetectionSettings detection(DetectionSettings p) {
        return p.toBuilder()
                .tachycardiaAbove(orElse(tachycardiaAbove, p.tachycardiaAbove()))
                .bradycardiaBelow(orElse(bradycardiaBelow, p.bradycardiaBelow()))
                .sustain(duration("--sustain", sustain, p.sustain()))
                .smoothing(duration("--smoothing", smoothing, p.smoothing()))
                .suddenRise(orElse(suddenRise, p.suddenRise()))
                .suddenWithin(duration("--sudden-within", suddenWithin, p.suddenWithin()))
                .suddenSustain(duration("--sudden-sustain", suddenSustain, p.suddenSustain()))
                .suddenLookback(duration("--sudden-lookback", suddenLookback, p.suddenLookback()))
                .exertionRiseSpan(orElse(exertionRiseSpan, p.exertionRiseSpan()))
                .exertionRise(duration("--exertion-rise", exertionRise, p.exertionRise()))
                .exertionLookback(duration("--exertion-lookback", exertionLookback, p.exertionLookback()))
                .exertionSustain(duration("--exertion-sustain", exertionSustain, p.exertionSustain()))
                .irregularStepPercent(irregularStepPercent != null ? irregularStepPercent : p.irregularStepPercent())
                .irregularShare(irregularShare != null ? irregularShare : p.irregularShare())
                .irregularBlock(duration("--irregular-block", irregularBlock, p.irregularBlock()))
                .irregularWindow(duration("--irregular-window", irregularWindow, p.irregularWindow()))
                .spikeDelta(orElse(spikeDelta, p.spikeDelta()))
                .spikeMaxGap(duration("--spike-max-gap", spikeMaxGap, p.spikeMaxGap()))
                .signalLostAfter(duration("--signal-lost-after", signalLostAfter, p.signalLostAfter()))
                .routineGapAllowance(duration("--routine-gap-allowance", routineGapAllowance, p.routineGapAllowance()))
                .closeAfter(duration("--episode-close-after", episodeCloseAfter, p.closeAfter()))
                .customerRetention(
                        duration("--customer-state-retention", customerStateRetention, p.customerRetention()))
                .cadenceFactor(orElse(cadenceFactor, p.cadenceFactor()))
                .build();
    }

    private static int orElse(Integer value, int profileDefault) {
        return value != null ? value : profileDefault;
    }

    private static Duration duration(String flag, String value, Duration profileDefault) {
        return value == null || value.isBlank() ? profileDefault : duration(flag, value);
    }

    /**
     * Applies the job-level settings: exactly-once checkpoints, parallelism, the state backend if one was
     * chosen, no silent Kryo fallback.
     */
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
        // By name, not by class: the backend comes from the cluster's classpath, the job jar stays small.
        if (stateBackend != null) {
            pipeline.set(StateBackendOptions.STATE_BACKEND, stateBackend.flinkName());
            pipeline.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, stateBackend.incrementalCheckpoints());
        }
        env.configure(pipeline);
    }

    private static Duration duration(String flag, String value) {
        Duration d;
        try {
            d = TimeUtils.parseDuration(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(
                    flag + " '" + value + "' is not a duration: use e.g. 200ms, 5s, 1min, 7d");
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

    /** The compacted topic of the customers' own settings. */
    public String settingsTopic() {
        return settingsTopic;
    }

    /** What a customer may set (--settings-high-min and the like). */
    public SettingsBounds settingsBounds() {
        return bounds;
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

    /** The backend chosen with {@code --state-backend}, or empty: the cluster's own. */
    public Optional<StateBackend> stateBackend() {
        return Optional.ofNullable(stateBackend);
    }

    public boolean skipPreflight() {
        return skipPreflight;
    }
}
