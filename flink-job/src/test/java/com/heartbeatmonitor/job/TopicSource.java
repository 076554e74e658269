package com.heartbeatmonitor.job;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;
import org.apache.flink.util.InstantiationUtil;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * A Kafka topic in memory, for running the job without a broker: bounded, one split per partition,
 * each message handed as a {@link ConsumerRecord} to the job's own deserializer, as the Kafka source
 * does. Partition {@code p} always goes to reader {@code p % parallelism}, which emits its partitions
 * merged by record time with a short pause per message, so the periodic watermarks move while the
 * data flows (as they do on a live topic) instead of jumping to the end at once.
 */
final class TopicSource<T>
        implements Source<T, TopicSource.Partition, ArrayList<TopicSource.Partition>>, ResultTypeQueryable<T> {

    /** One Kafka message: where it is, its record time, its key and value ({@code null}: none). */
    record Message(int partition, long offset, long recordTime, byte[] key, byte[] value) implements Serializable {

        static Message of(int partition, long offset, long recordTime, String json) {
            return keyed(partition, offset, recordTime, null, json);
        }

        static Message keyed(int partition, long offset, long recordTime, String key, String json) {
            return new Message(partition, offset, recordTime, bytes(key), bytes(json));
        }

        private static byte[] bytes(String text) {
            return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
        }
    }

    private final String topic;
    private final List<List<Message>> partitions;
    private final KafkaRecordDeserializationSchema<T> deserializer;
    private final long pauseNanos;
    /** A live topic: the readers never end, even without partitions (the job is then cancelled). */
    private final boolean endless;
    /** Fails the job once, after a checkpoint completed, before emitting this many messages; -1: never. */
    private final int failOnceBefore;

    /** {@code partitions.get(p)} holds partition p's messages in offset order. */
    TopicSource(
            String topic,
            List<List<Message>> partitions,
            KafkaRecordDeserializationSchema<T> deserializer,
            long pauseNanos) {
        this(topic, partitions, deserializer, pauseNanos, false, -1);
    }

    private TopicSource(
            String topic,
            List<List<Message>> partitions,
            KafkaRecordDeserializationSchema<T> deserializer,
            long pauseNanos,
            boolean endless,
            int failOnceBefore) {
        this.topic = topic;
        this.partitions = partitions;
        this.deserializer = deserializer;
        this.pauseNanos = pauseNanos;
        this.endless = endless;
        this.failOnceBefore = failOnceBefore;
    }

    /** The same topic, live: no reader ever ends, as a Kafka source's readers do not. */
    TopicSource<T> endless() {
        return new TopicSource<>(topic, partitions, deserializer, pauseNanos, true, failOnceBefore);
    }

    /**
     * The same topic, but the first reader to reach its {@code messages}-th message waits for a checkpoint to
     * complete and then fails, once per JVM and {@code failed} flag: the job restores from that checkpoint.
     */
    TopicSource<T> failingOnceBefore(int messages, String failed) {
        FAILED.putIfAbsent(failed, new java.util.concurrent.atomic.AtomicBoolean());
        return new TopicSource<>(topic, partitions, deserializer, pauseNanos, endless, messages).flag(failed);
    }

    private static final java.util.Map<String, java.util.concurrent.atomic.AtomicBoolean> FAILED =
            new java.util.concurrent.ConcurrentHashMap<>();
    private String failedFlag;

    /** Whether the planned failure of {@link #failingOnceBefore} with this flag happened. */
    static boolean failed(String flag) {
        return FAILED.containsKey(flag) && FAILED.get(flag).get();
    }

    private TopicSource<T> flag(String failed) {
        this.failedFlag = failed;
        return this;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return deserializer.getProducedType();
    }

    @Override
    public Boundedness getBoundedness() {
        return endless ? Boundedness.CONTINUOUS_UNBOUNDED : Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<T, Partition> createReader(SourceReaderContext context) throws Exception {
        deserializer.open(new DeserializationSchema.InitializationContext() {
            @Override
            public MetricGroup getMetricGroup() {
                return context.metricGroup();
            }

            @Override
            public UserCodeClassLoader getUserCodeClassLoader() {
                return context.getUserCodeClassLoader();
            }
        });
        return new Reader();
    }

    @Override
    public SplitEnumerator<Partition, ArrayList<Partition>> createEnumerator(
            SplitEnumeratorContext<Partition> context) {
        ArrayList<Partition> all = new ArrayList<>();
        for (int p = 0; p < partitions.size(); p++) {
            all.add(new Partition(p, partitions.get(p), 0));
        }
        return new Enumerator(context, all);
    }

    @Override
    public SplitEnumerator<Partition, ArrayList<Partition>> restoreEnumerator(
            SplitEnumeratorContext<Partition> context, ArrayList<Partition> unassigned) {
        return new Enumerator(context, unassigned);
    }

    @Override
    public SimpleVersionedSerializer<Partition> getSplitSerializer() {
        return new JavaSerializer<>();
    }

    @Override
    public SimpleVersionedSerializer<ArrayList<Partition>> getEnumeratorCheckpointSerializer() {
        return new JavaSerializer<>();
    }

    /** A partition and how far it has been read. */
    static final class Partition implements SourceSplit, Serializable {
        final int partition;
        final List<Message> messages;
        int position;

        Partition(int partition, List<Message> messages, int position) {
            this.partition = partition;
            this.messages = messages;
            this.position = position;
        }

        @Override
        public String splitId() {
            return "partition-" + partition;
        }

        boolean hasNext() {
            return position < messages.size();
        }

        Message next() {
            return messages.get(position);
        }
    }

    /** Gives each reader its own partitions as it registers, and then says there are no more. */
    private static final class Enumerator implements SplitEnumerator<Partition, ArrayList<Partition>> {
        private final SplitEnumeratorContext<Partition> context;
        private final ArrayList<Partition> unassigned;

        Enumerator(SplitEnumeratorContext<Partition> context, ArrayList<Partition> unassigned) {
            this.context = context;
            this.unassigned = new ArrayList<>(unassigned);
        }

        @Override
        public void start() {}

        @Override
        public void handleSplitRequest(int subtaskId, String requesterHostname) {}

        @Override
        public void addSplitsBack(List<Partition> splits, int subtaskId) {
            unassigned.addAll(splits);
        }

        @Override
        public void addReader(int subtaskId) {
            List<Partition> own = new ArrayList<>();
            for (Partition split : List.copyOf(unassigned)) {
                if (split.partition % context.currentParallelism() == subtaskId) {
                    own.add(split);
                    unassigned.remove(split);
                }
            }
            own.forEach(split -> context.assignSplit(split, subtaskId));
            context.signalNoMoreSplits(subtaskId);
        }

        @Override
        public ArrayList<Partition> snapshotState(long checkpointId) {
            return new ArrayList<>(unassigned);
        }

        @Override
        public void close() {}
    }

    /** Emits the earliest next message of its partitions, one per call, as a {@link ConsumerRecord}. */
    private final class Reader implements SourceReader<T, Partition> {
        private final List<Partition> splits = new ArrayList<>();
        private boolean noMoreSplits;
        private int emitted;
        private volatile boolean checkpointed;
        private CompletableFuture<Void> available = new CompletableFuture<>();

        @Override
        public void start() {}

        @Override
        public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
            if (failOnceBefore >= 0
                    && emitted == failOnceBefore
                    && !FAILED.get(failedFlag).get()) {
                if (!checkpointed) {
                    LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
                    return InputStatus.MORE_AVAILABLE; // holds its place until a checkpoint has it
                }
                FAILED.get(failedFlag).set(true);
                throw new IllegalStateException("TopicSource: the planned failure, after a completed checkpoint");
            }
            Partition from = null;
            for (Partition split : splits) {
                if (split.hasNext()
                        && (from == null
                                || split.next().recordTime() < from.next().recordTime())) {
                    from = split;
                }
            }
            if (from == null) {
                if (noMoreSplits && !endless) {
                    return InputStatus.END_OF_INPUT;
                }
                available = new CompletableFuture<>();
                return InputStatus.NOTHING_AVAILABLE;
            }
            Message message = from.next();
            from.position++;
            ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(
                    topic,
                    message.partition(),
                    message.offset(),
                    message.recordTime(),
                    TimestampType.CREATE_TIME,
                    message.key() == null ? -1 : message.key().length,
                    message.value() == null ? -1 : message.value().length,
                    message.key(),
                    message.value(),
                    new RecordHeaders(),
                    Optional.empty());
            deserializer.deserialize(record, new Collector<>() {
                @Override
                public void collect(T parsed) {
                    output.collect(parsed, message.recordTime());
                }

                @Override
                public void close() {}
            });
            emitted++;
            LockSupport.parkNanos(pauseNanos);
            return InputStatus.MORE_AVAILABLE;
        }

        @Override
        public List<Partition> snapshotState(long checkpointId) {
            List<Partition> state = new ArrayList<>();
            splits.forEach(split -> state.add(new Partition(split.partition, split.messages, split.position)));
            return state;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return available;
        }

        @Override
        public void addSplits(List<Partition> added) {
            splits.addAll(added);
            available.complete(null);
        }

        @Override
        public void notifyNoMoreSplits() {
            noMoreSplits = true;
            available.complete(null);
        }

        @Override
        public void close() {}
    }

    /** Splits and enumerator state hold only serializable values: Java serialization is enough here. */
    private static final class JavaSerializer<T extends Serializable> implements SimpleVersionedSerializer<T> {

        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(T value) throws IOException {
            return InstantiationUtil.serializeObject(value);
        }

        @Override
        public T deserialize(int version, byte[] serialized) throws IOException {
            try {
                return InstantiationUtil.deserializeObject(
                        serialized, Thread.currentThread().getContextClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IOException(e);
            }
        }
    }
}
