package com.heartbeatmonitor.settings;

import static com.heartbeatmonitor.settings.SettingsRejectReason.BAD_CONTACT;
import static com.heartbeatmonitor.settings.SettingsRejectReason.BAD_TIME_ZONE;
import static com.heartbeatmonitor.settings.SettingsRejectReason.CUSTOMER_MISMATCH;
import static com.heartbeatmonitor.settings.SettingsRejectReason.LOW_NOT_BELOW_HIGH;
import static com.heartbeatmonitor.settings.SettingsRejectReason.MISSING_FIELD;
import static com.heartbeatmonitor.settings.SettingsRejectReason.MISSING_KEY;
import static com.heartbeatmonitor.settings.SettingsRejectReason.NOT_JSON;
import static com.heartbeatmonitor.settings.SettingsRejectReason.OUT_OF_BOUNDS;
import static com.heartbeatmonitor.settings.SettingsRejectReason.UNKNOWN_FIELD;
import static com.heartbeatmonitor.settings.SettingsRejectReason.WRONG_TYPE;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.heartbeatmonitor.settings.CustomerSettings.Contact;
import com.heartbeatmonitor.settings.CustomerSettings.ContactType;
import com.heartbeatmonitor.settings.CustomerSettings.Profile;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one parser and validator of customer settings: the job judges every message of the settings topic with it,
 * heartbeat-admin refuses to send anything it rejects. Strict, so a typo is an error and not a silently ignored
 * field: every field known, of its type, within the deployment's {@link SettingsBounds}.
 */
public final class SettingsParser {

    public static final String VERSION = "version";
    public static final String CUSTOMER_ID = "customer_id";
    public static final String HIGH_BPM = "high_bpm";
    public static final String LOW_BPM = "low_bpm";
    public static final String PROFILE = "profile";
    public static final String SUSTAIN = "sustain_seconds";
    public static final String EXERTION_SUSTAIN = "exertion_sustain_seconds";
    public static final String PAUSED_UNTIL = "paused_until";
    public static final String TIME_ZONE = "time_zone";
    public static final String CONTACTS = "contacts";
    public static final String EFFECTIVE_AT = "effective_at";
    public static final String ESCALATE_CRITICAL_AFTER = "escalate_critical_after_minutes";
    public static final String ESCALATE_HIGH_AFTER = "escalate_high_after_minutes";

    static final Set<String> FIELDS = Set.of(
            VERSION,
            CUSTOMER_ID,
            HIGH_BPM,
            LOW_BPM,
            PROFILE,
            SUSTAIN,
            EXERTION_SUSTAIN,
            PAUSED_UNTIL,
            TIME_ZONE,
            CONTACTS,
            EFFECTIVE_AT,
            ESCALATE_CRITICAL_AFTER,
            ESCALATE_HIGH_AFTER);
    /** A notification chain longer than this is a mistake, not a care team. */
    public static final int MAX_CONTACTS = 10;

    public static final int MAX_TARGET_LENGTH = 500;
    private static final Set<String> CONTACT_FIELDS = Set.of("type", "target");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SettingsBounds bounds;

    public SettingsParser(SettingsBounds bounds) {
        this.bounds = bounds;
    }

    /** Parses and checks the value of a settings record of key {@code customerId}; throws with the reason. */
    public CustomerSettings parse(String customerId, String json) throws InvalidSettingsException {
        if (customerId == null || customerId.isBlank()) {
            throw new InvalidSettingsException(MISSING_KEY, "the record has no key: the key must be the customer_id");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidSettingsException(
                    NOT_JSON,
                    "not JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidSettingsException(NOT_JSON, "the value must be a JSON object");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidSettingsException(
                        UNKNOWN_FIELD,
                        "unknown field '" + name + "'; the fields are " + new java.util.TreeSet<>(FIELDS));
            }
        }
        JsonNode version = root.get(VERSION);
        if (version == null || version.isNull()) {
            throw new InvalidSettingsException(
                    MISSING_FIELD, "'version' is required (a number that grows per customer)");
        }
        long v = wholeNumber(VERSION, version);
        if (v < 1) {
            throw new InvalidSettingsException(OUT_OF_BOUNDS, "'version' must be 1 or more, got " + v);
        }
        String inValue = text(root, CUSTOMER_ID);
        if (inValue != null && !inValue.equals(customerId)) {
            throw new InvalidSettingsException(
                    CUSTOMER_MISMATCH, "customer_id '" + inValue + "' is not the record's key '" + customerId + "'");
        }
        Integer high = bpm(root, HIGH_BPM, bounds.highMin(), bounds.highMax());
        Integer low = bpm(root, LOW_BPM, bounds.lowMin(), bounds.lowMax());
        if (high != null && low != null && low >= high) {
            throw new InvalidSettingsException(
                    LOW_NOT_BELOW_HIGH, "low_bpm " + low + " must be below high_bpm " + high);
        }
        return new CustomerSettings(
                customerId,
                v,
                high,
                low,
                profile(root),
                sustain(root, SUSTAIN),
                sustain(root, EXERTION_SUSTAIN),
                instant(root, PAUSED_UNTIL),
                zone(root),
                contacts(root),
                instant(root, EFFECTIVE_AT),
                escalateAfter(root, ESCALATE_CRITICAL_AFTER),
                escalateAfter(root, ESCALATE_HIGH_AFTER));
    }

    /** The settings as the topic carries them: the fields that are set, in schema order. */
    public static String toJson(CustomerSettings s) {
        ObjectNode root = JSON.createObjectNode();
        root.put(VERSION, s.version());
        if (s.highBpm() != null) {
            root.put(HIGH_BPM, s.highBpm());
        }
        if (s.lowBpm() != null) {
            root.put(LOW_BPM, s.lowBpm());
        }
        if (s.profile() != null) {
            root.put(PROFILE, s.profile().json());
        }
        if (s.sustain() != null) {
            root.put(SUSTAIN, s.sustain().toSeconds());
        }
        if (s.exertionSustain() != null) {
            root.put(EXERTION_SUSTAIN, s.exertionSustain().toSeconds());
        }
        if (s.pausedUntil() != null) {
            root.put(PAUSED_UNTIL, s.pausedUntil().toString());
        }
        if (s.timeZone() != null) {
            root.put(TIME_ZONE, s.timeZone().getId());
        }
        if (!s.contacts().isEmpty()) {
            ArrayNode contacts = root.putArray(CONTACTS);
            s.contacts()
                    .forEach(c ->
                            contacts.addObject().put("type", c.type().json()).put("target", c.target()));
        }
        if (s.effectiveAt() != null) {
            root.put(EFFECTIVE_AT, s.effectiveAt().toString());
        }
        if (s.escalateCriticalAfter() != null) {
            root.put(ESCALATE_CRITICAL_AFTER, s.escalateCriticalAfter().toMinutes());
        }
        if (s.escalateHighAfter() != null) {
            root.put(ESCALATE_HIGH_AFTER, s.escalateHighAfter().toMinutes());
        }
        return root.toString();
    }

    private static long wholeNumber(String field, JsonNode node) throws InvalidSettingsException {
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new InvalidSettingsException(WRONG_TYPE, "'" + field + "' must be a whole number, got " + node);
        }
        return node.longValue();
    }

    private static Integer bpm(JsonNode root, String field, int min, int max) throws InvalidSettingsException {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        long bpm = wholeNumber(field, node);
        if (bpm < min || bpm > max) {
            throw new InvalidSettingsException(
                    OUT_OF_BOUNDS, "'" + field + "' " + bpm + " is outside the allowed " + min + "-" + max + " bpm");
        }
        return (int) bpm;
    }

    private static String text(JsonNode root, String field) throws InvalidSettingsException {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidSettingsException(WRONG_TYPE, "'" + field + "' must be a string, got " + node);
        }
        return node.textValue();
    }

    private static Profile profile(JsonNode root) throws InvalidSettingsException {
        String name = text(root, PROFILE);
        if (name == null) {
            return null;
        }
        for (Profile p : Profile.values()) {
            if (p.json().equals(name)) {
                return p;
            }
        }
        throw new InvalidSettingsException(WRONG_TYPE, "'profile' must be wearable or clinical, got '" + name + "'");
    }

    private static Duration sustain(JsonNode root, String field) throws InvalidSettingsException {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        Duration d = Duration.ofSeconds(wholeNumber(field, node));
        if (d.compareTo(SettingsBounds.MIN_SUSTAIN) < 0 || d.compareTo(SettingsBounds.MAX_SUSTAIN) > 0) {
            throw new InvalidSettingsException(
                    OUT_OF_BOUNDS,
                    "'" + field + "' " + d.toSeconds() + " is outside the allowed "
                            + SettingsBounds.MIN_SUSTAIN.toSeconds() + "-" + SettingsBounds.MAX_SUSTAIN.toSeconds()
                            + " seconds");
        }
        return d;
    }

    /** Whole minutes within the bounds of {@link SettingsBounds#MIN_ESCALATE_AFTER} and its maximum. */
    private static Duration escalateAfter(JsonNode root, String field) throws InvalidSettingsException {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        long minutes = wholeNumber(field, node);
        long min = SettingsBounds.MIN_ESCALATE_AFTER.toMinutes();
        long max = SettingsBounds.MAX_ESCALATE_AFTER.toMinutes();
        if (minutes < min || minutes > max) {
            throw new InvalidSettingsException(
                    OUT_OF_BOUNDS,
                    "'" + field + "' " + minutes + " is outside the allowed " + min + "-" + max + " minutes");
        }
        return Duration.ofMinutes(minutes);
    }

    private static Instant instant(JsonNode root, String field) throws InvalidSettingsException {
        String text = text(root, field);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidSettingsException(
                    WRONG_TYPE,
                    "'" + field + "' must be an ISO-8601 UTC instant like 2026-12-04T08:00:00Z, got '" + text + "'");
        }
    }

    private static ZoneId zone(JsonNode root) throws InvalidSettingsException {
        String id = text(root, TIME_ZONE);
        if (id == null) {
            return null;
        }
        // Region ids of the IANA database only: an offset like +01:00 knows no daylight saving time.
        if (!ZoneId.getAvailableZoneIds().contains(id)) {
            throw new InvalidSettingsException(
                    BAD_TIME_ZONE, "'time_zone' '" + id + "' is not an IANA time-zone id like Europe/Berlin");
        }
        return ZoneId.of(id);
    }

    private static List<Contact> contacts(JsonNode root) throws InvalidSettingsException {
        JsonNode node = root.get(CONTACTS);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InvalidSettingsException(WRONG_TYPE, "'contacts' must be a list, got " + node);
        }
        if (node.size() > MAX_CONTACTS) {
            throw new InvalidSettingsException(
                    BAD_CONTACT, "'contacts' holds " + node.size() + " entries, at most " + MAX_CONTACTS);
        }
        List<Contact> contacts = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            contacts.add(contact(i, node.get(i)));
        }
        return contacts;
    }

    private static Contact contact(int index, JsonNode node) throws InvalidSettingsException {
        String where = "contacts[" + index + "]";
        if (!node.isObject()) {
            throw new InvalidSettingsException(BAD_CONTACT, where + " must be {\"type\": ..., \"target\": ...}");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!CONTACT_FIELDS.contains(name)) {
                throw new InvalidSettingsException(BAD_CONTACT, where + " has an unknown field '" + name + "'");
            }
        }
        JsonNode type = node.get("type");
        JsonNode target = node.get("target");
        if (type == null || !type.isTextual() || target == null || !target.isTextual()) {
            throw new InvalidSettingsException(BAD_CONTACT, where + " needs a string type and a string target");
        }
        ContactType kind;
        try {
            kind = ContactType.valueOf(type.textValue().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(
                    BAD_CONTACT, where + " type '" + type.textValue() + "' must be webhook, slack or email");
        }
        String to = target.textValue().strip();
        boolean shaped = kind == ContactType.EMAIL
                ? to.matches("[^@\\s]+@[^@\\s]+")
                : to.startsWith("https://") || to.startsWith("http://");
        if (to.isEmpty() || to.length() > MAX_TARGET_LENGTH || !shaped) {
            throw new InvalidSettingsException(
                    BAD_CONTACT,
                    where + " target must be " + (kind == ContactType.EMAIL ? "an e-mail address" : "an http(s) URL")
                            + " of at most " + MAX_TARGET_LENGTH + " characters");
        }
        return new Contact(kind, to);
    }
}
