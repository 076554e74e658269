package com.heartbeatmonitor.generator;

/**
 * The kinds of broken message the generator injects. Each constant is named after the reason code
 * the pipeline must record for it in {@code rejected_heartbeats.reason}, so tests can compare the two
 * without a mapping table.
 */
public enum InvalidKind {
    /** Not parseable as JSON: truncated objects and plain text. */
    MALFORMED_JSON,
    /** One of the four required fields is absent. */
    MISSING_FIELD,
    /** A field has the wrong JSON type, e.g. {@code "heart_rate": "72"} or {@code 72.5}. */
    WRONG_TYPE,
    /** {@code heart_rate} is an integer outside the physiologically valid range. */
    HEART_RATE_OUT_OF_RANGE,
    /** {@code timestamp} is a string but not an ISO-8601 instant with a zone. */
    INVALID_TIMESTAMP
}
