package com.heartbeatmonitor.local;

import com.heartbeatmonitor.job.records.ParsedMessage;
import com.heartbeatmonitor.job.sources.HeartbeatDeserializationSchema;
import com.heartbeatmonitor.job.validation.ValidationRules;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The job's own deserializer with failures injected: the task fails when the records read in this JVM
 * (counted across restarts, so a replay moves on instead of failing at the same record for ever) reach
 * one of the given counts. For MiniCluster tests, which run the job inside the test's JVM.
 */
final class FailingDeserializer implements KafkaRecordDeserializationSchema<ParsedMessage> {

    private static final AtomicLong READ = new AtomicLong();
    private static final Set<Long> FAIL_AT = ConcurrentHashMap.newKeySet();

    private final HeartbeatDeserializationSchema delegate;

    FailingDeserializer(ValidationRules rules) {
        this.delegate = new HeartbeatDeserializationSchema(rules);
    }

    /** Arms the failures: one at each of these counts of records read from now on. */
    static void failAt(long... counts) {
        READ.set(0);
        FAIL_AT.clear();
        for (long count : counts) {
            FAIL_AT.add(count);
        }
    }

    /** How many armed failures have not struck yet. */
    static int pending() {
        return FAIL_AT.size();
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) throws Exception {
        delegate.open(context);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ParsedMessage> out) throws IOException {
        long read = READ.incrementAndGet();
        if (FAIL_AT.remove(read)) {
            throw new IOException("injected failure at record " + read + " (" + record.topic() + "/"
                    + record.partition() + "@" + record.offset() + ")");
        }
        delegate.deserialize(record, out);
    }

    @Override
    public TypeInformation<ParsedMessage> getProducedType() {
        return delegate.getProducedType();
    }
}
