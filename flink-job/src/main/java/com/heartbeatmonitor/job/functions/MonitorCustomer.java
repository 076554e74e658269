package com.heartbeatmonitor.job.functions;

import com.heartbeatmonitor.job.config.PipelineSettings;
import com.heartbeatmonitor.job.config.RiskBands;
import com.heartbeatmonitor.job.detection.DetectorState;
import com.heartbeatmonitor.job.detection.EpisodeDetector;
import com.heartbeatmonitor.job.records.AlertEvent;
import com.heartbeatmonitor.job.records.ClassifiedReading;
import com.heartbeatmonitor.job.records.HeartbeatReading;
import com.heartbeatmonitor.job.records.MinuteRollup;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Everything per customer, in event time, with one state value and one timer per customer:
 *
 * <ul>
 *   <li>classifies each reading's risk and flags it late when it arrives behind the watermark (main
 *       output, to {@code heartbeats}; counted in {@value #LATE_READINGS_METRIC});
 *   <li>detects alert episodes ({@link EpisodeDetector}): on-time readings wait, in event-time order,
 *       until the watermark passes them, so out-of-order arrival within the bound changes nothing
 *       ({@link #ALERTS});
 *   <li>rolls readings up per event-time minute, rewriting a minute for readings up to the allowed
 *       lateness late ({@link #MINUTES}; later ones counted in {@value #ROLLUP_DROPPED_METRIC}).
 * </ul>
 *
 * The logic lives in plain classes; this function only moves state and timers.
 */
public final class MonitorCustomer extends KeyedProcessFunction<String, HeartbeatReading, ClassifiedReading> {

    public static final OutputTag<AlertEvent> ALERTS = new OutputTag<>("alerts", TypeInformation.of(AlertEvent.class));
    public static final OutputTag<MinuteRollup> MINUTES =
            new OutputTag<>("minute-rollups", TypeInformation.of(MinuteRollup.class));
    public static final String LATE_READINGS_METRIC = "lateReadings";
    public static final String ROLLUP_DROPPED_METRIC = "lateReadingsBeyondRollupLateness";

    private final PipelineSettings settings;

    private transient RiskBands bands;
    private transient EpisodeDetector detector;
    private transient long latenessMs;
    private transient ValueState<CustomerState> state;
    private transient Counter lateReadings;
    private transient Counter beyondRollupLateness;

    public MonitorCustomer(PipelineSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        bands = settings.riskBands();
        detector = new EpisodeDetector(settings.detection(), bands);
        latenessMs = settings.stream().rollupAllowedLateness().toMillis();
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("customer", CustomerState.class));
        lateReadings = getRuntimeContext().getMetricGroup().counter(LATE_READINGS_METRIC);
        beyondRollupLateness = getRuntimeContext().getMetricGroup().counter(ROLLUP_DROPPED_METRIC);
    }

    /** For tests: how many late readings this instance has seen. */
    long lateReadingsCount() {
        return lateReadings.getCount();
    }

    /** For tests: how many readings came too late for their minute's rollup. */
    long beyondRollupLatenessCount() {
        return beyondRollupLateness.getCount();
    }

    @Override
    public void processElement(HeartbeatReading reading, Context ctx, Collector<ClassifiedReading> out)
            throws Exception {
        long ts = reading.timestamp();
        long watermark = ctx.timerService().currentWatermark();
        boolean late = ts <= watermark;
        out.collect(new ClassifiedReading(reading, bands.classify(reading.heartRate()), late));

        CustomerState customer = state.value();
        if (customer == null) {
            customer = new CustomerState();
        }
        if (!customer.minutes.add(
                reading.customerId(),
                ts,
                reading.heartRate(),
                watermark,
                latenessMs,
                rollup -> ctx.output(MINUTES, rollup))) {
            beyondRollupLateness.inc();
        }
        if (late) {
            lateReadings.inc(); // detection would have to rewrite its past: it skips late readings
            schedule(ctx.timerService(), customer, customer.minutes.nextDeadline(latenessMs));
        } else {
            customer.pending.add(ts, reading.heartRate(), reading.activity());
            schedule(ctx.timerService(), customer, ts);
        }
        if (customer.isIdle()) {
            state.clear(); // e.g. an unknown customer's reading beyond the rollup lateness: nothing to keep
        } else {
            state.update(customer);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ClassifiedReading> out) throws Exception {
        CustomerState customer = state.value();
        if (customer == null) {
            return; // a timer outliving its customer's state: nothing to do
        }
        long watermark = ctx.timerService().currentWatermark();
        String key = ctx.getCurrentKey();
        if (customer.timer <= watermark) {
            customer.timer = EpisodeDetector.NONE; // fired; a later, stale timer may still fire and find nothing due
        }
        if (!customer.pending.isEmpty() && customer.pending.first() <= watermark) {
            DetectorState[] st = {customer.detector != null ? customer.detector : new DetectorState()};
            customer.pending.drain(
                    watermark,
                    (ts, bpm, activity) -> st[0] =
                            detector.onReading(key, st[0], ts, bpm, activity, alert -> ctx.output(ALERTS, alert)));
            customer.detector = st[0];
        }
        // The final watermark (end of input) says nothing about silence or absence: no time-driven change.
        boolean timeMoves = watermark != Long.MAX_VALUE;
        if (timeMoves
                && customer.detector != null
                && detector.advance(key, customer.detector, watermark, alert -> ctx.output(ALERTS, alert))) {
            customer.detector = null; // silent beyond the retention: forgotten
        }
        customer.minutes.advance(key, watermark, latenessMs, rollup -> ctx.output(MINUTES, rollup));
        if (customer.isIdle()) {
            state.clear();
            return;
        }
        long next = customer.minutes.nextDeadline(latenessMs);
        if (!customer.pending.isEmpty()) {
            next = Math.min(next, customer.pending.first());
        }
        if (timeMoves && customer.detector != null) {
            next = Math.min(next, detector.nextDeadline(customer.detector));
        }
        schedule(ctx.timerService(), customer, next);
        state.update(customer);
    }

    /** Makes sure a timer fires at or before {@code time}; a later timer already registered stays and finds nothing. */
    private static void schedule(TimerService timers, CustomerState customer, long time) {
        if (time != EpisodeDetector.NO_DEADLINE && (customer.timer == EpisodeDetector.NONE || time < customer.timer)) {
            timers.registerEventTimeTimer(time);
            customer.timer = time;
        }
    }
}
