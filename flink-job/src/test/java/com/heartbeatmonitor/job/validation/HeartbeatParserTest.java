package com.heartbeatmonitor.job.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.heartbeatmonitor.job.records.Activity;
import com.heartbeatmonitor.job.records.HeartbeatReading;
import com.heartbeatmonitor.job.records.ParsedMessage;
import com.heartbeatmonitor.job.records.RejectReason;
import com.heartbeatmonitor.job.records.RejectedMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HeartbeatParserTest {

    private static final String EVENT_ID = "7f9c2ba4-e88f-4d1a-9a4b-1c2d3e4f5a6b";
    private static final Instant RECORD_TIME = Instant.parse("2026-11-21T10:16:00Z");
    private static final HeartbeatParser.Origin ORIGIN = new HeartbeatParser.Origin(
            "heartbeats", 3, 42L, RECORD_TIME.toEpochMilli(), RECORD_TIME.toEpochMilli() + 5);

    private final HeartbeatParser parser = new HeartbeatParser(ValidationRules.DEFAULT);

    @Test
    void validMessageBecomesReadingWithEveryValueAndItsOrigin() {
        HeartbeatReading reading = valid(json(EVENT_ID, "customer-00042", "2026-11-21T10:15:30.123Z", "72"));

        assertThat(reading)
                .isEqualTo(new HeartbeatReading(
                        EVENT_ID,
                        "customer-00042",
                        Instant.parse("2026-11-21T10:15:30.123Z").toEpochMilli(),
                        72,
                        3,
                        42L,
                        null,
                        RECORD_TIME.toEpochMilli()));
    }

    @Test
    void offsetTimestampIsConvertedToTheSameInstant() {
        HeartbeatReading reading = valid(json(EVENT_ID, "c1", "2026-11-21T12:15:30+02:00", "72"));

        assertThat(reading.timestamp())
                .isEqualTo(Instant.parse("2026-11-21T10:15:30Z").toEpochMilli());
    }

    @Test
    void upperCaseUuidIsStoredInCanonicalLowerCase() {
        HeartbeatReading reading = valid(json(EVENT_ID.toUpperCase(), "c1", "2026-11-21T10:15:30Z", "72"));

        assertThat(reading.eventId()).isEqualTo(EVENT_ID);
    }

    @Test
    void extraFieldsAreIgnored() {
        String message = "{\"firmware\":{\"v\":[1,2]},\"event_id\":\"" + EVENT_ID + "\",\"customer_id\":\"c1\","
                + "\"timestamp\":\"2026-11-21T10:15:30Z\",\"heart_rate\":72,\"battery\":0.5}";

        assertThat(valid(message).heartRate()).isEqualTo(72);
    }

    @ParameterizedTest
    @CsvSource({"rest, REST", "active, ACTIVE", "sleep, SLEEP"})
    void activityIsReadWhenTheDeviceSendsIt(String json, Activity activity) {
        assertThat(valid(withActivity("\"" + json + "\"")).activity()).isEqualTo(activity);
    }

    @Test
    void absentOrNullActivityIsUnknown() {
        assertThat(valid(json(EVENT_ID, "c1", "2026-11-21T10:15:30Z", "72")).activity())
                .isNull();
        assertThat(valid(withActivity("null")).activity()).isNull();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"running\"  | activity must be \"rest\", \"active\", \"sleep\" or null, got \"running\"",
                "\"REST\"     | activity must be \"rest\", \"active\", \"sleep\" or null, got \"REST\"",
                "\"\"         | activity must be \"rest\", \"active\", \"sleep\" or null, got \"\"",
                "1            | activity must be \"rest\", \"active\", \"sleep\" or null, got an integer",
                "true         | activity must be \"rest\", \"active\", \"sleep\" or null, got a boolean",
                "[\"rest\"]   | activity must be \"rest\", \"active\", \"sleep\" or null, got an array",
                "{\"a\":1}    | activity must be \"rest\", \"active\", \"sleep\" or null, got an object",
            })
    void activityOfAnotherValueOrTypeIsRejected(String value, String detail) {
        assertRejected(withActivity(value), RejectReason.INVALID_ACTIVITY, detail);
    }

    @Test
    void repeatedActivityIsADuplicateField() {
        String message = withActivity("\"rest\"").replace("}", ",\"activity\":\"rest\"}");
        assertRejected(message, RejectReason.DUPLICATE_FIELD, "field activity appears twice");
    }

    @ParameterizedTest
    @ValueSource(ints = {30, 31, 219, 220})
    void heartRateAtOrInsideTheLimitsIsValid(int bpm) {
        assertThat(valid(json(EVENT_ID, "c1", "2026-11-21T10:15:30Z", String.valueOf(bpm)))
                        .heartRate())
                .isEqualTo(bpm);
    }

    @ParameterizedTest
    @ValueSource(strings = {"29", "221", "0", "-72", "2147483648", "99999999999999999999999"})
    void heartRateOutsideTheLimitsIsRejected(String bpm) {
        assertRejected(
                json(EVENT_ID, "c1", "2026-11-21T10:15:30Z", bpm),
                RejectReason.HEART_RATE_OUT_OF_RANGE,
                "heart_rate " + bpm + " outside 30-220 bpm");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"72\"        | heart_rate must be an integer, got a string",
                "72.0          | heart_rate must be an integer, got a decimal number",
                "72.5          | heart_rate must be an integer, got a decimal number",
                "true          | heart_rate must be an integer, got a boolean",
                "[72]          | heart_rate must be an integer, got an array",
                "{\"bpm\":72}  | heart_rate must be an integer, got an object",
            })
    void heartRateOfAnotherTypeIsRejected(String value, String detail) {
        assertRejected(json(EVENT_ID, "c1", "2026-11-21T10:15:30Z", value), RejectReason.WRONG_TYPE, detail);
    }

    @Test
    void nonStringContractFieldIsWrongType() {
        String message = "{\"event_id\":\"" + EVENT_ID + "\",\"customer_id\":42,"
                + "\"timestamp\":\"2026-11-21T10:15:30Z\",\"heart_rate\":72}";
        assertRejected(message, RejectReason.WRONG_TYPE, "customer_id must be a string, got an integer");

        String epochMillis = "{\"event_id\":\"" + EVENT_ID + "\",\"customer_id\":\"c1\","
                + "\"timestamp\":1763720130123,\"heart_rate\":72}";
        assertRejected(epochMillis, RejectReason.WRONG_TYPE, "timestamp must be a string, got an integer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"event_id", "customer_id", "timestamp", "heart_rate"})
    void eachMissingFieldIsNamed(String field) {
        String message = json(EVENT_ID, "c1", "2026-11-21T10:15:30Z", "72")
                .replaceFirst("\"" + field + "\":(\"[^\"]*\"|\\d+),?", "")
                .replace(",}", "}");

        assertRejected(message, RejectReason.MISSING_FIELD, field + " is missing");
    }

    @Test
    void nullFieldCountsAsMissing() {
        assertRejected(
                json(EVENT_ID, "c1", "2026-11-21T10:15:30Z", "null"), RejectReason.MISSING_FIELD, "heart_rate is null");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"not-a-uuid", "7f9c2ba4e88f4d1a9a4b1c2d3e4f5a6b", "7f9c2ba4-e88f-4d1a-9a4b-1c2d3e4f5a6", ""})
    void malformedEventIdIsRejected(String eventId) {
        assertRejected(
                json(eventId, "c1", "2026-11-21T10:15:30Z", "72"),
                RejectReason.INVALID_EVENT_ID,
                "event_id \"" + eventId + "\" is not a UUID");
    }

    @Test
    void aUuidIsWhatTheUuidPatternSaysForRandomIdsAndTheirOneCharacterChanges() {
        Pattern uuid = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
        String candidates = "0123456789abcdefABCDEFgGzZ-_ /:@`\u00e9\u0660\uff10";
        Random random = new Random(7);
        for (int n = 0; n < 2_000; n++) {
            String id = UUID.randomUUID().toString();
            id = random.nextBoolean() ? id : id.toUpperCase(Locale.ROOT);
            assertThat(HeartbeatParser.isUuid(id)).as(id).isTrue();
            int at = random.nextInt(id.length());
            for (char c : candidates.toCharArray()) {
                String changed = id.substring(0, at) + c + id.substring(at + 1);
                assertThat(HeartbeatParser.isUuid(changed))
                        .as(changed)
                        .isEqualTo(uuid.matcher(changed).matches());
            }
        }
    }

    @Test
    void customerIdOfSixtyFourCharactersIsValidAndSixtyFiveIsNot() {
        String max = "a".repeat(64);
        assertThat(valid(json(EVENT_ID, max, "2026-11-21T10:15:30Z", "72")).customerId())
                .isEqualTo(max);

        assertThat(rejection(json(EVENT_ID, max + "a", "2026-11-21T10:15:30Z", "72"))
                        .reason())
                .isEqualTo(RejectReason.INVALID_CUSTOMER_ID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "cust omer", "kunde-ü", "a;DROP TABLE heartbeats", "c\\u0000"})
    void customerIdOutsideTheAlphabetIsRejected(String customerId) {
        assertThat(rejection(json(EVENT_ID, customerId, "2026-11-21T10:15:30Z", "72"))
                        .reason())
                .isEqualTo(RejectReason.INVALID_CUSTOMER_ID);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-11-21T10:15:30", "2026-11-21 10:15:30Z", "2026-13-01T10:15:30Z", "2026-11-21T23:59:60Z",
                "yesterday", "", "1763720130", "2026-11-21T10:15:30+0200"
            })
    void timestampThatIsNotAnIsoInstantWithZoneIsRejected(String timestamp) {
        assertThat(rejection(json(EVENT_ID, "c1", timestamp, "72")).reason()).isEqualTo(RejectReason.INVALID_TIMESTAMP);
    }

    @Test
    void timestampAheadOfTheRecordTimeByMoreThanTheSkewIsInTheFuture() {
        Instant limit = RECORD_TIME.plus(ValidationRules.DEFAULT.maxFutureSkew());
        assertThat(valid(json(EVENT_ID, "c1", limit.toString(), "72")).timestamp())
                .isEqualTo(limit.toEpochMilli());

        assertThat(rejection(json(EVENT_ID, "c1", limit.plusMillis(1).toString(), "72"))
                        .reason())
                .isEqualTo(RejectReason.TIMESTAMP_IN_FUTURE);
        assertThat(rejection(json(EVENT_ID, "c1", "9999-12-31T23:59:59Z", "72")).reason())
                .isEqualTo(RejectReason.TIMESTAMP_IN_FUTURE);
    }

    @Test
    void timestampOlderThanTheMaximumAgeIsTooOld() {
        Instant limit = RECORD_TIME.minus(ValidationRules.DEFAULT.maxEventAge());
        assertThat(valid(json(EVENT_ID, "c1", limit.toString(), "72")).timestamp())
                .isEqualTo(limit.toEpochMilli());

        assertThat(rejection(json(EVENT_ID, "c1", limit.minusMillis(1).toString(), "72"))
                        .reason())
                .isEqualTo(RejectReason.TIMESTAMP_TOO_OLD);
        assertThat(rejection(json(EVENT_ID, "c1", "1970-01-01T00:00:00Z", "72")).reason())
                .isEqualTo(RejectReason.TIMESTAMP_TOO_OLD);
    }

    @Test
    void withoutRecordTimestampTheReceiveTimeIsTheReference() {
        HeartbeatParser.Origin noRecordTime = new HeartbeatParser.Origin("t", 0, 0, -1, RECORD_TIME.toEpochMilli());
        String future = RECORD_TIME.plusSeconds(3600).toString();

        ParsedMessage parsed = parser.parse(bytes(json(EVENT_ID, "c1", future, "72")), noRecordTime);

        assertThat(parsed.rejection().reason()).isEqualTo(RejectReason.TIMESTAMP_IN_FUTURE);
        assertThat(parsed.rejection().messageTime()).isEqualTo(RECORD_TIME.toEpochMilli());
    }

    @Test
    void emptyAndOversizedPayloadsAreRejectedUnparsed() {
        assertThat(parser.parse(null, ORIGIN).rejection().reason()).isEqualTo(RejectReason.EMPTY_PAYLOAD);
        assertThat(parser.parse(new byte[0], ORIGIN).rejection().reason()).isEqualTo(RejectReason.EMPTY_PAYLOAD);

        RejectedMessage tooLarge = parser.parse(new byte[16 * 1024 + 1], ORIGIN).rejection();
        assertThat(tooLarge.reason()).isEqualTo(RejectReason.PAYLOAD_TOO_LARGE);
        assertThat(tooLarge.payloadBytes()).isEqualTo(16 * 1024 + 1);
        assertThat(tooLarge.payloadPreview().length()).isLessThan(PayloadPreview.MAX_CHARS + 40);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"event_id\":", "HR=72", "{'event_id':'x'}", "{\"heart_rate\":NaN}", "{} {}", "{}x"})
    void unparseableJsonIsMalformed(String message) {
        assertThat(rejection(message).reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "72", "\"text\"", "null", "true"})
    void jsonThatIsNotAnObjectIsRejected(String message) {
        assertThat(rejection(message).reason()).isEqualTo(RejectReason.NOT_A_JSON_OBJECT);
    }

    @Test
    void repeatedContractFieldIsRejectedEvenWithTheSameValue() {
        String message = json(EVENT_ID, "c1", "2026-11-21T10:15:30Z", "72").replace("}", ",\"heart_rate\":72}");

        assertRejected(message, RejectReason.DUPLICATE_FIELD, "field heart_rate appears twice");
    }

    @Test
    void invalidUtf8IsToldApartFromBadJson() {
        byte[] message =
                bytes(json(EVENT_ID, "c1", "2026-11-21T10:15:30Z", "72").replace("c1", "c\u00e91"));
        int e9 = indexOf(message, (byte) 0xC3);
        message[e9 + 1] = (byte) 0x28; // a lead byte followed by a non-continuation byte

        assertThat(parser.parse(message, ORIGIN).rejection().reason()).isEqualTo(RejectReason.INVALID_UTF8);
    }

    @Test
    void invalidUtf8InAFieldTheParserSkipsIsStillRejected() {
        byte[] valid = bytes(json(EVENT_ID, "c1", "2026-11-21T10:15:30Z", "72").replace("}", ",\"note\":\"..\"}"));
        int note = indexOf(valid, (byte) '.');
        valid[note] = (byte) 0xC0; // an overlong encoding of '/': never valid UTF-8
        valid[note + 1] = (byte) 0xAF;

        assertThat(parser.parse(valid, ORIGIN).rejection().reason()).isEqualTo(RejectReason.INVALID_UTF8);
    }

    @Test
    void rejectionKeepsOriginAndARenderingOfThePayload() {
        RejectedMessage rejected = rejection("HR=\u0000\u0007 72");

        assertThat(rejected.kafkaTopic()).isEqualTo("heartbeats");
        assertThat(rejected.kafkaPartition()).isEqualTo(3);
        assertThat(rejected.kafkaOffset()).isEqualTo(42L);
        assertThat(rejected.receivedAt()).isEqualTo(RECORD_TIME.toEpochMilli() + 5);
        // The record's timestamp, not the clock: a replay of the message gets the same key and partition.
        assertThat(rejected.messageTime()).isEqualTo(RECORD_TIME.toEpochMilli());
        assertThat(rejected.payloadPreview()).isEqualTo("HR=\\u0000\\u0007 72");
        assertThat(rejected.payloadBytes()).isEqualTo(8);
    }

    @Test
    void neverThrowsOnArbitraryBytes() {
        Random random = new Random(7);
        byte[] template = bytes(json(EVENT_ID, "c1", "2026-11-21T10:15:30Z", "72"));
        for (int i = 0; i < 20_000; i++) {
            byte[] input = i % 2 == 0 ? new byte[random.nextInt(200)] : template.clone();
            if (i % 2 == 0) {
                random.nextBytes(input);
            } else {
                input[random.nextInt(input.length)] = (byte) random.nextInt(256);
            }
            ParsedMessage parsed = parser.parse(input, ORIGIN);
            assertThat(parsed.isValid() ^ parsed.rejection() != null).isTrue();
            if (!parsed.isValid()) {
                assertThat(parsed.rejection().reason()).isNotEqualTo(RejectReason.PARSER_ERROR);
            }
        }
    }

    private static String json(String eventId, String customerId, String timestamp, String heartRate) {
        return "{\"event_id\":\"" + eventId + "\",\"customer_id\":\"" + customerId + "\",\"timestamp\":\"" + timestamp
                + "\",\"heart_rate\":" + heartRate + "}";
    }

    private static String withActivity(String value) {
        String message = json(EVENT_ID, "c1", "2026-11-21T10:15:30Z", "72");
        return message.substring(0, message.length() - 1) + ",\"activity\":" + value + "}";
    }

    private HeartbeatReading valid(String message) {
        ParsedMessage parsed = parser.parse(bytes(message), ORIGIN);
        assertThat(parsed.rejection()).as("rejection of %s", message).isNull();
        return parsed.reading();
    }

    private RejectedMessage rejection(String message) {
        ParsedMessage parsed = parser.parse(bytes(message), ORIGIN);
        assertThat(parsed.reading()).as("reading of %s", message).isNull();
        return parsed.rejection();
    }

    private void assertRejected(String message, RejectReason reason, String detail) {
        RejectedMessage rejected = rejection(message);
        assertThat(rejected.reason()).isEqualTo(reason);
        assertThat(rejected.detail()).isEqualTo(detail);
        assertThat(rejected.payloadPreview()).isEqualTo(message);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new AssertionError("byte not found");
    }
}
