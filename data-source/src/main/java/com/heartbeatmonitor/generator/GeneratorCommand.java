package com.heartbeatmonitor.generator;

import com.heartbeatmonitor.replay.ReplayCommand;
import com.heartbeatmonitor.security.KafkaSecurity;
import com.heartbeatmonitor.security.KafkaSecurityOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Command line of the generator: simulates customers' wearables and sends their readings to Kafka. */
@Command(
        name = "heartbeat-generator",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        showDefaultValues = true,
        subcommands = ReplayCommand.class,
        description = {
            "Simulates wearables of many customers and sends their heart-rate readings to Kafka as JSON.",
            "'replay' sends real recordings instead: heartbeat-generator replay --help."
        })
public final class GeneratorCommand implements Callable<Integer> {

    @Option(
            names = "--bootstrap-servers",
            defaultValue = "${env:HEARTBEAT_KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka bootstrap servers (env HEARTBEAT_KAFKA_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    /** SASL_SSL/SCRAM, truststore, client properties file: the same flags as the job's. */
    @Mixin
    KafkaSecurityOptions kafkaSecurity;

    @Option(
            names = "--topic",
            defaultValue = "${env:HEARTBEAT_KAFKA_TOPIC:-heartbeats}",
            description = "Topic to write to (env HEARTBEAT_KAFKA_TOPIC).")
    String topic;

    @Option(
            names = "--customers",
            defaultValue = "${env:HEARTBEAT_GENERATOR_CUSTOMERS:-100}",
            description = "Number of simulated customers (env HEARTBEAT_GENERATOR_CUSTOMERS).")
    int customers;

    @Option(
            names = "--rate",
            defaultValue = "${env:HEARTBEAT_GENERATOR_RATE:-100}",
            description = "Total events per second, all customers together (env HEARTBEAT_GENERATOR_RATE).")
    double rate;

    @Option(names = "--count", defaultValue = "0", description = "Stop after this many messages; 0 = no limit.")
    long count;

    @Option(
            names = "--duration",
            defaultValue = "0s",
            converter = DurationConverter.class,
            description = "Stop after this long, e.g. 90s or 10m; 0s = no limit.")
    Duration duration;

    @Option(names = "--burst", description = "Send as fast as possible; timestamps keep the spacing --rate gives.")
    boolean burst;

    @Option(names = "--seed", description = "Random seed for reproducible output (default: random, printed at start).")
    Long seed;

    @Option(
            names = "--start-time",
            description = "Event time of the first message, ISO-8601 (default: now). With --seed, fixes the output.")
    Instant startTime;

    @Option(
            names = "--invalid-share",
            defaultValue = "${env:HEARTBEAT_GENERATOR_INVALID_SHARE:-0.01}",
            description = "Share of invalid messages, 0..1 (env HEARTBEAT_GENERATOR_INVALID_SHARE).")
    double invalidShare;

    @Option(
            names = "--anomaly-interval",
            defaultValue = "1d",
            converter = DurationConverter.class,
            description = "Mean event time between pathological episodes of one customer.")
    Duration anomalyInterval;

    @Option(
            names = "--daily-life",
            description = "Real device behaviour: off-wrist nights, charging, dropouts, DEVICE_STOPPED episodes and "
                    + "irregular devices. Readings then average below --rate.")
    boolean dailyLife;

    @Option(
            names = "--irregular-share",
            description = "Share of customers whose device reads every 5-15 nominal spacings, 0..1 "
                    + "(default: 0, with --daily-life 0.5).")
    Double irregularShare;

    @Option(
            names = "--activity-share",
            defaultValue = "" + SimulationProfile.DEFAULT_ACTIVITY_SHARE,
            description = "Share of customers whose device sends the optional activity field (rest, active, sleep), "
                    + "0..1.")
    double activityShare;

    @Option(
            names = "--truth-file",
            description = "Write every simulated episode (customer, type, category, start, end) here as JSON lines.")
    Path truthFile;

    public static void main(String[] args) {
        System.exit(new CommandLine(new GeneratorCommand()).execute(args));
    }

    private SimulationProfile profile() {
        SimulationProfile profile = (dailyLife ? SimulationProfile.dailyLife() : SimulationProfile.DEFAULT)
                .anomalyInterval(anomalyInterval)
                .activity(activityShare);
        return irregularShare == null ? profile : profile.irregular(irregularShare);
    }

    @Override
    public Integer call() throws IOException {
        long actualSeed = seed != null ? seed : System.nanoTime();
        GeneratorSettings settings;
        KafkaSecurity security;
        try {
            security = kafkaSecurity.resolve();
            settings = new GeneratorSettings(
                    customers,
                    rate,
                    startTime != null ? startTime : Instant.now(),
                    actualSeed,
                    invalidShare,
                    profile());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
        System.out.printf(
                "generator: %d customers, %.0f events/s%s, seed %d, topic %s on %s (%s)%n",
                customers, rate, burst ? " (burst)" : "", actualSeed, topic, bootstrapServers, security.describe());
        try (KafkaPublisher publisher =
                        new KafkaPublisher(bootstrapServers, security, topic, (message, metadata) -> {});
                TruthFile truth = truthFile != null ? new TruthFile(truthFile) : null) {
            try {
                publisher.checkAccess();
            } catch (IllegalStateException e) {
                System.err.println("generator: " + e.getMessage());
                return 2;
            }
            GeneratorRun run = new GeneratorRun(
                    new HeartbeatGenerator(settings, truth != null ? truth : episode -> {}),
                    publisher,
                    new GeneratorRun.Limits(count, duration, !burst),
                    System.out);
            StopOnCtrlC.run(run::run, run::stop, "generator");
            return publisher.failed() == 0 ? 0 : 1;
        }
    }
}
