package com.heartbeatmonitor.job.config;

import java.io.Serializable;

/**
 * Everything the pipeline's operators are configured with (the ends are configured separately). {@code topic} is
 * the heartbeats topic, named in the rejections the keyed function makes.
 */
public record PipelineSettings(StreamSettings stream, RiskBands riskBands, DetectionSettings detection, String topic)
        implements Serializable {}
