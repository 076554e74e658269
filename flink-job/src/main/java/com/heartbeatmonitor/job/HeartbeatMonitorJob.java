package com.heartbeatmonitor.job;

import com.heartbeatmonitor.job.config.JobOptions;
import com.heartbeatmonitor.job.config.PipelineSettings;
import com.heartbeatmonitor.job.functions.AlwaysIdle;
import com.heartbeatmonitor.job.functions.EventTimeAssigner;
import com.heartbeatmonitor.job.functions.MonitorCustomer;
import com.heartbeatmonitor.job.functions.SplitRejected;
import com.heartbeatmonitor.job.records.AlertEvent;
import com.heartbeatmonitor.job.records.ClassifiedReading;
import com.heartbeatmonitor.job.records.HeartbeatReading;
import com.heartbeatmonitor.job.records.ParsedMessage;
import com.heartbeatmonitor.job.records.SettingsChange;
import com.heartbeatmonitor.job.records.SettingsMessage;
import com.heartbeatmonitor.job.sinks.MinuteBatch;
import com.heartbeatmonitor.job.sinks.ReadingBatch;
import com.heartbeatmonitor.job.sources.KafkaHeartbeatSource;
import com.heartbeatmonitor.job.sources.KafkaSettingsSource;
import java.util.Optional;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The heart-rate monitoring job:
 *
 * <pre>
 * Kafka (parse + validate, per-partition watermarks)
 *   -> split: rejected messages -> rejected_heartbeats
 *   -> keyBy customer -> monitor the customer (one keyed function, event time, one timer per customer):
 *        classify risk, flag late         (batches)        -> heartbeats (one statement a batch)
 *        an event_id reused at another time (side output)  -> rejected_heartbeats
 *        detect episodes                  (side output)    -> alerts table + alerts topic
 *        roll readings up per minute      (side output)    -> heartbeat_minutes (one upsert a batch)
 * Kafka customer-settings (compacted; never holds the watermark back)
 *   -> keyBy customer -> the same keyed function, second input: the customer's own thresholds
 *        accepted changes                 (side output)    -> customer_settings + customer_settings_history
 *        rejected messages                (side output)    -> rejected_settings
 * </pre>
 *
 * Source and sinks are passed in, so tests can run the same pipeline on other ends
 * (HeartbeatMonitorJobTest: an in-memory topic and collecting sinks).
 */
public final class HeartbeatMonitorJob {

    public static final String JOB_NAME = "heartbeat-monitor";

    private final Source<ParsedMessage, ?, ?> source;
    private final Source<SettingsMessage, ?, ?> settingsSource;
    private final JobSinks sinks;
    private final PipelineSettings settings;

    public HeartbeatMonitorJob(
            Source<ParsedMessage, ?, ?> source,
            Source<SettingsMessage, ?, ?> settingsSource,
            JobSinks sinks,
            PipelineSettings settings) {
        this.source = source;
        this.settingsSource = settingsSource;
        this.sinks = sinks;
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        Optional<JobOptions> parsed = JobOptions.parse(args);
        if (parsed.isEmpty()) {
            return; // --help or --version
        }
        JobOptions options = parsed.get();
        if (!options.skipPreflight()) {
            Preflight.check(options);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        options.configure(env);
        fromOptions(options).build(env);
        env.execute(JOB_NAME);
    }

    /** The job as configured: Kafka in, PostgreSQL and the alerts topic out. */
    public static HeartbeatMonitorJob fromOptions(JobOptions options) {
        return new HeartbeatMonitorJob(
                KafkaHeartbeatSource.builder(options.kafka(), options.validation())
                        .build(),
                KafkaSettingsSource.builder(options.kafka(), options.settingsTopic(), options.settingsBounds())
                        .build(),
                JobSinks.production(options),
                options.pipeline());
    }

    public void build(StreamExecutionEnvironment env) {
        SingleOutputStreamOperator<HeartbeatReading> readings = env.fromSource(source, watermarks(), "kafka-heartbeats")
                .uid("kafka-heartbeats")
                .process(new SplitRejected())
                .name("split-rejected")
                .uid("split-rejected");

        DataStream<SettingsMessage> customerSettings = env.fromSource(
                        settingsSource,
                        WatermarkStrategy.<SettingsMessage>forGenerator(context -> new AlwaysIdle<>()),
                        "kafka-customer-settings")
                .uid("kafka-customer-settings");

        // Classification, detection and the minute rollup share one keyed function: one state value and
        // one timer per customer instead of three operators' (measured in the README's Benchmark). The
        // customer's settings arrive as its second input, so they live in the same keyed state. The uid
        // is the one-input function's: its state restores into this one (SavepointCompatibilityIT).
        SingleOutputStreamOperator<ClassifiedReading> classified = readings.keyBy(
                        HeartbeatReading::customerId, Types.STRING)
                .connect(customerSettings.keyBy(SettingsMessage::customerId, Types.STRING))
                .process(new MonitorCustomer(settings))
                .name("monitor-customer")
                .uid("monitor-customer");

        // One statement per batch of readings (sql/V11__batch_duplicate_check.sql): the batches are cut here,
        // chained to the keyed function, and flushed before every checkpoint barrier.
        classified
                .transform(
                        "heartbeats-batches",
                        TypeInformation.of(ReadingBatch.class),
                        sinks.batches().readings())
                .uid("heartbeats-batches")
                .sinkTo(sinks.readings())
                .name("heartbeats-sink")
                .uid("heartbeats-sink");

        // Rejected as they are parsed, or by the keyed function (an event_id reused at another time).
        readings.getSideOutput(SplitRejected.REJECTED)
                .union(classified.getSideOutput(MonitorCustomer.REJECTED))
                .sinkTo(sinks.rejections())
                .name("rejected-heartbeats-sink")
                .uid("rejected-heartbeats-sink");

        DataStream<AlertEvent> alerts = classified.getSideOutput(MonitorCustomer.ALERTS);
        alerts.sinkTo(sinks.alerts()).name("alerts-sink").uid("alerts-sink");
        alerts.sinkTo(sinks.alertNotifications()).name("alerts-topic-sink").uid("alerts-topic-sink");

        // One upsert per batch of minutes, cut like the readings' batches.
        classified
                .getSideOutput(MonitorCustomer.MINUTES)
                .transform(
                        "heartbeat-minutes-batches",
                        TypeInformation.of(MinuteBatch.class),
                        sinks.batches().minutes())
                .uid("heartbeat-minutes-batches")
                .sinkTo(sinks.minuteRollups())
                .name("heartbeat-minutes-sink")
                .uid("heartbeat-minutes-sink");

        DataStream<SettingsChange> changes = classified.getSideOutput(MonitorCustomer.SETTINGS_CHANGES);
        changes.sinkTo(sinks.currentSettings()).name("customer-settings-sink").uid("customer-settings-sink");
        changes.sinkTo(sinks.settingsHistory())
                .name("customer-settings-history-sink")
                .uid("customer-settings-history-sink");
        classified
                .getSideOutput(MonitorCustomer.SETTINGS_REJECTED)
                .sinkTo(sinks.settingsRejections())
                .name("rejected-settings-sink")
                .uid("rejected-settings-sink");
    }

    private WatermarkStrategy<ParsedMessage> watermarks() {
        return WatermarkStrategy.<ParsedMessage>forBoundedOutOfOrderness(
                        settings.stream().outOfOrderness())
                .withTimestampAssigner(new EventTimeAssigner())
                .withIdleness(settings.stream().idleness());
    }
}
