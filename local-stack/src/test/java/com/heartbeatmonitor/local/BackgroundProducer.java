package com.heartbeatmonitor.local;

import com.heartbeatmonitor.generator.GeneratedMessage;
import com.heartbeatmonitor.generator.GeneratorRun;
import com.heartbeatmonitor.generator.GeneratorSettings;
import com.heartbeatmonitor.generator.HeartbeatGenerator;
import com.heartbeatmonitor.generator.KafkaPublisher;
import com.heartbeatmonitor.generator.SimulationProfile;
import com.heartbeatmonitor.security.KafkaSecurity;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The seeded generator (40 customers) sending {@code count} messages through its own send loop on a
 * thread of its own, so a fault can strike while messages are still arriving. Remembers every
 * acknowledged message by where Kafka stored it. A message Kafka refused is sent again, as a device
 * keeps a reading until it is acknowledged: after a broker restart the idempotent producer can get
 * {@code OutOfOrderSequenceException} for a batch the broker did not store.
 */
final class BackgroundProducer implements AutoCloseable {

    /** Longer than the producer's own delivery timeout (2 min), so a stuck send shows as a failure, not a hang. */
    private static final Duration SEND_TIMEOUT = Duration.ofMinutes(4);

    private static final int RESEND_ROUNDS = 3;

    private final Map<TestStack.Coordinates, GeneratedMessage> sent = new ConcurrentHashMap<>();
    private final Queue<GeneratedMessage> refused = new ConcurrentLinkedQueue<>();
    private final KafkaPublisher publisher;
    private final Thread thread;
    private volatile RuntimeException failure;

    /**
     * Event times {@code 1/perSecond} apart from now; {@code paced}: sent at that rate in real time, as
     * devices would, else as fast as Kafka takes them.
     */
    BackgroundProducer(
            String bootstrapServers,
            String topic,
            int count,
            double perSecond,
            boolean paced,
            long seed,
            double invalidShare) {
        this(bootstrapServers, KafkaSecurity.PLAINTEXT, topic, count, perSecond, paced, seed, invalidShare);
    }

    /** The same, over the given client security. */
    BackgroundProducer(
            String bootstrapServers,
            KafkaSecurity security,
            String topic,
            int count,
            double perSecond,
            boolean paced,
            long seed,
            double invalidShare) {
        publisher = new KafkaPublisher(bootstrapServers, security, topic, new KafkaPublisher.AckListener() {
            @Override
            public void acknowledged(GeneratedMessage message, RecordMetadata metadata) {
                sent.put(new TestStack.Coordinates(metadata.partition(), metadata.offset()), message);
            }

            @Override
            public void failed(GeneratedMessage message, Exception error) {
                refused.add(message);
            }
        });
        GeneratorRun run = new GeneratorRun(
                new HeartbeatGenerator(new GeneratorSettings(
                        40,
                        perSecond,
                        Instant.now().truncatedTo(ChronoUnit.SECONDS),
                        seed,
                        invalidShare,
                        SimulationProfile.DEFAULT)),
                publisher,
                new GeneratorRun.Limits(count, Duration.ZERO, paced),
                null);
        thread = new Thread(
                () -> {
                    try {
                        run.run();
                    } catch (RuntimeException e) {
                        failure = e;
                    }
                },
                "background-producer");
        thread.start();
    }

    /** Waits until every message is acknowledged, sending refused ones again; fails if any never was. */
    Map<TestStack.Coordinates, GeneratedMessage> awaitAllSent() throws InterruptedException {
        thread.join(SEND_TIMEOUT.toMillis());
        if (thread.isAlive()) {
            throw new IllegalStateException("the producer did not finish within " + SEND_TIMEOUT + "; acknowledged "
                    + publisher.acked() + ", refused " + publisher.failed());
        }
        if (failure != null) {
            throw failure;
        }
        for (int round = 0; round < RESEND_ROUNDS && !refused.isEmpty(); round++) {
            List<GeneratedMessage> again = new ArrayList<>();
            for (GeneratedMessage message; (message = refused.poll()) != null; ) {
                again.add(message);
            }
            System.out.printf(
                    "background-producer: sending %d refused messages again (%s)%n",
                    again.size(), publisher.lastError());
            again.forEach(publisher::send);
            publisher.flush();
        }
        if (!refused.isEmpty()) {
            throw new IllegalStateException(
                    refused.size() + " messages were never acknowledged", publisher.lastError());
        }
        return Map.copyOf(sent);
    }

    /** How many messages Kafka has acknowledged so far. */
    int acknowledged() {
        return sent.size();
    }

    /** How many sends Kafka refused at first, each sent again. */
    long refusedAtFirst() {
        return publisher.failed();
    }

    @Override
    public void close() throws InterruptedException {
        thread.join(SEND_TIMEOUT.toMillis());
        publisher.close();
    }
}
