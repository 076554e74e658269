package com.heartbeatmonitor.job.sinks;

import java.io.Serializable;
import java.time.Duration;

/**
 * How readings are grouped for the heartbeats sink ({@link ReadingBatcher}): at most {@code capacity} readings a
 * batch (--jdbc-batch-size), none waiting longer than {@code interval} (--jdbc-batch-interval).
 */
public record ReadingBatches(int capacity, Duration interval) implements Serializable {

    public ReadingBatcher batcher() {
        return new ReadingBatcher(capacity, interval);
    }
}
