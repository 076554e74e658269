package com.heartbeatmonitor.job.sinks;

import com.heartbeatmonitor.job.config.JdbcSettings;
import com.heartbeatmonitor.job.records.AlertEvent;
import com.heartbeatmonitor.job.records.RejectedMessage;
import com.heartbeatmonitor.job.records.SettingsChange;
import com.heartbeatmonitor.job.records.SettingsRejection;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * The job's PostgreSQL sinks. At-least-once batches (flushed on every checkpoint) plus statements that
 * ignore what is already stored give each row exactly once, without XA transactions.
 */
public final class PostgresSinks {

    static final String DRIVER = "org.postgresql.Driver";

    /** A connector batch of one: the record is already a batch (of readings or of minutes). */
    private static final int ONE_STATEMENT_AT_A_TIME = 1;

    private PostgresSinks() {}

    /**
     * Batches of readings ({@link Batcher} groups them by --jdbc-batch-size and --jdbc-batch-interval): each batch is
     * one statement, run as it arrives and never held by the connector.
     */
    public static Sink<ReadingBatch> readings(JdbcSettings settings, String topic) {
        return batchSink(settings, ReadingBatchStatement.SQL, new ReadingBatchStatement(topic));
    }

    /** Batches of minute rollups, grouped as the readings are: one upsert a batch. */
    public static Sink<MinuteBatch> minuteRollups(JdbcSettings settings) {
        return batchSink(settings, MinuteBatchStatement.SQL, new MinuteBatchStatement());
    }

    public static Batches batches(JdbcSettings settings) {
        return new Batches(settings.batchSize(), settings.batchInterval());
    }

    public static Sink<RejectedMessage> rejections(JdbcSettings settings) {
        return create(settings.effectiveUrl(), settings, RejectionStatement.SQL, new RejectionStatement());
    }

    public static Sink<AlertEvent> alerts(JdbcSettings settings) {
        return create(settings.upsertUrl(), settings, AlertStatement.SQL, new AlertStatement());
    }

    /** The current settings per customer: an upsert, or a delete for a reset (no batch rewriting: a WITH statement). */
    public static Sink<SettingsChange> currentSettings(JdbcSettings settings) {
        return create(settings.upsertUrl(), settings, CustomerSettingsStatement.SQL, new CustomerSettingsStatement());
    }

    public static Sink<SettingsChange> settingsHistory(JdbcSettings settings) {
        return create(settings.upsertUrl(), settings, SettingsHistoryStatement.SQL, new SettingsHistoryStatement());
    }

    public static Sink<SettingsRejection> settingsRejections(JdbcSettings settings) {
        return create(settings.upsertUrl(), settings, SettingsRejectionStatement.SQL, new SettingsRejectionStatement());
    }

    private static <T> Sink<T> create(
            String url, JdbcSettings settings, String sql, JdbcStatementBuilder<T> statement) {
        return new CloseSafeJdbcSink<>(connectorSink(url, settings, settings.batchSize(), sql, statement));
    }

    /** A sink of records that are batches already: each is one statement, never held by the connector. */
    private static <T> Sink<T> batchSink(JdbcSettings settings, String sql, JdbcStatementBuilder<T> statement) {
        return new CloseSafeJdbcSink<>(
                connectorSink(settings.upsertUrl(), settings, ONE_STATEMENT_AT_A_TIME, sql, statement));
    }

    /** The connector's own sink as the job configures it, before {@link CloseSafeJdbcSink} wraps it. */
    static <T> JdbcSink<T> connectorSink(
            String url, JdbcSettings settings, int batchSize, String sql, JdbcStatementBuilder<T> statement) {
        return JdbcSink.<T>builder()
                .withQueryStatement(sql, statement)
                .withExecutionOptions(JdbcExecutionOptions.builder()
                        .withBatchSize(batchSize)
                        .withBatchIntervalMs(
                                batchSize == ONE_STATEMENT_AT_A_TIME
                                        ? 0
                                        : settings.batchInterval().toMillis())
                        .withMaxRetries(settings.maxRetries())
                        .build())
                .buildAtLeastOnce(new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                        .withUrl(url)
                        .withDriverName(DRIVER)
                        .withUsername(settings.user())
                        .withPassword(settings.password().isEmpty() ? null : settings.password())
                        .build());
    }
}
