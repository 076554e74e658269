package com.heartbeatmonitor.job.functions;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Watermarks for an input that must never hold event time back: the settings topic, which changes once a week. It
 * always claims the latest possible time, so the two-input keyed function's watermark (the minimum of its inputs) is
 * the readings' own. Idleness would also release it, but only after the idle timeout and again after every message;
 * this releases it from the start, also on a subtask without a partition. One below {@code Long.MAX_VALUE}, which
 * means end of input.
 */
public final class NeverHoldsBack<T> implements WatermarkGenerator<T> {

    public static final long WATERMARK = Long.MAX_VALUE - 1;

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {}

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        output.emitWatermark(new Watermark(WATERMARK));
    }
}
