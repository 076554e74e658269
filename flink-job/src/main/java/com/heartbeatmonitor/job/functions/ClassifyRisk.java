package com.heartbeatmonitor.job.functions;

import com.heartbeatmonitor.job.config.RiskBands;
import com.heartbeatmonitor.job.records.ClassifiedReading;
import com.heartbeatmonitor.job.records.HeartbeatReading;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Gives each reading of a customer the risk level of its heart rate, and flags it late when it arrives
 * behind the watermark (counted in the {@code lateReadings} metric).
 */
public final class ClassifyRisk extends KeyedProcessFunction<String, HeartbeatReading, ClassifiedReading> {

    public static final String LATE_READINGS_METRIC = "lateReadings";

    private final RiskBands bands;
    private transient Counter lateReadings;

    public ClassifyRisk(RiskBands bands) {
        this.bands = bands;
    }

    @Override
    public void open(OpenContext context) {
        lateReadings = getRuntimeContext().getMetricGroup().counter(LATE_READINGS_METRIC);
        // Runs in every slot that runs the JDBC sinks (same parallelism, shared slots).
        JdbcDrivers.releaseWithJob(getRuntimeContext());
    }

    /** For tests: how many late readings this instance has seen. */
    long lateReadingsCount() {
        return lateReadings.getCount();
    }

    @Override
    public void processElement(HeartbeatReading reading, Context ctx, Collector<ClassifiedReading> out) {
        boolean late = reading.timestamp() <= ctx.timerService().currentWatermark();
        if (late) {
            lateReadings.inc();
        }
        out.collect(new ClassifiedReading(reading, bands.classify(reading.heartRate()), late));
    }
}
