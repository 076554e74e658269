package com.heartbeatmonitor.generator;

/** One valid reading without a message around it: the generator's fast path for evaluators. */
public record Reading(String customerId, long epochMillis, int heartRate) {}
