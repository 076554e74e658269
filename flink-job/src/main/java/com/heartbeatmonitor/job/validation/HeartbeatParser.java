package com.heartbeatmonitor.job.validation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.heartbeatmonitor.job.records.Activity;
import com.heartbeatmonitor.job.records.HeartbeatReading;
import com.heartbeatmonitor.job.records.ParsedMessage;
import com.heartbeatmonitor.job.records.RejectReason;
import com.heartbeatmonitor.job.records.RejectedMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/**
 * Parses and validates one Kafka message against the event contract. It never throws: every input,
 * however broken, yields either a reading or a rejection with a precise reason. Uses Jackson's
 * streaming parser, so a message is read once without building a tree.
 */
public final class HeartbeatParser {

    /** Where a message came from and when; the record time anchors the timestamp plausibility checks. */
    public record Origin(String topic, int partition, long offset, long recordTimestamp, long receivedAt) {

        /** The record's timestamp, or {@code otherwise} when the record has none (Kafka's -1). */
        long recordTimeOr(long otherwise) {
            return recordTimestamp >= 0 ? recordTimestamp : otherwise;
        }
    }

    private static final String EVENT_ID = "event_id";
    private static final String CUSTOMER_ID = "customer_id";
    private static final String TIMESTAMP = "timestamp";
    private static final String HEART_RATE = "heart_rate";
    private static final String ACTIVITY = "activity";
    private static final int MAX_CUSTOMER_ID_LENGTH = 64;
    private static final int UUID_LENGTH = 36;
    private static final byte HEX = 1;
    private static final byte DASH = 2;
    /** What each ASCII character may be in a UUID: {@link #HEX}, {@link #DASH} or nothing (0). */
    private static final byte[] UUID_CHARS = uuidChars();
    /** What each of a UUID's 36 positions must hold. */
    private static final byte[] UUID_SHAPE = uuidShape();

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final ValidationRules rules;

    public HeartbeatParser(ValidationRules rules) {
        this.rules = rules;
    }

    public ParsedMessage parse(byte[] payload, Origin origin) {
        try {
            return parseChecked(payload, origin);
        } catch (RuntimeException e) {
            return reject(origin, payload, RejectReason.PARSER_ERROR, e.toString());
        }
    }

    private ParsedMessage parseChecked(byte[] payload, Origin origin) {
        if (payload == null || payload.length == 0) {
            return reject(origin, payload, RejectReason.EMPTY_PAYLOAD, "message has no value");
        }
        if (payload.length > rules.maxPayloadBytes()) {
            return reject(
                    origin,
                    payload,
                    RejectReason.PAYLOAD_TOO_LARGE,
                    payload.length + " bytes, limit " + rules.maxPayloadBytes());
        }
        // Up front: Jackson only decodes the strings it reads, so bad bytes in a skipped field would pass.
        if (!PayloadPreview.isValidUtf8(payload)) {
            return reject(origin, payload, RejectReason.INVALID_UTF8, "the payload is not valid UTF-8");
        }
        Fields fields = new Fields();
        try (JsonParser json = JSON.createParser(payload)) {
            JsonToken first = json.nextToken();
            if (first != JsonToken.START_OBJECT) {
                return reject(
                        origin,
                        payload,
                        RejectReason.NOT_A_JSON_OBJECT,
                        "top-level JSON value is " + describe(first) + ", expected an object");
            }
            String duplicate = readFields(json, fields);
            if (json.nextToken() != null) {
                return reject(origin, payload, RejectReason.MALFORMED_JSON, "text after the JSON object");
            }
            if (duplicate != null) {
                return reject(origin, payload, RejectReason.DUPLICATE_FIELD, "field " + duplicate + " appears twice");
            }
        } catch (StreamConstraintsException e) {
            return reject(origin, payload, RejectReason.MALFORMED_JSON, "JSON too deeply nested or too large");
        } catch (IOException e) {
            String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
            return reject(origin, payload, RejectReason.MALFORMED_JSON, firstLine(message));
        }
        return validate(fields, payload, origin);
    }

    /** Reads the object's members; returns the name of a repeated contract field, or null. */
    private static String readFields(JsonParser json, Fields fields) throws IOException {
        String duplicate = null;
        for (JsonToken token = json.nextToken(); token == JsonToken.FIELD_NAME; token = json.nextToken()) {
            String name = json.currentName();
            JsonToken value = json.nextToken();
            Field field = switch (name) {
                case EVENT_ID -> fields.eventId;
                case CUSTOMER_ID -> fields.customerId;
                case TIMESTAMP -> fields.timestamp;
                case HEART_RATE -> fields.heartRate;
                case ACTIVITY -> fields.activity;
                default -> null;
            };
            if (field == null) {
                json.skipChildren(); // extra fields are allowed, for forward compatibility
                continue;
            }
            if (field.present && duplicate == null) {
                duplicate = name;
            }
            field.read(json, value);
        }
        return duplicate;
    }

    private ParsedMessage validate(Fields f, byte[] payload, Origin origin) {
        for (Field field : f.inContractOrder()) {
            if (!field.present || field.token == JsonToken.VALUE_NULL) {
                return reject(
                        origin,
                        payload,
                        RejectReason.MISSING_FIELD,
                        field.name + (field.present ? " is null" : " is missing"));
            }
        }
        for (Field field : f.inContractOrder()) {
            JsonToken expected = field == f.heartRate ? JsonToken.VALUE_NUMBER_INT : JsonToken.VALUE_STRING;
            if (field.token != expected) {
                return reject(
                        origin,
                        payload,
                        RejectReason.WRONG_TYPE,
                        field.name + " must be " + (field == f.heartRate ? "an integer" : "a string") + ", got "
                                + describe(field.token));
            }
        }
        String eventId = f.eventId.text;
        if (!isUuid(eventId)) {
            return reject(
                    origin, payload, RejectReason.INVALID_EVENT_ID, "event_id " + quote(eventId) + " is not a UUID");
        }
        String customerId = f.customerId.text;
        if (!isValidCustomerId(customerId)) {
            return reject(
                    origin,
                    payload,
                    RejectReason.INVALID_CUSTOMER_ID,
                    "customer_id " + quote(customerId) + " must be 1-" + MAX_CUSTOMER_ID_LENGTH
                            + " characters of A-Z a-z 0-9 _ -");
        }
        long eventMillis;
        try {
            eventMillis = IsoInstants.epochMilli(f.timestamp.text);
        } catch (DateTimeException e) {
            return reject(
                    origin,
                    payload,
                    RejectReason.INVALID_TIMESTAMP,
                    "timestamp " + quote(f.timestamp.text)
                            + " is not an ISO-8601 instant with zone, e.g. 2026-11-21T10:15:30.123Z");
        }
        long reference = origin.recordTimeOr(origin.receivedAt());
        if (eventMillis > reference + rules.maxFutureSkew().toMillis()) {
            return reject(
                    origin,
                    payload,
                    RejectReason.TIMESTAMP_IN_FUTURE,
                    "timestamp " + f.timestamp.text
                            + " is more than " + rules.maxFutureSkew() + " after the Kafka record time "
                            + Instant.ofEpochMilli(reference));
        }
        if (eventMillis < reference - rules.maxEventAge().toMillis()) {
            return reject(
                    origin,
                    payload,
                    RejectReason.TIMESTAMP_TOO_OLD,
                    "timestamp " + f.timestamp.text
                            + " is more than " + rules.maxEventAge() + " before the Kafka record time "
                            + Instant.ofEpochMilli(reference));
        }
        if (!f.heartRate.fitsInt
                || f.heartRate.number < rules.minHeartRate()
                || f.heartRate.number > rules.maxHeartRate()) {
            return reject(
                    origin,
                    payload,
                    RejectReason.HEART_RATE_OUT_OF_RANGE,
                    "heart_rate " + f.heartRate.text + " outside " + rules.minHeartRate() + "-" + rules.maxHeartRate()
                            + " bpm");
        }
        Activity activity = null;
        if (f.activity.present && f.activity.token != JsonToken.VALUE_NULL) {
            activity = f.activity.token == JsonToken.VALUE_STRING ? Activity.fromJson(f.activity.text) : null;
            if (activity == null) {
                return reject(
                        origin,
                        payload,
                        RejectReason.INVALID_ACTIVITY,
                        "activity must be \"rest\", \"active\", \"sleep\" or null, got "
                                + (f.activity.token == JsonToken.VALUE_STRING
                                        ? quote(f.activity.text)
                                        : describe(f.activity.token)));
            }
        }
        return ParsedMessage.valid(new HeartbeatReading(
                eventId.toLowerCase(Locale.ROOT),
                customerId,
                eventMillis,
                f.heartRate.number,
                origin.partition(),
                origin.offset(),
                activity,
                origin.recordTimeOr(HeartbeatReading.NO_RECORD_TIME)));
    }

    /**
     * 8-4-4-4-12 hex digits, either case. By table: a branch per character on "digit or letter" is a coin toss on
     * random hex, and the mispredictions made this loop 4% of the TaskManager's profile.
     */
    static boolean isUuid(String s) {
        if (s.length() != UUID_LENGTH) {
            return false;
        }
        for (int i = 0; i < UUID_LENGTH; i++) {
            char c = s.charAt(i);
            if (c >= UUID_CHARS.length || UUID_CHARS[c] != UUID_SHAPE[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] uuidChars() {
        byte[] chars = new byte[128];
        for (char c = '0'; c <= '9'; c++) {
            chars[c] = HEX;
        }
        for (char c = 'a'; c <= 'f'; c++) {
            chars[c] = HEX;
            chars[Character.toUpperCase(c)] = HEX;
        }
        chars['-'] = DASH;
        return chars;
    }

    private static byte[] uuidShape() {
        byte[] shape = new byte[UUID_LENGTH];
        Arrays.fill(shape, HEX);
        for (int dash : new int[] {8, 13, 18, 23}) {
            shape[dash] = DASH;
        }
        return shape;
    }

    static boolean isValidCustomerId(String s) {
        if (s.isEmpty() || s.length() > MAX_CUSTOMER_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static ParsedMessage reject(Origin origin, byte[] payload, RejectReason reason, String detail) {
        return ParsedMessage.rejected(new RejectedMessage(
                origin.topic(),
                origin.partition(),
                origin.offset(),
                reason,
                PayloadPreview.of(detail.getBytes(StandardCharsets.UTF_8)),
                PayloadPreview.of(payload),
                payload == null ? 0 : payload.length,
                origin.receivedAt(),
                origin.recordTimeOr(origin.receivedAt())));
    }

    /** Quotes a value for a detail message, bounded so a huge field does not make a huge detail. */
    private static String quote(String value) {
        return "\"" + (value.length() > 80 ? value.substring(0, 80) + "..." : value) + "\"";
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a decimal number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unparseable JSON";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** One contract field as seen in the message. */
    private static final class Field {
        final String name;
        boolean present;
        JsonToken token;
        String text;
        int number;
        boolean fitsInt;

        Field(String name) {
            this.name = name;
        }

        void read(JsonParser json, JsonToken value) throws IOException {
            present = true;
            token = value;
            if (value == JsonToken.VALUE_STRING) {
                text = json.getText();
            } else if (value == JsonToken.VALUE_NUMBER_INT) {
                text = json.getText();
                fitsInt = json.getNumberType() == JsonParser.NumberType.INT;
                number = fitsInt ? json.getIntValue() : 0;
            } else if (value.isStructStart()) {
                json.skipChildren();
            }
        }
    }

    private static final class Fields {
        final Field eventId = new Field(EVENT_ID);
        final Field customerId = new Field(CUSTOMER_ID);
        final Field timestamp = new Field(TIMESTAMP);
        final Field heartRate = new Field(HEART_RATE);
        /** Optional, after the required fields: absent or null is unknown. */
        final Field activity = new Field(ACTIVITY);

        /** The required fields. */
        Field[] inContractOrder() {
            return new Field[] {eventId, customerId, timestamp, heartRate};
        }
    }
}
