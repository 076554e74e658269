package com.heartbeatmonitor.replay;

import com.heartbeatmonitor.generator.KafkaPublisher;
import java.io.PrintStream;
import java.time.Instant;

/** The replay's progress lines and final summary. */
final class ReplayProgress {

    private final PrintStream out;
    private final Recording recording;
    private final KafkaPublisher publisher;
    private final long startNanos = System.nanoTime();
    private long lastNanos = startNanos;
    private long lastSent;

    ReplayProgress(PrintStream out, Recording recording, KafkaPublisher publisher) {
        this.out = out;
        this.recording = recording;
        this.publisher = publisher;
    }

    /** {@code replay: sent=.. acked=.. errors=.. rate=../s recorded=<time> (..%)}; the rate since the last line. */
    void line(long sent, long outOfRange, Instant reached, boolean last) {
        long now = System.nanoTime();
        double rate = last
                ? sent * 1e9 / Math.max(1, now - startNanos)
                : (sent - lastSent) * 1e9 / Math.max(1, now - lastNanos);
        lastNanos = now;
        lastSent = sent;
        if (out == null) {
            return;
        }
        Exception error = publisher.lastError();
        out.printf(
                "replay: sent=%d/%d acked=%d errors=%d out-of-range=%d rate=%.1f/s recorded=%s%s%n",
                sent,
                recording.size(),
                publisher.acked(),
                publisher.failed(),
                outOfRange,
                rate,
                reached == null ? "-" : reached,
                error == null ? "" : " last-error=" + error.getMessage());
    }

    void summary(long sent, long outOfRange, double seconds, String how) {
        if (out == null) {
            return;
        }
        out.printf(
                "replay %s: %d of %d readings (%d people, %d files) sent in %.1f s; acked=%d errors=%d; "
                        + "%d outside %d-%d bpm (the job rejects them: HEART_RATE_OUT_OF_RANGE); %d malformed "
                        + "lines skipped%n",
                how,
                sent,
                recording.size(),
                recording.persons().size(),
                recording.files().size(),
                seconds,
                publisher.acked(),
                publisher.failed(),
                outOfRange,
                ReplayRun.MIN_VALID_BPM,
                ReplayRun.MAX_VALID_BPM,
                recording.problems().size());
    }
}
