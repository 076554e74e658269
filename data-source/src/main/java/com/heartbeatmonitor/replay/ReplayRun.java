package com.heartbeatmonitor.replay;

import com.heartbeatmonitor.generator.KafkaPublisher;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The replay's send loop: sends a recording's readings in time order, paced by {@link Speed} on their
 * (shifted) times, each record stamped with its reading's time ({@link ReplayMessages#recordTime}), until the
 * end, a limit or {@link #stop()}; prints progress every few seconds and a summary at the end. Flushes before
 * returning, so the counts are final then.
 */
public final class ReplayRun implements Runnable {

    /** The contract's valid range: values outside are sent anyway, the job rejects them with a reason. */
    static final int MIN_VALID_BPM = 30;

    static final int MAX_VALID_BPM = 220;

    private static final long PROGRESS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Recording recording;
    private final ReplayMessages messages;
    private final Speed speed;
    private final long limit;
    private final KafkaPublisher publisher;
    private final PrintStream out;
    private volatile boolean stopped;
    private volatile long sent;
    private volatile long outOfRange;
    private volatile boolean finished;
    private boolean failedEarly;
    private final boolean progressLines;

    /**
     * @param limit at most this many readings; 0 = all
     * @param out the summary, and progress lines if {@code progressLines}; null for nothing
     */
    public ReplayRun(
            Recording recording,
            ReplayMessages messages,
            Speed speed,
            long limit,
            KafkaPublisher publisher,
            PrintStream out,
            boolean progressLines) {
        this.progressLines = progressLines;
        this.recording = recording;
        this.messages = messages;
        this.speed = speed;
        this.limit = limit;
        this.publisher = publisher;
        this.out = out;
    }

    @Override
    public void run() {
        ReplayProgress progress = new ReplayProgress(out, recording, publisher);
        long startNanos = System.nanoTime();
        long firstMillis = Long.MIN_VALUE;
        long nextProgress = progressLines ? startNanos + PROGRESS_EVERY_NANOS : Long.MAX_VALUE;
        Instant reached = null;
        try {
            // In the order of the sent timestamps: with people aligned on their own that is not the recorded order.
            Iterator<Reading> readings =
                    recording.mergedBy(Comparator.comparing(messages::timestamp).thenComparing(Reading::person));
            while (!stopped && readings.hasNext() && (limit == 0 || sent < limit)) {
                if (publisher.failed() > 0) {
                    failedEarly = true; // Kafka refused a message: more would fail alike
                    break;
                }
                Reading reading = readings.next();
                long millis = messages.timestamp(reading).toEpochMilli();
                if (firstMillis == Long.MIN_VALUE) {
                    firstMillis = millis;
                }
                if (!speed.isMax()) {
                    long due = startNanos + speed.dueNanos(millis - firstMillis);
                    for (long wait = due - System.nanoTime(); wait > 0 && !stopped; wait = due - System.nanoTime()) {
                        LockSupport.parkNanos(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(200)));
                        if (System.nanoTime() >= nextProgress) {
                            progress.line(sent, outOfRange, reached, false);
                            nextProgress = System.nanoTime() + PROGRESS_EVERY_NANOS;
                        }
                    }
                    if (stopped) {
                        break;
                    }
                }
                publisher.send(messages.message(reading), messages.recordTime(reading, Instant.now()));
                sent++;
                if (reading.heartRate() < MIN_VALID_BPM || reading.heartRate() > MAX_VALID_BPM) {
                    outOfRange++;
                }
                reached = reading.time();
                if (System.nanoTime() >= nextProgress) {
                    progress.line(sent, outOfRange, reached, false);
                    nextProgress = System.nanoTime() + PROGRESS_EVERY_NANOS;
                }
            }
        } finally {
            publisher.flush();
            finished = true;
        }
        if (progressLines) {
            progress.line(sent, outOfRange, reached, true);
        }
        progress.summary(
                sent,
                outOfRange,
                (System.nanoTime() - startNanos) / 1e9,
                failedEarly ? "stopped at a send error" : stopped ? "stopped" : "done");
    }

    public void stop() {
        stopped = true;
    }

    /** Messages handed to the producer so far. */
    public long sent() {
        return sent;
    }

    /** Sent readings outside 30-220 bpm after rounding: the job rejects them (HEART_RATE_OUT_OF_RANGE). */
    public long outOfRange() {
        return outOfRange;
    }

    /** True once every reading is sent (or the run stopped) and flushed. */
    public boolean finished() {
        return finished;
    }

    /** Exit status of a finished run: 0 if anything was sent and Kafka acknowledged all of it. */
    public int exitCode() {
        return sent > 0 && publisher.failed() == 0 && publisher.acked() == sent ? 0 : 1;
    }
}
