package com.heartbeatmonitor.generator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Builds one broken payload of a given kind from a reading's fields; each has exactly one defect. */
final class InvalidMessages {

    static final List<String> FIELDS = List.of("event_id", "customer_id", "timestamp", "heart_rate");

    private static final int[] OUT_OF_RANGE_RATES = {0, -12, 12, 29, 221, 250, 999};
    private static final String[] BAD_TIMESTAMPS = {
        "yesterday", "2026-13-45T10:15:30Z", "2026-11-21T10:15:30", "2026-11-21 10:15:30", "21/11/2026 10:15", ""
    };

    private InvalidMessages() {}

    /** Returns a copy of {@code fields} (JSON field name to value) broken as {@code kind} says, or raw text. */
    static Object corrupt(InvalidKind kind, Map<String, Object> fields, SplittableRandom random) {
        Map<String, Object> broken = new LinkedHashMap<>(fields);
        switch (kind) {
            case MALFORMED_JSON -> {
                return random.nextBoolean() ? "HR=" + fields.get("heart_rate") : truncatedJson(fields, random);
            }
            case MISSING_FIELD -> broken.remove(FIELDS.get(random.nextInt(FIELDS.size())));
            case WRONG_TYPE -> {
                switch (random.nextInt(3)) {
                    case 0 -> broken.put("heart_rate", String.valueOf(fields.get("heart_rate")));
                    case 1 -> broken.put("heart_rate", ((Integer) fields.get("heart_rate")) + 0.5);
                    default -> broken.put("customer_id", random.nextInt(1, 100_000));
                }
            }
            case HEART_RATE_OUT_OF_RANGE ->
                broken.put("heart_rate", OUT_OF_RANGE_RATES[random.nextInt(OUT_OF_RANGE_RATES.length)]);
            case INVALID_TIMESTAMP -> broken.put("timestamp", BAD_TIMESTAMPS[random.nextInt(BAD_TIMESTAMPS.length)]);
        }
        return broken;
    }

    private static String truncatedJson(Map<String, Object> fields, SplittableRandom random) {
        String whole = "{\"event_id\":\"" + fields.get("event_id") + "\",\"customer_id\":\""
                + fields.get("customer_id") + "\",\"timestamp\":\"" + fields.get("timestamp")
                + "\",\"heart_rate\":" + fields.get("heart_rate") + "}";
        return whole.substring(0, random.nextInt(1, whole.length() - 1));
    }
}
