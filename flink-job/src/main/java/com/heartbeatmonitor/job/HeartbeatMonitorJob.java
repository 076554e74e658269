package com.heartbeatmonitor.job;

import com.heartbeatmonitor.job.config.JobOptions;
import com.heartbeatmonitor.job.config.PipelineSettings;
import com.heartbeatmonitor.job.functions.ClassifyRisk;
import com.heartbeatmonitor.job.functions.DetectEpisodes;
import com.heartbeatmonitor.job.functions.EmitMinuteRollup;
import com.heartbeatmonitor.job.functions.EventTimeAssigner;
import com.heartbeatmonitor.job.functions.MinuteStats;
import com.heartbeatmonitor.job.functions.SplitRejected;
import com.heartbeatmonitor.job.records.AlertEvent;
import com.heartbeatmonitor.job.records.ClassifiedReading;
import com.heartbeatmonitor.job.records.HeartbeatReading;
import com.heartbeatmonitor.job.records.ParsedMessage;
import com.heartbeatmonitor.job.sources.KafkaHeartbeatSource;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * The heart-rate monitoring job:
 *
 * <pre>
 * Kafka (parse + validate, per-partition watermarks)
 *   -> split: rejected messages -> rejected_heartbeats
 *   -> keyBy customer -> classify risk, flag late -> heartbeats
 *        -> detect episodes (event time, timers) -> alerts table + alerts topic
 *        -> 1-minute event-time windows -> heartbeat_minutes
 * </pre>
 *
 * Source and sinks are passed in, so tests can run the same pipeline on other ends.
 */
public final class HeartbeatMonitorJob {

    public static final String JOB_NAME = "heartbeat-monitor";
    static final Duration ROLLUP_WINDOW = Duration.ofMinutes(1);

    private final Source<ParsedMessage, ?, ?> source;
    private final JobSinks sinks;
    private final PipelineSettings settings;

    public HeartbeatMonitorJob(Source<ParsedMessage, ?, ?> source, JobSinks sinks, PipelineSettings settings) {
        this.source = source;
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
                KafkaHeartbeatSource.builder(options.kafka(), options.validation()).build(),
                JobSinks.production(options),
                options.pipeline());
    }

    public void build(StreamExecutionEnvironment env) {
        SingleOutputStreamOperator<HeartbeatReading> readings = env
                .fromSource(source, watermarks(), "kafka-heartbeats")
                .uid("kafka-heartbeats")
                .process(new SplitRejected())
                .name("split-rejected")
                .uid("split-rejected");

        readings.getSideOutput(SplitRejected.REJECTED)
                .sinkTo(sinks.rejections())
                .name("rejected-heartbeats-sink")
                .uid("rejected-heartbeats-sink");

        SingleOutputStreamOperator<ClassifiedReading> classified = readings
                .keyBy(HeartbeatReading::customerId, Types.STRING)
                .process(new ClassifyRisk(settings.riskBands()))
                .name("classify-risk")
                .uid("classify-risk");

        classified.sinkTo(sinks.readings())
                .name("heartbeats-sink")
                .uid("heartbeats-sink");

        // Still partitioned by customer: reuse that partitioning instead of shuffling every reading again.
        KeyedStream<ClassifiedReading, String> byCustomer = DataStreamUtils.reinterpretAsKeyedStream(
                classified, classifiedReading -> classifiedReading.reading().customerId(), Types.STRING);

        DataStream<AlertEvent> alerts = byCustomer
                .process(new DetectEpisodes(settings.detection(), settings.riskBands()))
                .name("detect-episodes")
                .uid("detect-episodes");
        alerts.sinkTo(sinks.alerts())
                .name("alerts-sink")
                .uid("alerts-sink");
        alerts.sinkTo(sinks.alertNotifications())
                .name("alerts-topic-sink")
                .uid("alerts-topic-sink");

        byCustomer
                .window(TumblingEventTimeWindows.of(ROLLUP_WINDOW))
                .allowedLateness(settings.stream().rollupAllowedLateness())
                .aggregate(new MinuteStats(), new EmitMinuteRollup())
                .name("minute-rollup")
                .uid("minute-rollup")
                .sinkTo(sinks.minuteRollups())
                .name("heartbeat-minutes-sink")
                .uid("heartbeat-minutes-sink");
    }

    private WatermarkStrategy<ParsedMessage> watermarks() {
        return WatermarkStrategy.<ParsedMessage>forBoundedOutOfOrderness(settings.stream().outOfOrderness())
                .withTimestampAssigner(new EventTimeAssigner())
                .withIdleness(settings.stream().idleness());
    }
}
