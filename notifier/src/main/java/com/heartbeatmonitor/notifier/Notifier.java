package com.heartbeatmonitor.notifier;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running notifier: a thread reading the alerts topic into the ledger, a thread handing the ledger's due rows
 * to a worker per destination, and the metrics endpoint. {@link #start} checks the database and the topic first
 * and throws {@link IllegalStateException} saying what to fix; {@link #close} stops all of it. Run by
 * {@link NotifierMain}, and in-process by the local stack and the tests.
 */
public final class Notifier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    private static final Duration TOPIC_CHECK_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final AlertConsumer consumer;
    private final Deliverer deliverer;
    private final Thread consumerThread;
    private final Thread delivererThread;
    private final NotifierMetrics metrics;
    private final int metricsPort;

    private Notifier(AlertConsumer consumer, Deliverer deliverer, NotifierMetrics metrics, int metricsPort) {
        this.consumer = consumer;
        this.deliverer = deliverer;
        this.metrics = metrics;
        this.metricsPort = metricsPort;
        this.consumerThread = new Thread(consumer, "notifier-consumer");
        this.delivererThread = new Thread(deliverer, "notifier-deliverer");
    }

    public static Notifier start(NotifierConfig config) {
        Ledger ledger = new Ledger(config.jdbcUrl(), config.dbUser(), config.dbPassword());
        ledger.check();
        KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(
                consumerProperties(config), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            List<PartitionInfo> partitions = kafka.partitionsFor(config.topic(), TOPIC_CHECK_TIMEOUT);
            if (partitions == null || partitions.isEmpty()) {
                throw new IllegalStateException("topic " + config.topic() + " does not exist at "
                        + config.bootstrapServers() + ": check " + NotifierConfig.ALERTS_TOPIC + " (the job's"
                        + " --alerts-topic)");
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            kafka.close();
            throw new IllegalStateException(
                    "cannot reach Kafka at " + config.bootstrapServers() + ": " + e.getMessage() + "; check "
                            + NotifierConfig.BOOTSTRAP_SERVERS + " and the HEARTBEAT_KAFKA_* security settings",
                    e);
        } catch (IllegalStateException e) {
            kafka.close();
            throw e;
        }
        RetryPolicy retry = new RetryPolicy(config.retryInitial(), config.retryMax());
        NotifierConfig.Escalation escalation = config.escalation();
        EscalationPolicy policy = new EscalationPolicy(escalation.criticalAfter(), escalation.highAfter());
        NotifierMetrics metrics = new NotifierMetrics();
        Deliverer deliverer = new Deliverer(
                ledger,
                new Routes(config.contactPoints(), config.allowPlaintext(), config.httpTimeout(), config.smtp()),
                retry,
                policy,
                metrics,
                config.workers());
        AlertConsumer consumer = new AlertConsumer(
                kafka,
                config.topic(),
                ledger,
                config.contactPoints(),
                new Planner(policy, escalation.quietHours()),
                deliverer,
                retry);
        int metricsPort = -1;
        if (config.metricsPort() >= 0) {
            try {
                metricsPort = metrics.serve(config.metricsHost(), config.metricsPort());
            } catch (java.io.UncheckedIOException e) {
                kafka.close();
                throw new IllegalStateException(
                        e.getMessage() + ": " + e.getCause().getMessage() + "; set " + NotifierConfig.METRICS_PORT
                                + " to a free port (or " + NotifierConfig.METRICS_OFF + ")");
            }
        }
        Notifier notifier = new Notifier(consumer, deliverer, metrics, metricsPort);
        notifier.delivererThread.start();
        notifier.consumerThread.start();
        LOG.info(
                "notifying {} (or each customer's contacts, escalating CRITICAL after {} and HIGH after {}) of"
                        + " alerts from {}; metrics {}",
                config.contactPoints(),
                escalation.criticalAfter(),
                escalation.highAfter(),
                config,
                metricsPort < 0 ? "off" : "on http://" + config.metricsHost() + ":" + metricsPort + "/metrics");
        return notifier;
    }

    static Properties consumerProperties(NotifierConfig config) {
        Properties props = new Properties();
        config.kafkaSecurity().applyTo(props);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        // Offsets are committed by hand, after the ledger has the batch.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, config.startFrom());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "heartbeat-notifier");
        return props;
    }

    /** The port of the metrics endpoint, or -1 when it is off. */
    public int metricsPort() {
        return metricsPort;
    }

    /** Messages read, ledger rows added, rows delivered, failed attempts, unreadable messages: for status lines. */
    public String status() {
        return "alerts read=" + consumer.read() + " notifications recorded=" + consumer.recorded() + " delivered="
                + deliverer.delivered() + " failed attempts=" + deliverer.failedAttempts() + " held or cancelled="
                + deliverer.settled()
                + (consumer.unreadable() > 0 ? " unreadable=" + consumer.unreadable() : "");
    }

    /** True while both threads run; false once one has died (e.g. the consumer on a fatal Kafka error). */
    public boolean isRunning() {
        return consumerThread.isAlive() && delivererThread.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        consumer.stop();
        consumerThread.join(STOP_TIMEOUT.toMillis());
        deliverer.stop();
        delivererThread.join(STOP_TIMEOUT.toMillis());
        deliverer.awaitWorkers(STOP_TIMEOUT);
        metrics.close();
    }
}
