package com.heartbeatmonitor.local;

import com.heartbeatmonitor.generator.GeneratedMessage;
import com.heartbeatmonitor.generator.GeneratorSettings;
import com.heartbeatmonitor.generator.HeartbeatGenerator;
import com.heartbeatmonitor.generator.KafkaPublisher;
import com.heartbeatmonitor.generator.SimulationProfile;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * The seeded generator sending at a steady rate from a thread of its own, so a fault can strike while
 * messages are still arriving. Remembers every acknowledged message by where Kafka stored it.
 */
final class BackgroundProducer implements AutoCloseable {

    private final Map<TestStack.Coordinates, GeneratedMessage> sent = new ConcurrentHashMap<>();
    private final KafkaPublisher publisher;
    private final Thread thread;
    private volatile Exception failure;

    BackgroundProducer(String bootstrapServers, String topic, int count, double perSecond, long seed, double invalidShare) {
        HeartbeatGenerator generator = new HeartbeatGenerator(new GeneratorSettings(40, perSecond,
                Instant.now().truncatedTo(ChronoUnit.SECONDS), seed, invalidShare, SimulationProfile.DEFAULT));
        publisher = new KafkaPublisher(bootstrapServers, topic,
                (message, metadata) -> sent.put(new TestStack.Coordinates(metadata.partition(), metadata.offset()), message));
        long intervalNanos = (long) (1e9 / perSecond);
        thread = new Thread(() -> {
            long next = System.nanoTime();
            try {
                for (int i = 0; i < count; i++) {
                    publisher.send(generator.next());
                    next += intervalNanos;
                    LockSupport.parkNanos(next - System.nanoTime());
                }
                publisher.flush();
            } catch (RuntimeException e) {
                failure = e;
            }
        }, "background-producer");
        thread.start();
    }

    /** Waits until every message is acknowledged; fails if any was not. */
    Map<TestStack.Coordinates, GeneratedMessage> awaitAllSent() throws Exception {
        thread.join();
        if (failure != null) {
            throw failure;
        }
        if (publisher.failed() > 0) {
            throw new IllegalStateException(publisher.failed() + " messages were not acknowledged", publisher.lastError());
        }
        return Map.copyOf(sent);
    }

    int acknowledged() {
        return sent.size();
    }

    @Override
    public void close() throws InterruptedException {
        thread.join();
        publisher.close();
    }
}
