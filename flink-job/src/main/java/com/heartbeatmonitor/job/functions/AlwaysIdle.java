package com.heartbeatmonitor.job.functions;

import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Watermarks for an input that must never decide event time: the settings topic, which changes once a week. It
 * declares itself idle at every periodic emit and never emits a watermark, so the two-input keyed function's
 * watermark is the readings' own while they flow, and stays where it is while they are idle too: a function whose
 * inputs are all idle does not move. (The previous generator claimed the latest possible time instead; when the
 * readings went idle, their input was left out of the minimum and event time jumped to the end, firing every
 * customer's timers and making every later reading late.) This also idles a subtask without a partition.
 */
public final class AlwaysIdle<T> implements WatermarkGenerator<T> {

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {}

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        output.markIdle();
    }
}
