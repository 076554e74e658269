package com.heartbeatmonitor.job.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * Event-time settings. {@code outOfOrderness} is how far behind the newest timestamp a partition's
 * watermark trails; {@code idleness} is how long a partition may be silent before the watermark moves
 * on without it (otherwise one idle partition would hold every window and timer back);
 * {@code rollupAllowedLateness} is how long a minute rollup still takes late readings and is rewritten.
 */
public record StreamSettings(Duration outOfOrderness, Duration idleness, Duration rollupAllowedLateness)
        implements Serializable {}
