package com.heartbeatmonitor.job.records;

/**
 * A message of the settings topic as read: exactly one of {@code change} (well-formed, still to be checked against
 * the customer's current version) and {@code rejection} (malformed) is set.
 */
public record SettingsMessage(SettingsChange change, SettingsRejection rejection) {

    /** Where messages without a key go: no customer's state, only the rejection's way out. */
    public static final String NO_CUSTOMER = "";

    public static SettingsMessage accepted(SettingsChange change) {
        return new SettingsMessage(change, null);
    }

    public static SettingsMessage rejected(SettingsRejection rejection) {
        return new SettingsMessage(null, rejection);
    }

    /** The key: the customer, for both kinds. */
    public String customerId() {
        String id = change != null ? change.customerId() : rejection.customerId();
        return id == null ? NO_CUSTOMER : id;
    }
}
