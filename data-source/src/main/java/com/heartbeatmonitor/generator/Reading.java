package com.heartbeatmonitor.generator;

/**
 * One valid reading without a message around it: the generator's fast path for evaluators.
 * {@code activity} is what the device reports about motion, null when it reports none.
 */
public record Reading(String customerId, long epochMillis, int heartRate, Activity activity) {}
