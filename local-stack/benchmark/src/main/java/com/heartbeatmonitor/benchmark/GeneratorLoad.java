package com.heartbeatmonitor.benchmark;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.heartbeatmonitor.generator.GeneratorRun;
import com.heartbeatmonitor.generator.GeneratorSettings;
import com.heartbeatmonitor.generator.HeartbeatGenerator;
import com.heartbeatmonitor.generator.KafkaPublisher;

/**
 * The generator sending into Kafka: either to a limit, timed from the first message to the last
 * acknowledgement, or in the background, paced, until stopped (a steady stream while a job is stopped
 * and restarted).
 */
final class GeneratorLoad {

    /** What was sent and how fast; {@code failed} messages were not acknowledged by the broker. */
    record Result(long sent, long invalid, long failed, double seconds) {
        @JsonProperty
        double perSecond() {
            return sent / seconds;
        }
    }

    private GeneratorLoad() {}

    static Result send(
            String bootstrapServers,
            String topic,
            GeneratorSettings settings,
            GeneratorRun.Limits limits,
            KafkaPublisher.AckListener listener) {
        try (KafkaPublisher publisher = new KafkaPublisher(bootstrapServers, topic, listener)) {
            GeneratorRun run = new GeneratorRun(new HeartbeatGenerator(settings), publisher, limits, null);
            long start = System.nanoTime();
            run.run(); // returns once every message is acknowledged or failed
            return result(run, publisher, start);
        }
    }

    /** Starts a paced, unbounded send in a thread of its own; {@link Background#stop()} ends it. */
    static Background start(
            String bootstrapServers, String topic, GeneratorSettings settings, KafkaPublisher.AckListener listener) {
        return new Background(bootstrapServers, topic, settings, listener);
    }

    /** A steady send in the background. */
    static final class Background implements AutoCloseable {
        private final KafkaPublisher publisher;
        private final GeneratorRun run;
        private final Thread thread;
        private final long start = System.nanoTime();
        private Result result;

        private Background(
                String bootstrapServers,
                String topic,
                GeneratorSettings settings,
                KafkaPublisher.AckListener listener) {
            publisher = new KafkaPublisher(bootstrapServers, topic, listener);
            run = new GeneratorRun(new HeartbeatGenerator(settings), publisher, GeneratorRun.Limits.UNBOUNDED, null);
            thread = new Thread(run, "benchmark-generator");
            thread.setDaemon(true);
            thread.start();
        }

        /** Messages handed to the producer so far. */
        long sent() {
            return run.sent();
        }

        /** Stops sending, waits for every acknowledgement; fails if a message was not acknowledged. */
        Result stop() throws InterruptedException {
            if (result == null) {
                run.stop();
                thread.join();
                try {
                    result = result(run, publisher, start);
                } finally {
                    publisher.close();
                }
            }
            return result;
        }

        @Override
        public void close() throws InterruptedException {
            run.stop();
            thread.join();
            publisher.close();
        }
    }

    private static Result result(GeneratorRun run, KafkaPublisher publisher, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        if (publisher.failed() > 0) {
            throw new IllegalStateException(
                    publisher.failed() + " messages were not acknowledged: " + publisher.lastError());
        }
        return new Result(run.sent(), run.invalid(), publisher.failed(), seconds);
    }
}
