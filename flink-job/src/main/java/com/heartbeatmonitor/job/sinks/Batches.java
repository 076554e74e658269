package com.heartbeatmonitor.job.sinks;

import com.heartbeatmonitor.job.records.ClassifiedReading;
import com.heartbeatmonitor.job.records.MinuteRollup;
import java.io.Serializable;
import java.time.Duration;

/**
 * How records are grouped for the sinks that write a batch as one statement ({@link Batcher}): at most {@code
 * capacity} records a batch (--jdbc-batch-size), none waiting longer than {@code interval} (--jdbc-batch-interval).
 */
public record Batches(int capacity, Duration interval) implements Serializable {

    public Batcher<ClassifiedReading, ReadingBatch> readings() {
        return new Batcher<>(capacity, interval, ReadingBatch::of);
    }

    public Batcher<MinuteRollup, MinuteBatch> minutes() {
        return new Batcher<>(capacity, interval, MinuteBatch::of);
    }
}
