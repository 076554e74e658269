package com.heartbeatmonitor.job.sinks;

import java.io.IOException;
import java.util.Collection;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.connector.jdbc.core.datastream.sink.committer.JdbcCommitable;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriterState;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.Counter;

/**
 * The connector's JDBC sink, whose writers do not throw from {@code close()}. When PostgreSQL is gone,
 * JdbcWriter.close() retries the pending batch on a dead connection and throws; close() runs while the
 * task is already failing, and Flink treats an exception there as fatal and kills the whole
 * TaskManager (found by the database-outage test). Every writer it creates also makes sure the JDBC
 * driver its job loaded is deregistered when Flink releases the job's classloader ({@link JdbcDrivers}):
 * the sink is what loads the driver, so it owns the release. Everything else is the connector's own.
 */
final class CloseSafeJdbcSink<T>
        implements Sink<T>, SupportsWriterState<T, JdbcWriterState>, SupportsCommitter<JdbcCommitable> {

    private final JdbcSink<T> delegate;

    CloseSafeJdbcSink(JdbcSink<T> delegate) {
        this.delegate = delegate;
    }

    @Override
    public CloseSafeJdbcWriter<T> createWriter(WriterInitContext context) throws IOException {
        JdbcDrivers.releaseWithJob(context.getUserCodeClassLoader());
        return new CloseSafeJdbcWriter<>(delegate.createWriter(context), writeErrors(context));
    }

    @Override
    public StatefulSinkWriter<T, JdbcWriterState> restoreWriter(
            WriterInitContext context, Collection<JdbcWriterState> states) throws IOException {
        JdbcDrivers.releaseWithJob(context.getUserCodeClassLoader());
        return new CloseSafeJdbcWriter<>(delegate.restoreWriter(context, states), writeErrors(context));
    }

    private static Counter writeErrors(WriterInitContext context) {
        return context.metricGroup().counter(CloseSafeJdbcWriter.WRITE_ERRORS_METRIC);
    }

    @Override
    public SimpleVersionedSerializer<JdbcWriterState> getWriterStateSerializer() {
        return delegate.getWriterStateSerializer();
    }

    @Override
    public Committer<JdbcCommitable> createCommitter(CommitterInitContext context) throws IOException {
        return delegate.createCommitter(context);
    }

    @Override
    public SimpleVersionedSerializer<JdbcCommitable> getCommittableSerializer() {
        return delegate.getCommittableSerializer();
    }
}
