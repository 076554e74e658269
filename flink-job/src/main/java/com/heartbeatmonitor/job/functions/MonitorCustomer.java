package com.heartbeatmonitor.job.functions;

import com.heartbeatmonitor.job.config.PipelineSettings;
import com.heartbeatmonitor.job.config.RiskBands;
import com.heartbeatmonitor.job.detection.DetectorState;
import com.heartbeatmonitor.job.detection.EpisodeDetector;
import com.heartbeatmonitor.job.records.Activity;
import com.heartbeatmonitor.job.records.AlertEvent;
import com.heartbeatmonitor.job.records.ClassifiedReading;
import com.heartbeatmonitor.job.records.HeartbeatReading;
import com.heartbeatmonitor.job.records.MinuteRollup;
import com.heartbeatmonitor.job.records.RejectedMessage;
import com.heartbeatmonitor.job.records.SettingsChange;
import com.heartbeatmonitor.job.records.SettingsMessage;
import com.heartbeatmonitor.job.records.SettingsRejection;
import com.heartbeatmonitor.settings.SettingsRejectReason;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
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
 *       lateness late ({@link #MINUTES}; later ones counted in {@value #ROLLUP_DROPPED_METRIC});
 *   <li>rejects a reading whose event_id one of the customer's last readings carried with another timestamp
 *       ({@link #REJECTED}, {@link RecentEventIds}; the same timestamp is the database's key's to judge).
 * </ul>
 *
 * <p>Its second input is the customer's settings (the {@code customer-settings} topic): a well-formed change newer
 * than the current version applies from its {@code effective_at}, or from the first event time after the
 * watermark if that has passed (so every reading is judged by the settings in force at its event time, the same on
 * every replay); it goes out as {@link #SETTINGS_CHANGES}, anything else as {@link #SETTINGS_REJECTED}. Alerts
 * carry the thresholds they were judged by. While paused, readings are classified and rolled up, not judged, and
 * episodes open at the pause start end there.
 *
 * The logic lives in plain classes; this function only moves state and timers.
 */
public final class MonitorCustomer
        extends KeyedCoProcessFunction<String, HeartbeatReading, SettingsMessage, ClassifiedReading> {

    public static final OutputTag<AlertEvent> ALERTS = new OutputTag<>("alerts", TypeInformation.of(AlertEvent.class));
    public static final OutputTag<MinuteRollup> MINUTES =
            new OutputTag<>("minute-rollups", TypeInformation.of(MinuteRollup.class));
    public static final OutputTag<SettingsChange> SETTINGS_CHANGES =
            new OutputTag<>("settings-changes", TypeInformation.of(SettingsChange.class));
    public static final OutputTag<SettingsRejection> SETTINGS_REJECTED =
            new OutputTag<>("settings-rejected", TypeInformation.of(SettingsRejection.class));
    /** A reading whose event_id a recent reading of the customer carried with another timestamp. */
    public static final OutputTag<RejectedMessage> REJECTED =
            new OutputTag<>("event-id-reused", TypeInformation.of(RejectedMessage.class));

    public static final String LATE_READINGS_METRIC = "lateReadings";
    public static final String ROLLUP_DROPPED_METRIC = "lateReadingsBeyondRollupLateness";

    private final PipelineSettings settings;

    private transient RiskBands bands;
    private transient CustomerDetectors detectors;
    private transient long latenessMs;
    private transient ValueState<CustomerState> state;
    private transient Counter lateReadings;
    private transient Counter beyondRollupLateness;
    /** The cell of event time timers fire on ({@link CatchUpTimers}), from how old the last reading read was. */
    private transient long timerCellMs;

    public MonitorCustomer(PipelineSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        bands = settings.riskBands();
        detectors = new CustomerDetectors(settings.detection(), bands);
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
    public void processElement1(HeartbeatReading reading, Context ctx, Collector<ClassifiedReading> out)
            throws Exception {
        long ts = reading.timestamp();
        long watermark = ctx.timerService().currentWatermark();
        if (reading.recordTime() != HeartbeatReading.NO_RECORD_TIME) {
            timerCellMs = CatchUpTimers.cellFor(ctx.timerService().currentProcessingTime() - reading.recordTime());
        }
        CustomerState customer = state.value();
        if (customer == null) {
            customer = new CustomerState();
        }
        UUID eventId = UUID.fromString(reading.eventId());
        long fingerprint =
                RecentEventIds.fingerprint(eventId.getMostSignificantBits(), eventId.getLeastSignificantBits());
        RecentEventIds.First first = customer.recentIds().find(fingerprint);
        if (first != null && first.time() != ts) {
            // The same timestamp is left to the database's key, which knows every stored reading.
            ctx.output(REJECTED, EventIdReuse.rejection(settings.topic(), reading, first, ctx.timerService()));
            return; // nothing of this customer's state changed
        }
        boolean late = ts <= watermark;
        out.collect(new ClassifiedReading(reading, bands.classify(reading.heartRate()), late));

        if (first == null) {
            customer.recentIds().remember(fingerprint, ts, reading.kafkaPartition(), reading.kafkaOffset());
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
            customer.pending.drain(watermark, (ts, bpm, activity) -> judge(key, customer, ts, bpm, activity, ctx));
        }
        // The final watermark (end of input) says nothing about silence or absence: no time-driven change.
        boolean timeMoves = watermark != Long.MAX_VALUE;
        SettingsVersion inForce = SettingsTimeline.at(customer.settings, watermark);
        CustomerDetectors.Judged judged = detectors.of(inForce);
        if (timeMoves && customer.detector != null) {
            if (inForce != null && inForce.pausedAt(watermark)) {
                pause(key, customer, inForce, judged, ctx);
            } else if (judged.detector().advance(key, customer.detector, watermark, stamped(judged, inForce, ctx))) {
                customer.detector = null; // silent beyond the retention: forgotten
            }
        }
        customer.settings = SettingsTimeline.prune(customer.settings, watermark);
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
            next = Math.min(next, judged.detector().nextDeadline(customer.detector));
            // A pause or other thresholds from a later time: the open episodes must hear of it then.
            next = Math.min(next, SettingsTimeline.nextChange(customer.settings, watermark));
        }
        schedule(ctx.timerService(), customer, next);
        state.update(customer);
    }

    @Override
    public void processElement2(SettingsMessage message, Context ctx, Collector<ClassifiedReading> out)
            throws Exception {
        if (message.rejection() != null) {
            ctx.output(SETTINGS_REJECTED, message.rejection());
            return;
        }
        SettingsChange change = message.change();
        CustomerState customer = state.value();
        if (customer == null) {
            customer = new CustomerState();
        }
        long current = SettingsTimeline.newestVersion(customer.settings);
        if (!change.reset() && change.version() <= current) {
            reject(
                    ctx,
                    change,
                    SettingsRejectReason.STALE_VERSION,
                    "version " + change.version() + " is not newer than the customer's current version " + current);
            return;
        }
        if (change.reset() && customer.settings == null) {
            ctx.output(SETTINGS_CHANGES, change.appliedFrom(change.effectiveAt())); // already on the defaults
            return;
        }
        long watermark = ctx.timerService().currentWatermark();
        // Readings up to the watermark are judged already: a change cannot reach back before the next one.
        long from = watermark == Long.MAX_VALUE ? watermark : Math.max(change.effectiveAt(), watermark + 1);
        SettingsVersion version = SettingsVersion.of(change, from);
        if (!version.reset) {
            try {
                detectors.settings(CustomerDetectors.Choice.of(version));
            } catch (IllegalArgumentException e) {
                reject(ctx, change, SettingsRejectReason.LOW_NOT_BELOW_HIGH, e.getMessage());
                return;
            }
        }
        customer.settings = SettingsTimeline.prune(SettingsTimeline.add(customer.settings, version), watermark);
        ctx.output(SETTINGS_CHANGES, change.appliedFrom(from));
        if (customer.isIdle()) {
            state.clear(); // a reset of a customer with nothing else kept
        } else {
            state.update(customer);
        }
    }

    /** Judges one reading, in event-time order, by the settings in force at its time. */
    private void judge(String key, CustomerState customer, long ts, int bpm, Activity activity, Context ctx) {
        SettingsVersion inForce = SettingsTimeline.at(customer.settings, ts);
        CustomerDetectors.Judged judged = detectors.of(inForce);
        if (inForce != null && inForce.pausedAt(ts)) {
            pause(key, customer, inForce, judged, ctx);
            return;
        }
        DetectorState st = customer.detector != null ? customer.detector : new DetectorState();
        customer.detector = judged.detector().onReading(key, st, ts, bpm, activity, stamped(judged, inForce, ctx));
    }

    /** Alerts are paused: what is open ends at the pause start, and detection starts afresh after the pause. */
    private void pause(
            String key, CustomerState customer, SettingsVersion paused, CustomerDetectors.Judged judged, Context ctx) {
        if (customer.detector != null) {
            judged.detector().forget(key, customer.detector, paused.from, stamped(judged, paused, ctx));
            customer.detector = null;
        }
    }

    /** Where alerts go: the side output, recording the thresholds and settings version they were judged by. */
    private static Consumer<AlertEvent> stamped(CustomerDetectors.Judged judged, SettingsVersion inForce, Context ctx) {
        int high = judged.settings().tachycardiaAbove();
        int low = judged.settings().bradycardiaBelow();
        Long version = inForce == null ? null : inForce.version;
        return alert -> ctx.output(ALERTS, alert.judgedBy(high, low, version));
    }

    private static void reject(Context ctx, SettingsChange change, SettingsRejectReason reason, String detail) {
        ctx.output(
                SETTINGS_REJECTED,
                new SettingsRejection(
                        change.customerId(),
                        change.version(),
                        reason,
                        detail,
                        change.settingsJson(),
                        change.kafkaPartition(),
                        change.kafkaOffset(),
                        change.messageTime()));
    }

    /**
     * Makes sure a timer fires for {@code deadline}: at it, or at the end of its cell while catching up ({@link
     * CatchUpTimers}); a later timer already registered stays and finds nothing.
     */
    private void schedule(TimerService timers, CustomerState customer, long deadline) {
        long time = CatchUpTimers.fireAt(deadline, timerCellMs);
        if (time != EpisodeDetector.NO_DEADLINE && (customer.timer == EpisodeDetector.NONE || time < customer.timer)) {
            timers.registerEventTimeTimer(time);
            customer.timer = time;
        }
    }
}
