package com.heartbeatmonitor.job.sinks;

import com.heartbeatmonitor.job.records.ClassifiedReading;
import java.time.Duration;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Groups readings into {@link ReadingBatch}es for the heartbeats sink: a batch goes out when it is full, when the
 * oldest reading in it has waited the batch interval, before every checkpoint barrier and at the end of input. So
 * nothing is held across a checkpoint (no state of its own) and the sink, which flushes on every checkpoint too,
 * keeps its at-least-once guarantee. Chained to the function before it: the readings are not copied.
 */
public final class ReadingBatcher extends AbstractStreamOperator<ReadingBatch>
        implements OneInputStreamOperator<ClassifiedReading, ReadingBatch>, BoundedOneInput {

    private final int capacity;
    private final long intervalMs;

    private transient ReadingBatch.Builder builder;
    private transient boolean timerSet;

    public ReadingBatcher(int capacity, Duration interval) {
        this.capacity = capacity;
        this.intervalMs = interval.toMillis();
    }

    @Override
    public void open() throws Exception {
        super.open();
        builder = new ReadingBatch.Builder(capacity);
    }

    @Override
    public void processElement(StreamRecord<ClassifiedReading> element) {
        boolean first = builder.isEmpty();
        if (builder.add(element.getValue())) {
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
        if (!builder.isEmpty()) {
            output.collect(new StreamRecord<>(builder.take()));
        }
    }
}
