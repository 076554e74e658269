package com.heartbeatmonitor.job.sinks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Groups records into batches for a sink that writes a batch as one statement ({@link ReadingBatch}, {@link
 * MinuteBatch}): a batch goes out when it is full, when the oldest record in it has waited the batch interval, before
 * every checkpoint barrier and at the end of input. So nothing is held across a checkpoint (no state of its own) and
 * the sink, which flushes on every checkpoint too, keeps its at-least-once guarantee. Chained to the function before
 * it: the records are not copied (they are immutable, so holding them until the batch goes is safe).
 */
public final class Batcher<T, B> extends AbstractStreamOperator<B>
        implements OneInputStreamOperator<T, B>, BoundedOneInput {

    private final int capacity;
    private final long intervalMs;
    private final SerializableFunction<List<T>, B> toBatch;

    private transient List<T> pending;
    private transient boolean timerSet;

    public Batcher(int capacity, Duration interval, SerializableFunction<List<T>, B> toBatch) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a batch holds at least one record, not " + capacity);
        }
        this.capacity = capacity;
        this.intervalMs = interval.toMillis();
        this.toBatch = toBatch;
    }

    @Override
    public void open() throws Exception {
        super.open();
        pending = new ArrayList<>(capacity);
    }

    @Override
    public void processElement(StreamRecord<T> element) {
        boolean first = pending.isEmpty();
        pending.add(element.getValue());
        if (pending.size() == capacity) {
            emit();
        } else if (first && intervalMs > 0 && !timerSet) {
            timerSet = true;
            long now = getProcessingTimeService().getCurrentProcessingTime();
            getProcessingTimeService().registerTimer(now + intervalMs, time -> {
                timerSet = false;
                emit();
            });
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        emit();
    }

    @Override
    public void endInput() {
        emit();
    }

    private void emit() {
        if (!pending.isEmpty()) {
            output.collect(new StreamRecord<>(toBatch.apply(pending)));
            pending.clear();
        }
    }
}
