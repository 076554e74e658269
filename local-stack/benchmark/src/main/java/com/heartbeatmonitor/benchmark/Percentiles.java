package com.heartbeatmonitor.benchmark;

import java.util.Arrays;
import java.util.Locale;

/** A latency distribution in milliseconds: how many, p50, p95, p99 and the maximum (NaN when empty). */
record Percentiles(long count, double p50Millis, double p95Millis, double p99Millis, double maxMillis) {

    static Percentiles of(double[] latencies) {
        if (latencies.length == 0) {
            return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return new Percentiles(
                sorted.length,
                percentile(sorted, 0.50),
                percentile(sorted, 0.95),
                percentile(sorted, 0.99),
                sorted[sorted.length - 1]);
    }

    /** "p50 / p95 / p99 / max ms", or "none" without samples. */
    String format() {
        return count == 0
                ? "none"
                : String.format(
                        Locale.ROOT, "%,.0f / %,.0f / %,.0f / %,.0f ms", p50Millis, p95Millis, p99Millis, maxMillis);
    }

    /** True when there are samples and the p99 is at most {@code millis}. */
    boolean p99AtMost(double millis) {
        return count > 0 && p99Millis <= millis;
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
