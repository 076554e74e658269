package com.heartbeatmonitor.notifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.heartbeatmonitor.settings.SettingsParser;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whom to page for one customer, step by step, and the customer's own delays and time zone: from the settings the
 * job accepted and stored (customer_settings.settings, sql/V6), else the deployment's. Step 0 is the customer's
 * first contact, step k its contact k+1; a customer without contacts has one step, every contact point of the
 * deployment (today's behaviour, with no one to escalate to).
 */
public record CustomerPlan(
        List<List<Recipient>> steps,
        Optional<ZoneId> timeZone,
        Optional<Duration> criticalAfter,
        Optional<Duration> highAfter) {

    /**
     * One ledger destination: {@code contactPoint} is the ledger's name ("webhook", "slack", or "contact-2:slack"
     * for the customer's second contact), {@code target} the customer's URL or address (null for the deployment's
     * contact points, whose URLs stay in the environment).
     */
    public record Recipient(String contactPoint, String target) {

        /** The worker key: each destination is delivered to by its own worker. */
        public String destination() {
            return target == null ? contactPoint : target;
        }
    }

    /** The prefix of a customer's contact in the ledger: contact-1 is the first of the list. */
    static final String CONTACT_PREFIX = "contact-";

    public CustomerPlan {
        steps = steps.stream().map(List::copyOf).toList();
    }

    /** The plan from the customer's stored settings ({@code settings} null: none stored). */
    public static CustomerPlan of(JsonNode settings, List<ContactPoint> deployment) {
        List<List<Recipient>> steps = new ArrayList<>();
        JsonNode contacts = settings == null ? null : settings.get(SettingsParser.CONTACTS);
        if (contacts != null && contacts.isArray()) {
            for (int i = 0; i < contacts.size(); i++) {
                JsonNode contact = contacts.get(i);
                String type = contact.path("type").asText().toLowerCase(Locale.ROOT);
                steps.add(List.of(new Recipient(
                        CONTACT_PREFIX + (i + 1) + ":" + type,
                        contact.path("target").asText().strip())));
            }
        }
        if (steps.isEmpty()) {
            steps.add(deployment.stream()
                    .map(cp -> new Recipient(cp.name(), null))
                    .toList());
        }
        return new CustomerPlan(
                steps,
                zone(settings),
                minutes(settings, SettingsParser.ESCALATE_CRITICAL_AFTER),
                minutes(settings, SettingsParser.ESCALATE_HIGH_AFTER));
    }

    /** Every recipient ever paged by the first step: the only one for a notice, which does not escalate. */
    public List<Recipient> first() {
        return steps.get(0);
    }

    /**
     * The settings' time zone; the job accepted only IANA ids, but one this JVM's time-zone data does not know
     * must not stop the notifier: the deployment's zone applies then.
     */
    private static Optional<ZoneId> zone(JsonNode settings) {
        JsonNode id = settings == null ? null : settings.get(SettingsParser.TIME_ZONE);
        if (id == null || !id.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZoneId.of(id.textValue()));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> minutes(JsonNode settings, String field) {
        JsonNode value = settings == null ? null : settings.get(field);
        return value == null || !value.canConvertToLong()
                ? Optional.empty()
                : Optional.of(Duration.ofMinutes(value.asLong()));
    }
}
