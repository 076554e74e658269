package com.heartbeatmonitor.job.sinks;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.connector.jdbc.core.datastream.sink.committer.JdbcCommitable;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriter;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriterState;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delegates to the connector's writer, but logs instead of throwing when close() cannot write the
 * pending batch. Nothing is lost by that: a batch reaches the database at every checkpoint and at end
 * of input through flush(), which still throws; what close() drops was never part of a completed
 * checkpoint, so the restarted job reads it from Kafka again.
 *
 * <p>Counts the writes and flushes that failed (after the connector's own retries) in {@value
 * #WRITE_ERRORS_METRIC}: the connector's writer updates none of the sink metrics
 * ({@code numRecordsSendErrors} stays 0), so without it a failing database shows only as restarts.
 */
final class CloseSafeJdbcWriter<T>
        implements StatefulSinkWriter<T, JdbcWriterState>, CommittingSinkWriter<T, JdbcCommitable> {

    private static final Logger LOG = LoggerFactory.getLogger(CloseSafeJdbcWriter.class);

    static final String WRITE_ERRORS_METRIC = "jdbcWriteErrors";

    private final JdbcWriter<T> delegate;
    private final Counter writeErrors;

    CloseSafeJdbcWriter(JdbcWriter<T> delegate, Counter writeErrors) {
        this.delegate = delegate;
        this.writeErrors = writeErrors;
    }

    /** For tests: how many writes and flushes failed. */
    long writeErrorCount() {
        return writeErrors.getCount();
    }

    @Override
    public void write(T element, Context context) throws IOException, InterruptedException {
        try {
            delegate.write(element, context); // writes a full batch
        } catch (IOException | RuntimeException e) {
            writeErrors.inc();
            throw e;
        }
    }

    @Override
    public void writeWatermark(Watermark watermark) throws IOException, InterruptedException {
        delegate.writeWatermark(watermark);
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        try {
            delegate.flush(endOfInput);
        } catch (IOException | RuntimeException e) {
            writeErrors.inc();
            throw e;
        }
    }

    @Override
    public List<JdbcWriterState> snapshotState(long checkpointId) throws IOException {
        return delegate.snapshotState(checkpointId);
    }

    @Override
    public Collection<JdbcCommitable> prepareCommit() throws IOException, InterruptedException {
        return delegate.prepareCommit();
    }

    @Override
    public void close() {
        // Not counted: close() runs as the task ends, mostly failing on the batch just counted by flush().
        try {
            delegate.close();
        } catch (Exception e) {
            LOG.warn("Closing the JDBC writer failed; its unwritten batch will be read from Kafka again on restore", e);
        }
    }
}
