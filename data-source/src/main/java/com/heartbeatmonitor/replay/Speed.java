package com.heartbeatmonitor.replay;

import java.util.Locale;

/**
 * How fast a replay runs against the recording's own clock: {@code realtime} (1x), {@code Nx} (N times as
 * fast, e.g. {@code 60x} or {@code 0.5x}) or {@code max} (as fast as Kafka takes it).
 */
public record Speed(double factor) {

    public static final Speed REALTIME = new Speed(1);
    public static final Speed MAX = new Speed(Double.POSITIVE_INFINITY);

    public Speed {
        if (!(factor > 0)) {
            throw new IllegalArgumentException("speed must be above 0, was " + factor);
        }
    }

    public static Speed parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.equals("realtime") || value.equals("real-time")) {
            return REALTIME;
        }
        if (value.equals("max")) {
            return MAX;
        }
        String number = value.endsWith("x") ? value.substring(0, value.length() - 1) : value;
        try {
            double factor = Double.parseDouble(number);
            if (factor > 0 && Double.isFinite(factor)) {
                return new Speed(factor);
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("'" + text + "' is not a speed: use realtime, max, or a factor such as 60x");
    }

    public boolean isMax() {
        return Double.isInfinite(factor);
    }

    /** When a reading recorded {@code recordedMillis} after the first is due, in nanoseconds after the start. */
    public long dueNanos(long recordedMillis) {
        return isMax() ? 0 : (long) (recordedMillis * 1_000_000d / factor);
    }

    @Override
    public String toString() {
        if (isMax()) {
            return "max";
        }
        return factor == 1
                ? "realtime"
                : (factor == Math.rint(factor) ? String.valueOf((long) factor) : String.valueOf(factor)) + "x";
    }
}
