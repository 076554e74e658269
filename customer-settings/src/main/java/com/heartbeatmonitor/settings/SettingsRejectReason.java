package com.heartbeatmonitor.settings;

/** Why a message on the settings topic was not taken; stored in {@code rejected_settings.reason}. */
public enum SettingsRejectReason {
    /** The record has no key: the key is the customer. */
    MISSING_KEY,
    /** Not a JSON object. */
    NOT_JSON,
    /** A field the schema does not know (a typo would otherwise be silently ignored). */
    UNKNOWN_FIELD,
    /** A required field is absent. */
    MISSING_FIELD,
    /** A field of the wrong JSON type or format. */
    WRONG_TYPE,
    /** A threshold or duration outside what the deployment allows. */
    OUT_OF_BOUNDS,
    /** The low threshold is not below the high one. */
    LOW_NOT_BELOW_HIGH,
    /** Not an IANA time-zone id. */
    BAD_TIME_ZONE,
    /** A contact that is not {type: webhook|slack|email, target}. */
    BAD_CONTACT,
    /** The value's customer_id is not the record's key. */
    CUSTOMER_MISMATCH,
    /** A version not newer than the customer's current one. */
    STALE_VERSION
}
