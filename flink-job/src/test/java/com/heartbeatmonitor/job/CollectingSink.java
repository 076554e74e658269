package com.heartbeatmonitor.job;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A Sink V2 that keeps what every parallel writer receives, for a test to read after the job ends. The
 * MiniCluster runs in the test's JVM, so the writers add to a static list, one per sink instance.
 * Records must not be mutated after they are emitted: the job runs with object reuse on, and its
 * records are immutable.
 */
final class CollectingSink<T> implements Sink<T> {

    private static final Map<String, List<Object>> COLLECTED = new ConcurrentHashMap<>();

    private final String key = UUID.randomUUID().toString();

    CollectingSink() {
        COLLECTED.put(key, Collections.synchronizedList(new ArrayList<>()));
    }

    /** What the writers received so far, in arrival order (interleaved between parallel writers). */
    @SuppressWarnings("unchecked")
    List<T> collected() {
        List<Object> values = COLLECTED.get(key);
        synchronized (values) {
            return (List<T>) List.copyOf(values);
        }
    }

    /** Forgets what was collected; the sink must not be used afterwards. */
    void discard() {
        COLLECTED.remove(key);
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        List<Object> target = COLLECTED.get(key);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context ctx) {
                target.add(element);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
