package com.heartbeatmonitor.settings;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * One customer's settings as the {@code customer-settings} topic carries them (see the README's "Per-customer
 * settings"), checked by {@link SettingsParser}. Every field but {@code version} is optional: null means "the
 * deployment's default". {@code effectiveAt} null means "from the Kafka record's timestamp". The escalation delays
 * are the notifier's (how long an unacknowledged CRITICAL or HIGH alert waits before the next contact is paged); the
 * job only checks and stores them.
 */
public record CustomerSettings(
        String customerId,
        long version,
        Integer highBpm,
        Integer lowBpm,
        Profile profile,
        Duration sustain,
        Duration exertionSustain,
        Instant pausedUntil,
        ZoneId timeZone,
        List<Contact> contacts,
        Instant effectiveAt,
        Duration escalateCriticalAfter,
        Duration escalateHighAfter)
        implements Serializable {

    public CustomerSettings {
        contacts = contacts == null ? List.of() : List.copyOf(contacts);
    }

    /** The detection defaults a customer may choose instead of the deployment's. */
    public enum Profile {
        WEARABLE,
        CLINICAL;

        /** As written in the JSON: lower case. */
        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Someone to tell about an alert, in order (the alert-lifecycle issue escalates along the list). */
    public record Contact(ContactType type, String target) implements Serializable {}

    /** How a contact is reached. */
    public enum ContactType {
        WEBHOOK,
        SLACK,
        EMAIL;

        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
