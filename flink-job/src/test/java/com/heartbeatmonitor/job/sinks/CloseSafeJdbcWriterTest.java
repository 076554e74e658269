package com.heartbeatmonitor.job.sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.heartbeatmonitor.job.records.RejectReason;
import com.heartbeatmonitor.job.records.RejectedMessage;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.flink.api.common.JobInfo;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The job's JDBC writers against the real PostgreSQL, with a batch pending when its table disappears:
 * the connector's writer throws from close() (which Flink, closing a failing task, treats as fatal for
 * the whole TaskManager); ours writes the pending batch on close() when it can and reports it (a
 * warning with the database's reason) when it cannot, while flush(), which checkpoints and end of input
 * rely on, still throws. Also: writes reach the table, and every writer registers the driver's release.
 */
class CloseSafeJdbcWriterTest {

    private final RecordingInitContext context = new RecordingInitContext();
    private ScratchDatabase database;

    @BeforeEach
    void createDatabase() throws SQLException {
        database = ScratchDatabase.create();
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        database.close();
    }

    @Test
    void theConnectorsOwnWriterThrowsFromCloseWhenItsPendingBatchCannotBeWritten() throws Exception {
        JdbcWriter<RejectedMessage> writer = PostgresSinks.connectorSink(
                        database.jdbc().effectiveUrl(),
                        database.jdbc(),
                        database.jdbc().batchSize(),
                        RejectionStatement.SQL,
                        new RejectionStatement())
                .createWriter(context);
        writer.write(rejection(1), null);

        dropTheTable();

        assertThatThrownBy(writer::close)
                .as("why CloseSafeJdbcWriter exists")
                .hasMessageContaining("Writing records to JDBC failed");
    }

    @Test
    void closeWritesThePendingBatch() throws Exception {
        SinkWriter<RejectedMessage> writer = productionWriter();
        writer.write(rejection(1), null);
        writer.write(rejection(2), null);
        assertThat(storedOffsets()).as("batched, not yet written").isEmpty();

        writer.close();

        assertThat(storedOffsets()).as("the pending batch, written by close()").containsExactly(1L, 2L);
    }

    /**
     * The batch close() cannot write is reported, with the database's reason, and not written: the table
     * holds what the last flush wrote and nothing of the pending batch (the restarted job reads it from
     * Kafka again). The table is renamed away rather than dropped, so what reached it can be counted after.
     */
    @Test
    void closeReportsThePendingBatchItCannotWriteInsteadOfThrowing() throws Exception {
        CloseSafeJdbcWriter<RejectedMessage> writer = productionWriter();
        writer.write(rejection(1), null);
        writer.flush(false);
        writer.write(rejection(2), null);
        execute("ALTER TABLE rejected_heartbeats RENAME TO rejected_heartbeats_away");

        List<LogEvent> warnings;
        try (RecordedLog log = RecordedLog.of(CloseSafeJdbcWriter.class)) {
            assertThatCode(writer::close).doesNotThrowAnyException();
            warnings = log.events();
        }

        execute("ALTER TABLE rejected_heartbeats_away RENAME TO rejected_heartbeats");
        assertThat(storedOffsets())
                .as("the flushed row stays; the pending one never arrived")
                .containsExactly(1L);
        assertThat(warnings)
                .as("what close() reports about the batch it could not write")
                .singleElement()
                .satisfies(event -> {
                    assertThat(event.getLevel()).isEqualTo(Level.WARN);
                    assertThat(event.getMessage().getFormattedMessage())
                            .contains("unwritten batch will be read from Kafka again");
                    assertThat(event.getThrown())
                            .as("the database's reason")
                            .hasMessageContaining("Writing records to JDBC failed")
                            .hasStackTraceContaining("relation \"rejected_heartbeats\" does not exist");
                });
        assertThat(writer.writeErrorCount())
                .as("close() is not counted: the failing batch is counted where flush() fails")
                .isZero();
    }

    @Test
    void flushStillThrowsSoACheckpointNeverCompletesWithoutTheRows() throws Exception {
        CloseSafeJdbcWriter<RejectedMessage> writer = productionWriter();
        writer.write(rejection(1), null);

        dropTheTable();

        assertThatThrownBy(() -> writer.flush(false)).isInstanceOf(IOException.class);
        assertThat(writer.writeErrorCount())
                .as("the failed flush, for the health dashboard")
                .isEqualTo(1);
        writer.close();
        assertThat(writer.writeErrorCount())
                .as("close() fails on the same batch")
                .isEqualTo(1);
    }

    @Test
    void rowsReachTheTableOnFlushAndTheDriverIsReleasedWithTheJob() throws Exception {
        CloseSafeJdbcWriter<RejectedMessage> writer = productionWriter();
        writer.write(rejection(1), null);
        writer.write(rejection(2), null);
        assertThat(countRejections()).isZero(); // batched until flushed

        writer.flush(false);
        writer.close();

        assertThat(countRejections()).isEqualTo(2);
        assertThat(writer.writeErrorCount()).isZero();
        assertThat(context.releaseHooks).containsExactly("heartbeat-monitor-jdbc-drivers");
        CloseSafeJdbcSink<RejectedMessage> sink = sink();
        sink.restoreWriter(context, List.of()).close();
        assertThat(context.releaseHooks)
                .containsExactly("heartbeat-monitor-jdbc-drivers", "heartbeat-monitor-jdbc-drivers");
    }

    private CloseSafeJdbcSink<RejectedMessage> sink() {
        return (CloseSafeJdbcSink<RejectedMessage>) PostgresSinks.rejections(database.jdbc());
    }

    private CloseSafeJdbcWriter<RejectedMessage> productionWriter() throws IOException {
        return sink().createWriter(context);
    }

    private void dropTheTable() throws SQLException {
        execute("DROP TABLE rejected_heartbeats CASCADE");
    }

    private long countRejections() throws SQLException {
        return storedOffsets().size();
    }

    /** The Kafka offsets of the rejections in the table, in order. */
    private List<Long> storedOffsets() throws SQLException {
        List<Long> offsets = new ArrayList<>();
        try (Connection db = database.connect();
                Statement statement = db.createStatement();
                ResultSet rs = statement.executeQuery("SELECT kafka_offset FROM rejected_heartbeats ORDER BY 1")) {
            while (rs.next()) {
                offsets.add(rs.getLong(1));
            }
        }
        return offsets;
    }

    private void execute(String sql) throws SQLException {
        try (Connection db = database.connect();
                Statement statement = db.createStatement()) {
            statement.execute(sql);
        }
    }

    private static RejectedMessage rejection(long offset) {
        return new RejectedMessage(
                "heartbeats", 0, offset, RejectReason.MALFORMED_JSON, "unexpected end", "{", 1, 0L, 0L);
    }

    /** What a sink writer gets from Flink, as far as the JDBC writer uses it; records the release hooks. */
    private static final class RecordingInitContext implements WriterInitContext {
        final List<String> releaseHooks = new ArrayList<>();

        @Override
        public UserCodeClassLoader getUserCodeClassLoader() {
            return new UserCodeClassLoader() {
                @Override
                public ClassLoader asClassLoader() {
                    return CloseSafeJdbcWriterTest.class.getClassLoader();
                }

                @Override
                public void registerReleaseHookIfAbsent(String name, Runnable hook) {
                    releaseHooks.add(name);
                }
            };
        }

        @Override
        @SuppressWarnings("unchecked")
        public <IN> TypeSerializer<IN> createInputSerializer() {
            return (TypeSerializer<IN>)
                    TypeInformation.of(RejectedMessage.class).createSerializer(new SerializerConfigImpl());
        }

        @Override
        public boolean isObjectReuseEnabled() {
            return true;
        }

        @Override
        public OptionalLong getRestoredCheckpointId() {
            return OptionalLong.empty();
        }

        @Override
        public MailboxExecutor getMailboxExecutor() {
            throw new UnsupportedOperationException();
        }

        @Override
        public ProcessingTimeService getProcessingTimeService() {
            throw new UnsupportedOperationException();
        }

        @Override
        public SinkWriterMetricGroup metricGroup() {
            return UnregisteredMetricsGroup.createSinkWriterMetricGroup();
        }

        @Override
        public SerializationSchema.InitializationContext asSerializationSchemaInitializationContext() {
            throw new UnsupportedOperationException();
        }

        @Override
        public JobInfo getJobInfo() {
            throw new UnsupportedOperationException();
        }

        @Override
        public TaskInfo getTaskInfo() {
            throw new UnsupportedOperationException();
        }
    }
}
