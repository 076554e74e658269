package com.heartbeatmonitor.local.quality;

import com.heartbeatmonitor.generator.Reading;
import com.heartbeatmonitor.job.config.DetectionSettings;
import com.heartbeatmonitor.job.config.RiskBands;
import com.heartbeatmonitor.job.detection.DetectorState;
import com.heartbeatmonitor.job.detection.EpisodeDetector;
import com.heartbeatmonitor.job.records.Activity;
import com.heartbeatmonitor.job.records.AlertEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The job's detection without Flink: readings in event-time order go to one {@link EpisodeDetector}
 * state per customer, and a watermark that follows the readings is applied to every customer once a
 * simulated minute (the job's timers fire at the exact deadline instead: times of time-driven changes,
 * i.e. SIGNAL_LOST and closings, are up to a minute later here). Millions of readings per second.
 */
public final class DetectorReplay {

    private static final long TICK_MS = Duration.ofMinutes(1).toMillis();

    private final EpisodeDetector detector;
    private final Map<String, DetectorState> states = new HashMap<>();
    /** The newest revision of every alert, by id, in the order alerts opened. */
    private final Map<String, AlertEvent> alerts = new LinkedHashMap<>();

    private long nextTick = Long.MIN_VALUE;
    private long readings;

    public DetectorReplay(DetectionSettings settings) {
        this.detector = new EpisodeDetector(settings, RiskBands.DEFAULT);
    }

    /**
     * One simulated reading, in event-time order across all customers: the one place where what the
     * generator knows about a reading reaches the detector.
     */
    public void accept(Reading reading) {
        Activity activity = reading.activity() == null
                ? null
                : Activity.fromJson(reading.activity().wireName());
        accept(reading.customerId(), reading.epochMillis(), reading.heartRate(), activity);
    }

    /** One reading of unknown activity; readings must come in event-time order across all customers. */
    public void accept(String customer, long epochMillis, int heartRate) {
        accept(customer, epochMillis, heartRate, null);
    }

    /** One reading, with the wearer's activity or null; in event-time order across all customers. */
    public void accept(String customer, long epochMillis, int heartRate, Activity activity) {
        if (nextTick == Long.MIN_VALUE) {
            nextTick = epochMillis - epochMillis % TICK_MS + TICK_MS;
        }
        while (epochMillis >= nextTick) {
            watermark(nextTick);
            nextTick += TICK_MS;
        }
        DetectorState state = states.getOrDefault(customer, null);
        states.put(
                customer,
                detector.onReading(
                        customer,
                        state == null ? new DetectorState() : state,
                        epochMillis,
                        heartRate,
                        activity,
                        this::record));
        readings++;
    }

    /** Every customer's state as of watermark {@code now}: episodes close, silences become SIGNAL_LOST. */
    public void watermark(long now) {
        List<String> forgotten = new ArrayList<>();
        states.forEach((customer, state) -> {
            if (detector.advance(customer, state, now, this::record)) {
                forgotten.add(customer);
            }
        });
        forgotten.forEach(states::remove);
    }

    private void record(AlertEvent event) {
        alerts.merge(event.alertId(), event, (old, now) -> now.revision() > old.revision() ? now : old);
    }

    /** The newest revision of every alert raised so far. */
    public List<AlertEvent> alerts() {
        return List.copyOf(alerts.values());
    }

    public long readings() {
        return readings;
    }
}
