package com.heartbeatmonitor.local;

import com.heartbeatmonitor.generator.GeneratedMessage;
import com.heartbeatmonitor.generator.GeneratorRun;
import com.heartbeatmonitor.generator.GeneratorSettings;
import com.heartbeatmonitor.generator.HeartbeatGenerator;
import com.heartbeatmonitor.generator.KafkaPublisher;
import com.heartbeatmonitor.generator.SimulationProfile;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The seeded generator (40 customers) sending {@code count} messages through its own send loop on a
 * thread of its own, so a fault can strike while messages are still arriving. Remembers every
 * acknowledged message by where Kafka stored it.
 */
final class BackgroundProducer implements AutoCloseable {

    private final Map<TestStack.Coordinates, GeneratedMessage> sent = new ConcurrentHashMap<>();
    private final KafkaPublisher publisher;
    private final Thread thread;
    private volatile RuntimeException failure;

    /**
     * Event times {@code 1/perSecond} apart from now; {@code paced}: sent at that rate in real time, as
     * devices would, else as fast as Kafka takes them.
     */
    BackgroundProducer(String bootstrapServers, String topic, int count, double perSecond, boolean paced, long seed,
            double invalidShare) {
        publisher = new KafkaPublisher(bootstrapServers, topic,
                (message, metadata) -> sent.put(new TestStack.Coordinates(metadata.partition(), metadata.offset()), message));
        GeneratorRun run = new GeneratorRun(
                new HeartbeatGenerator(new GeneratorSettings(40, perSecond, Instant.now().truncatedTo(ChronoUnit.SECONDS),
                        seed, invalidShare, SimulationProfile.DEFAULT)),
                publisher, new GeneratorRun.Limits(count, Duration.ZERO, paced), null);
        thread = new Thread(() -> {
            try {
                run.run();
            } catch (RuntimeException e) {
                failure = e;
            }
        }, "background-producer");
        thread.start();
    }

    /** Waits until every message is acknowledged; fails if any was not. */
    Map<TestStack.Coordinates, GeneratedMessage> awaitAllSent() throws InterruptedException {
        thread.join();
        if (failure != null) {
            throw failure;
        }
        if (publisher.failed() > 0) {
            throw new IllegalStateException(publisher.failed() + " messages were not acknowledged", publisher.lastError());
        }
        return Map.copyOf(sent);
    }

    @Override
    public void close() throws InterruptedException {
        thread.join();
        publisher.close();
    }
}
