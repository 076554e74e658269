package com.heartbeatmonitor.job.config;

import java.io.Serializable;

/** Everything the pipeline's operators are configured with (the ends are configured separately). */
public record PipelineSettings(StreamSettings stream, RiskBands riskBands, DetectionSettings detection)
        implements Serializable {}
