package com.heartbeatmonitor.local;

import com.heartbeatmonitor.generator.GeneratorRun;
import com.heartbeatmonitor.generator.GeneratorSettings;
import com.heartbeatmonitor.generator.HeartbeatGenerator;
import com.heartbeatmonitor.generator.KafkaPublisher;
import com.heartbeatmonitor.replay.ReplayCommand;
import com.heartbeatmonitor.replay.ReplayRun;
import com.heartbeatmonitor.security.KafkaSecurity;
import java.time.Instant;
import java.util.function.Supplier;

/** What sends to the readings topic for {@link LocalPipeline}: the generator, a replay, or nothing. */
final class Sender implements AutoCloseable {

    private final Thread thread;
    private final Runnable stop;
    private final KafkaPublisher publisher;
    private final Supplier<String> status;

    private Sender(Thread thread, Runnable stop, KafkaPublisher publisher, Supplier<String> status) {
        this.thread = thread;
        this.stop = stop;
        this.publisher = publisher;
        this.status = status;
    }

    /** Nothing: the user's own devices or tools send. */
    static Sender none() {
        return new Sender(null, null, null, () -> "");
    }

    /** The generator, until stopped. */
    static Sender generator(GeneratorSettings settings, String bootstrapServers, KafkaSecurity security, String topic) {
        KafkaPublisher publisher = new KafkaPublisher(bootstrapServers, security, topic, (m, md) -> {});
        GeneratorRun generator =
                new GeneratorRun(new HeartbeatGenerator(settings), publisher, GeneratorRun.Limits.UNBOUNDED, null);
        return start(new Sender(
                new Thread(generator, "generator"),
                generator::stop,
                publisher,
                () -> "  produced=" + generator.sent()));
    }

    /** A prepared recording, once. */
    static Sender replay(
            ReplayCommand.Prepared recording, String bootstrapServers, KafkaSecurity security, String topic) {
        KafkaPublisher publisher = new KafkaPublisher(bootstrapServers, security, topic, (m, md) -> {});
        ReplayRun run = new ReplayRun(
                recording.recording(),
                recording.messages(Instant.now(), System.out),
                recording.speed(),
                0,
                publisher,
                System.out,
                false);
        int total = recording.recording().size();
        return start(new Sender(
                new Thread(run, "replay"),
                run::stop,
                publisher,
                () -> "  replayed=" + run.sent() + "/" + total
                        + (run.finished() ? (run.sent() == total ? " (done)" : " (stopped)") : "")));
    }

    private static Sender start(Sender sender) {
        sender.thread.start();
        return sender;
    }

    boolean sends() {
        return thread != null;
    }

    /** Its part of the status line, e.g. {@code "  produced=1200"}; empty when nothing is sent here. */
    String status() {
        return status.get();
    }

    @Override
    public void close() throws InterruptedException {
        if (thread == null) {
            return;
        }
        stop.run();
        try {
            thread.join();
        } finally {
            publisher.close();
        }
    }
}
