package com.heartbeatmonitor.job.records;

/**
 * Why a message was rejected; stored as text in {@code rejected_heartbeats.reason}. When a message has
 * several defects, the first in this order wins: payload, then JSON syntax, then fields in contract
 * order (presence, type, value), then uniqueness of event_id.
 */
public enum RejectReason {
    /** The Kafka message has no value or an empty one. */
    EMPTY_PAYLOAD,
    /** Larger than the configured maximum message size. */
    PAYLOAD_TOO_LARGE,
    /** The bytes are not valid UTF-8. */
    INVALID_UTF8,
    /** Not parseable as JSON, or text after the JSON value. */
    MALFORMED_JSON,
    /** Valid JSON, but an array or a scalar instead of an object. */
    NOT_A_JSON_OBJECT,
    /** A contract field appears more than once. */
    DUPLICATE_FIELD,
    /** A contract field is absent or null. */
    MISSING_FIELD,
    /** A contract field has the wrong JSON type. */
    WRONG_TYPE,
    /** {@code event_id} is not a UUID. */
    INVALID_EVENT_ID,
    /** {@code customer_id} is not 1-64 characters of {@code [A-Za-z0-9_-]}. */
    INVALID_CUSTOMER_ID,
    /** {@code timestamp} is not an ISO-8601 instant with a zone or offset. */
    INVALID_TIMESTAMP,
    /** {@code timestamp} is further ahead of the Kafka record time than the allowed clock skew. */
    TIMESTAMP_IN_FUTURE,
    /** {@code timestamp} is further behind the Kafka record time than the allowed event age. */
    TIMESTAMP_TOO_OLD,
    /** {@code heart_rate} is an integer outside the configured valid range. */
    HEART_RATE_OUT_OF_RANGE,
    /** The optional {@code activity} is present but not one of the strings "rest", "active", "sleep" (or null). */
    INVALID_ACTIVITY,
    /**
     * Valid, but its event_id is already stored from another Kafka message with the same reading
     * (a resend). Decided by the database when the reading is written (sql/V3__duplicates.sql).
     */
    DUPLICATE_EVENT_ID,
    /** Valid, but its event_id is already stored from another message with a different reading. Decided there too. */
    CONFLICTING_EVENT_ID,
    /** The parser itself failed: a defect of ours, kept visible instead of stopping the job. */
    PARSER_ERROR
}
