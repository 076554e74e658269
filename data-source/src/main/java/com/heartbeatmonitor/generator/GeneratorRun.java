package com.heartbeatmonitor.generator;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The send loop: paces messages on their event timestamps so the wall-clock rate equals the simulated
 * one, stops after a count or a duration or on {@link #stop()}, and prints a progress line now and then.
 */
public final class GeneratorRun implements Runnable {

    /** When to stop; zero means no limit of that kind. */
    public record Limits(long count, Duration duration, boolean paced) {
        public static final Limits UNBOUNDED = new Limits(0, Duration.ZERO, true);
    }

    private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final HeartbeatGenerator generator;
    private final KafkaPublisher publisher;
    private final Limits limits;
    private final PrintStream progress;
    private volatile boolean stopped;
    private volatile long sent;
    private volatile long invalid;

    public GeneratorRun(HeartbeatGenerator generator, KafkaPublisher publisher, Limits limits, PrintStream progress) {
        this.generator = generator;
        this.publisher = publisher;
        this.limits = limits;
        this.progress = progress;
    }

    @Override
    public void run() {
        long startNanos = System.nanoTime();
        long deadline = limits.duration().isZero()
                ? Long.MAX_VALUE
                : startNanos + limits.duration().toNanos();
        long firstEventMillis = -1;
        long nextProgress = startNanos + PROGRESS_EVERY_NANOS;
        long sentAtLastProgress = 0;
        long lastProgressNanos = startNanos;
        while (!stopped && (limits.count() == 0 || sent < limits.count())) {
            GeneratedMessage message = generator.next();
            long eventMillis = message.timestamp().toEpochMilli();
            if (firstEventMillis < 0) {
                firstEventMillis = eventMillis;
            }
            long dueNanos = startNanos + TimeUnit.MILLISECONDS.toNanos(eventMillis - firstEventMillis);
            if (dueNanos >= deadline) {
                break;
            }
            if (limits.paced()) {
                for (long wait = dueNanos - System.nanoTime();
                        wait > 0 && !stopped;
                        wait = dueNanos - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
            }
            publisher.send(message);
            sent++;
            if (!message.isValid()) {
                invalid++;
            }
            long now = System.nanoTime();
            if (now >= deadline) {
                break;
            }
            if (progress != null && now >= nextProgress) {
                double rate = (sent - sentAtLastProgress) * 1e9 / (now - lastProgressNanos);
                printProgress(rate);
                sentAtLastProgress = sent;
                lastProgressNanos = now;
                nextProgress = now + PROGRESS_EVERY_NANOS;
            }
        }
        generator.finish();
        publisher.flush();
        if (progress != null) {
            double elapsed = (System.nanoTime() - startNanos) / 1e9;
            printProgress(sent / Math.max(elapsed, 1e-9));
            progress.printf("generator done: %d messages in %.1f s%n", sent, elapsed);
        }
    }

    private void printProgress(double rate) {
        progress.printf(
                "generator: sent=%d acked=%d invalid=%d rate=%.1f/s errors=%d%s%n",
                sent,
                publisher.acked(),
                invalid,
                rate,
                publisher.failed(),
                publisher.lastError() == null
                        ? ""
                        : " last-error=" + publisher.lastError().getMessage());
    }

    public void stop() {
        stopped = true;
    }

    public long sent() {
        return sent;
    }

    public long invalid() {
        return invalid;
    }
}
