package com.heartbeatmonitor.console.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.heartbeatmonitor.settings.InvalidSettingsException;
import com.heartbeatmonitor.settings.SettingsBounds;
import com.heartbeatmonitor.settings.SettingsParser;
import com.heartbeatmonitor.settings.SettingsRejectReason;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The customer page's settings form, turned into the next settings message: the customer's current message with the
 * form's fields replaced (an empty field: back to the deployment's default), the version one up and effective now.
 * Fields the form does not show (contacts, and whatever later releases add) stay as they are. The result is judged by
 * the job's own {@link SettingsParser}, so the console sends only what the job accepts, as heartbeat-admin does.
 */
public record SettingsForm(
        String highBpm,
        String lowBpm,
        String profile,
        String sustainSeconds,
        String exertionSustainSeconds,
        String pausedUntil,
        String timeZone) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The form filled in from the applied settings (or empty for the deployment's defaults). */
    public static SettingsForm of(CurrentSettings s) {
        if (s == null) {
            return new SettingsForm("", "", "", "", "", "", "");
        }
        return new SettingsForm(
                text(s.highBpm()),
                text(s.lowBpm()),
                s.profile() == null ? "" : s.profile().toLowerCase(Locale.ROOT),
                text(s.sustainSeconds()),
                text(s.exertionSustainSeconds()),
                s.pausedUntil() == null ? "" : s.pausedUntil().toString(),
                s.timeZone() == null ? "" : s.timeZone());
    }

    /**
     * The message to send for {@code customer}, given the current message on the topic (null: none); throws with a
     * reason for the page when a field is wrong or the job would reject the result.
     */
    public String nextMessage(String customer, String currentJson, Instant now, SettingsBounds bounds)
            throws InvalidSettingsException {
        ObjectNode next;
        long version = 0;
        if (currentJson == null) {
            next = JSON.createObjectNode();
        } else {
            try {
                JsonNode current = JSON.readTree(currentJson);
                next = current.isObject() ? (ObjectNode) current : JSON.createObjectNode();
            } catch (JsonProcessingException e) {
                next = JSON.createObjectNode(); // the job rejected it too: start from the defaults
            }
            version = next.path(SettingsParser.VERSION).asLong(0);
        }
        next.put(SettingsParser.VERSION, version + 1);
        number(next, SettingsParser.HIGH_BPM, highBpm);
        number(next, SettingsParser.LOW_BPM, lowBpm);
        text(next, SettingsParser.PROFILE, profile == null ? null : profile.toLowerCase(Locale.ROOT));
        number(next, SettingsParser.SUSTAIN, sustainSeconds);
        number(next, SettingsParser.EXERTION_SUSTAIN, exertionSustainSeconds);
        if (blank(pausedUntil)) {
            next.remove(SettingsParser.PAUSED_UNTIL);
        } else {
            try {
                next.put(
                        SettingsParser.PAUSED_UNTIL,
                        Instant.parse(pausedUntil.strip()).toString());
            } catch (DateTimeParseException e) {
                throw new InvalidSettingsException(
                        SettingsRejectReason.WRONG_TYPE,
                        "'paused until' must be a UTC time like 2026-12-10T08:00:00Z, got '" + pausedUntil + "'");
            }
        }
        text(next, SettingsParser.TIME_ZONE, timeZone);
        next.put(SettingsParser.EFFECTIVE_AT, now.toString());
        String json = next.toString();
        new SettingsParser(bounds).parse(customer, json); // throws with the job's own reason
        return json;
    }

    private static void number(ObjectNode node, String field, String value) throws InvalidSettingsException {
        if (blank(value)) {
            node.remove(field);
            return;
        }
        try {
            node.put(field, Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            throw new InvalidSettingsException(
                    SettingsRejectReason.WRONG_TYPE, "'" + field + "' must be a whole number, got '" + value + "'");
        }
    }

    private static void text(ObjectNode node, String field, String value) {
        if (blank(value)) {
            node.remove(field);
        } else {
            node.put(field, value.strip());
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String text(Integer value) {
        return value == null ? "" : value.toString();
    }
}
