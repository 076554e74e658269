package com.heartbeatmonitor.generator;

import java.time.Instant;

/** One injected anomaly, in event time: the ground truth that detection is measured against. */
public record AnomalyEpisode(String customerId, AnomalyType type, Instant start, Instant end) {}
