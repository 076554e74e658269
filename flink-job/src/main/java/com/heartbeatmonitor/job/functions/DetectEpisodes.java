package com.heartbeatmonitor.job.functions;

import com.heartbeatmonitor.job.config.DetectionSettings;
import com.heartbeatmonitor.job.config.RiskBands;
import com.heartbeatmonitor.job.detection.DetectorState;
import com.heartbeatmonitor.job.detection.EpisodeDetector;
import com.heartbeatmonitor.job.records.AlertEvent;
import com.heartbeatmonitor.job.records.ClassifiedReading;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Detects alert episodes of one customer in event time. Readings wait in state until the watermark
 * passes them, then go to the {@link EpisodeDetector} in timestamp order, so out-of-order arrival
 * within the watermark bound changes nothing. A deadline timer per customer drives what the mere
 * passing of time implies (an episode ends, a signal is lost, a silent customer is forgotten).
 * Late readings (behind the watermark) are stored by the job but skipped here.
 */
public final class DetectEpisodes extends KeyedProcessFunction<String, ClassifiedReading, AlertEvent> {

    private final DetectionSettings settings;
    private final RiskBands bands;

    private transient EpisodeDetector detector;
    private transient ValueState<DetectorState> state;
    /** Heart rates by event time, not yet passed by the watermark. */
    private transient MapState<Long, List<Integer>> pending;
    /** The event time of the registered deadline timer. */
    private transient ValueState<Long> deadline;

    public DetectEpisodes(DetectionSettings settings, RiskBands bands) {
        this.settings = settings;
        this.bands = bands;
    }

    @Override
    public void open(OpenContext context) {
        detector = new EpisodeDetector(settings, bands);
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("detector", DetectorState.class));
        pending = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("pending", Types.LONG, Types.LIST(Types.INT)));
        deadline = getRuntimeContext().getState(new ValueStateDescriptor<>("deadline", TypeInformation.of(Long.class)));
    }

    @Override
    public void processElement(ClassifiedReading classified, Context ctx, Collector<AlertEvent> out) throws Exception {
        if (classified.late()) {
            return;
        }
        long ts = classified.reading().timestamp();
        List<Integer> atTs = pending.get(ts);
        if (atTs == null) {
            atTs = new ArrayList<>(1);
        }
        atTs.add(classified.reading().heartRate());
        pending.put(ts, atTs);
        ctx.timerService().registerEventTimeTimer(ts);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertEvent> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        String customer = ctx.getCurrentKey();
        DetectorState stored = state.value();
        if (stored == null && pending.isEmpty()) {
            return; // a deadline timer outliving its customer's state (see reschedule): nothing to do
        }
        DetectorState st = stored != null ? stored : new DetectorState();

        for (long ts : dueReadings(watermark)) {
            for (int bpm : pending.get(ts)) {
                st = detector.onReading(customer, st, ts, bpm, out::collect);
            }
            pending.remove(ts);
        }
        // The final watermark (end of input) says nothing about silence or absence: no time-driven change.
        if (watermark == Long.MAX_VALUE) {
            state.update(st);
            return;
        }
        if (detector.advance(customer, st, watermark, out::collect)) {
            state.clear();
            reschedule(ctx, EpisodeDetector.NO_DEADLINE);
            return;
        }
        state.update(st);
        reschedule(ctx, detector.nextDeadline(st));
    }

    private List<Long> dueReadings(long watermark) throws Exception {
        List<Long> due = new ArrayList<>();
        for (Long ts : pending.keys()) {
            if (ts <= watermark) {
                due.add(ts);
            }
        }
        due.sort(null);
        return due;
    }

    /**
     * Makes sure a timer fires at or before the next deadline. Every reading moves the deadline (the
     * signal-lost and retention deadlines follow the last reading), so instead of deleting and
     * registering a timer each time, an earlier timer that has not fired yet is kept: when it fires,
     * {@link EpisodeDetector#advance} finds nothing due and the deadline is registered then. Timer
     * deletes and registrations were the job's hottest path (profile in the README).
     */
    private void reschedule(OnTimerContext ctx, long next) throws Exception {
        if (next == EpisodeDetector.NO_DEADLINE) {
            deadline.clear(); // a timer still registered finds no state and does nothing
            return;
        }
        Long registered = deadline.value();
        if (registered != null && registered <= next && registered > ctx.timerService().currentWatermark()) {
            return;
        }
        ctx.timerService().registerEventTimeTimer(next);
        deadline.update(next);
    }
}
