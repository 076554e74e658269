package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.heartbeatmonitor.generator.GeneratedMessage;
import com.heartbeatmonitor.generator.GeneratorSettings;
import com.heartbeatmonitor.generator.HeartbeatGenerator;
import com.heartbeatmonitor.generator.InvalidKind;
import com.heartbeatmonitor.generator.SimulationProfile;
import com.heartbeatmonitor.job.records.ParsedMessage;
import com.heartbeatmonitor.job.records.RejectReason;
import com.heartbeatmonitor.job.validation.HeartbeatParser;
import com.heartbeatmonitor.job.validation.ValidationRules;
import com.heartbeatmonitor.replay.Reading;
import com.heartbeatmonitor.replay.Recording;
import com.heartbeatmonitor.replay.RecordingFormat;
import com.heartbeatmonitor.replay.Recordings;
import com.heartbeatmonitor.replay.ReplayMessages;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The published reading schema ({@code contract/heartbeat-reading.schema.json}) against the job's own parser: every
 * message the generator and {@code replay} send validates exactly when the job takes it, and every hostile case the job
 * rejects is refused by the schema or listed in {@code contract/parser-only.json} as a check only the parser makes.
 */
class HeartbeatContractTest {

    private static final ContractSchema READING = ContractSchema.load("heartbeat-reading.schema.json");
    private static final HeartbeatParser PARSER = new HeartbeatParser(ValidationRules.DEFAULT);
    private static final String EVENT_ID = "7f9c2ba4-e88f-4d1a-9a4b-1c2d3e4f5a6b";
    private static final Instant START = Instant.parse("2026-11-21T10:00:00Z");
    /** Enough messages for every invalid kind and every activity many times over; a few seconds. */
    private static final int GENERATED = 30_000;

    private static final Set<String> DEDUPLICATION =
            Set.of(RejectReason.DUPLICATE_EVENT_ID.name(), RejectReason.CONFLICTING_EVENT_ID.name());

    @Test
    void theSchemasAreValidDraft202012Schemas() throws IOException {
        ContractSchema metaSchema = ContractSchema.metaSchema();
        try (var files = Files.list(ContractSchema.FOLDER)) {
            List<Path> schemas = files.filter(f -> f.toString().endsWith(".schema.json"))
                    .sorted()
                    .toList();
            assertThat(schemas)
                    .extracting(f -> f.getFileName().toString())
                    .containsExactly(
                            "alert-event.schema.json",
                            "customer-settings.schema.json",
                            "heartbeat-reading.schema.json");
            for (Path schema : schemas) {
                assertThat(metaSchema.problems(Files.readAllBytes(schema)))
                        .as(schema.toString())
                        .isNull();
            }
        }
    }

    @Test
    void everyHostileCaseTheJobRejectsIsRefusedOrListedAndEveryStoredOneValidates() throws IOException {
        Instant now = Instant.now();
        List<HostileCorpus.Case> corpus = HostileCorpus.load(now);
        Map<String, Set<String>> listed = parserOnly("heartbeat-reading");
        HeartbeatParser.Origin sentNow = origin(now);

        List<String> problems = new ArrayList<>();
        Set<String> acceptedButRejected = new TreeSet<>();
        for (HostileCorpus.Case c : corpus) {
            // The corpus against the parser itself: what the pipeline test (HostileInputIT) proves end to end.
            ParsedMessage parsed = PARSER.parse(c.payload(), sentNow);
            String byParser = parsed.isValid()
                    ? HostileCorpus.STORED
                    : parsed.rejection().reason().name();
            if (!byParser.equals(DEDUPLICATION.contains(c.expected()) ? HostileCorpus.STORED : c.expected())) {
                problems.add(c.name() + ": the parser says " + byParser + ", the corpus " + c.expected());
            }
            String refusal = READING.problems(c.payload());
            if (c.stored() && refusal != null) {
                problems.add(c.name() + ": stored by the job, refused by the schema: " + refusal);
            } else if (!c.stored() && refusal == null) {
                acceptedButRejected.add(c.name());
                Set<String> reasons = listed.get(c.name());
                if (reasons != null && !reasons.contains(c.expected())) {
                    problems.add(
                            c.name() + ": listed under " + reasons + ", but the job rejects it as " + c.expected());
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(acceptedButRejected)
                .as("the rejected cases the schema accepts are exactly those of contract/parser-only.json")
                .isEqualTo(new TreeSet<>(listed.keySet()));
        assertThat(corpus.stream().filter(c -> !c.stored()).count() - acceptedButRejected.size())
                .as("rejected cases the schema refuses too")
                .isGreaterThan(60);
    }

    @Test
    void everyGeneratedMessageValidatesExactlyWhenTheJobTakesItAndTheInvalidOnesAreRefused() {
        SimulationProfile profile = SimulationProfile.dailyLife().activity(SimulationProfile.DEFAULT_ACTIVITY_SHARE);
        HeartbeatGenerator generator = new HeartbeatGenerator(new GeneratorSettings(40, 50, START, 11, 0.05, profile));
        Map<InvalidKind, Integer> refusedByKind = new EnumMap<>(InvalidKind.class);
        int valid = 0;
        int withActivity = 0;
        for (int i = 0; i < GENERATED; i++) {
            GeneratedMessage m = generator.next();
            ParsedMessage parsed = PARSER.parse(m.payload(), origin(m.timestamp()));
            String refusal = READING.problems(m.payload());
            String text = new String(m.payload(), StandardCharsets.UTF_8);
            if (m.isValid()) {
                assertThat(parsed.rejection()).as(text).isNull();
                assertThat(refusal).as(text).isNull();
                valid++;
                withActivity += m.activity() == null ? 0 : 1;
            } else {
                assertThat(parsed.rejection().reason().name())
                        .as(text)
                        .isEqualTo(m.invalidKind().name());
                assertThat(refusal).as("the schema refuses %s", text).isNotNull();
                refusedByKind.merge(m.invalidKind(), 1, Integer::sum);
            }
        }
        assertThat(refusedByKind.keySet()).containsExactlyInAnyOrder(InvalidKind.values());
        assertThat(valid).isGreaterThan(GENERATED * 9 / 10);
        assertThat(withActivity).isPositive();
    }

    @Test
    void everyReplayedMessageValidatesExactlyWhenTheJobTakesIt(@TempDir Path dir) throws Exception {
        // Activity, rounding and rates outside the valid range: sent anyway, the job rejects them.
        Path csv = dir.resolve("people.csv");
        Files.writeString(csv, """
                customer_id,timestamp,heart_rate,activity
                alice,2026-11-21T10:15:30Z,72,rest
                alice,2026-11-21T10:15:31.250Z,140.5,active
                bob,2026-11-21T12:15:32+02:00,55,sleep
                bob,1795256133000,61,
                carol,2026-11-21T10:15:34Z,29.4,
                carol,2026-11-21T10:15:35Z,220.6,
                carol,2026-11-21T10:15:36Z,29.5,
                carol,2026-11-21T10:15:37Z,220.4,
                """);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        int inRange = 0;
        int outOfRange = 0;
        for (Recording recording : List.of(
                Recordings.read(csv, RecordingFormat.CSV, ZoneOffset.UTC),
                Recordings.read(resource("/stress-predict"), RecordingFormat.E4, ZoneOffset.UTC))) {
            ReplayMessages messages = new ReplayMessages(
                    "contract", "replay-", Duration.between(recording.end().orElseThrow(), now));
            for (Iterator<Reading> readings = recording.merged().iterator(); readings.hasNext(); ) {
                Reading reading = readings.next();
                byte[] payload = messages.message(reading).payload();
                ParsedMessage parsed = PARSER.parse(payload, origin(messages.recordTime(reading, now)));
                boolean valid = reading.heartRate() >= ValidationRules.DEFAULT_MIN_HEART_RATE
                        && reading.heartRate() <= ValidationRules.DEFAULT_MAX_HEART_RATE;
                String text = new String(payload, StandardCharsets.UTF_8);
                assertThat(parsed.isValid()).as(text).isEqualTo(valid);
                assertThat(READING.problems(payload)).as(text).matches(p -> (p == null) == valid, "null iff valid");
                if (valid) {
                    inRange++;
                } else {
                    assertThat(parsed.rejection().reason()).isEqualTo(RejectReason.HEART_RATE_OUT_OF_RANGE);
                    outOfRange++;
                }
            }
        }
        assertThat(inRange).isGreaterThan(100_000);
        assertThat(outOfRange).as("the CSV's two").isGreaterThanOrEqualTo(2);
    }

    /** The timestamp's syntax, judged alike by both; only the calendar (29 February) is the parser's alone. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-11-21T10:15:30Z",
                "2026-11-21T10:15:30.123Z",
                "2026-11-21T10:15:30.123456789Z",
                "2026-11-21T10:15:30.1234567891Z",
                "2026-11-21T10:15:30.Z",
                "2026-11-21T10:15Z",
                "2026-11-21T10Z",
                "2026-11-21t10:15:30z",
                "2026-11-21T10:15:30+05:45",
                "2026-11-21T10:15:30-09:30",
                "2026-11-21T10:15:30-00:00",
                "2026-11-21T10:15:30+18:00",
                "2026-11-21T10:15:30+18:01",
                "2026-11-21T10:15:30+05",
                "2026-11-21T10:15:30+5:45",
                "2026-11-21T10:15:30+05:45:30",
                "2026-11-21T10:15:30+0545",
                "2026-11-21T10:15:30UTC",
                "2026-11-21T10:15:30 Z",
                " 2026-11-21T10:15:30Z",
                "2026-11-21T10:15:30Z\n",
                "2026-11-21T24:00:00Z",
                "2026-11-21T23:60:00Z",
                "2026-11-21T23:59:60Z",
                "2026-04-31T10:15:30Z",
                "2028-02-29T10:15:30Z",
                "2026-00-10T10:15:30Z",
                "26-11-21T10:15:30Z",
                "+2026-11-21T10:15:30Z",
            })
    void timestampSyntaxIsJudgedAlike(String timestamp) {
        assertJudgedAlike(EVENT_ID, "c-1", timestamp, "72", null, referenceTime(timestamp));
    }

    @Test
    void aTwentyNinthOfFebruaryOutsideALeapYearIsTheParsersAlone() {
        String timestamp = "2026-02-29T10:15:30Z";
        String json = message(EVENT_ID, "c-1", timestamp, "72", null);

        assertThat(READING.accepts(json)).isTrue();
        assertThat(PARSER.parse(json.getBytes(StandardCharsets.UTF_8), origin(Instant.parse("2026-03-01T10:15:30Z")))
                        .rejection()
                        .reason())
                .isEqualTo(RejectReason.INVALID_TIMESTAMP);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "c",
                "customer-00042",
                "A_Z-a_z-0_9",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                "c-1\n",
                "c 1",
                "c.1",
                "kunde-ü",
                "c-\u0661",
            })
    void customerIdIsJudgedAlike(String customerId) {
        assertJudgedAlike(EVENT_ID, customerId, START.toString(), "72", null, START);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "7f9c2ba4-e88f-4d1a-9a4b-1c2d3e4f5a6b",
                "7F9C2BA4-E88F-4D1A-9A4B-1C2D3E4F5A6B",
                "00000000-0000-0000-0000-000000000000",
                "7f9c2ba4e88f4d1a9a4b1c2d3e4f5a6b",
                "{7f9c2ba4-e88f-4d1a-9a4b-1c2d3e4f5a6b}",
                "7f9c2ba4-e88f-4d1a-9a4b-1c2d3e4f5a6g",
                "7f9c2ba4-e88f-4d1a-9a4b-1c2d3e4f5a6b\n",
            })
    void eventIdIsJudgedAlike(String eventId) {
        assertJudgedAlike(eventId, "c-1", START.toString(), "72", null, START);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"rest\"", "\"active\"", "\"sleep\"", "null", "\"REST\"", "\"running\"", "\"\"", "1"})
    void activityIsJudgedAlike(String activity) {
        assertJudgedAlike(EVENT_ID, "c-1", START.toString(), "72", activity, START);
    }

    @ParameterizedTest
    @ValueSource(strings = {"29", "30", "31", "72", "219", "220", "221", "-1", "2147483648"})
    void heartRateLimitsAreTheJobsDefaults(String heartRate) {
        assertJudgedAlike(EVENT_ID, "c-1", START.toString(), heartRate, null, START);
    }

    private static void assertJudgedAlike(
            String eventId, String customerId, String timestamp, String heartRate, String activity, Instant sent) {
        String json = message(eventId, customerId, timestamp, heartRate, activity);
        ParsedMessage parsed = PARSER.parse(json.getBytes(StandardCharsets.UTF_8), origin(sent));
        String refusal = READING.problems(json.getBytes(StandardCharsets.UTF_8));
        assertThat(refusal == null)
                .as(
                        "%s: the parser says %s, the schema %s",
                        json,
                        parsed.isValid() ? "valid" : parsed.rejection().detail(),
                        refusal == null ? "valid" : refusal)
                .isEqualTo(parsed.isValid());
    }

    /** The message as JSON text, the values escaped as JSON strings except heart rate and activity (given as JSON). */
    private static String message(
            String eventId, String customerId, String timestamp, String heartRate, String activity) {
        ObjectMapper json = new ObjectMapper();
        var node = json.createObjectNode()
                .put("event_id", eventId)
                .put("customer_id", customerId)
                .put("timestamp", timestamp);
        node.set("heart_rate", readTree(json, heartRate));
        if (activity != null) {
            node.set("activity", readTree(json, activity));
        }
        return node.toString();
    }

    private static JsonNode readTree(ObjectMapper json, String value) {
        try {
            return json.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException(value, e);
        }
    }

    /** The instant the timestamp names, so that only its syntax is judged; any time when it names none. */
    private static Instant referenceTime(String timestamp) {
        try {
            return OffsetDateTime.parse(timestamp, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeException e) {
            return START;
        }
    }

    private static HeartbeatParser.Origin origin(Instant recordTime) {
        return new HeartbeatParser.Origin("heartbeats", 0, 0, recordTime.toEpochMilli(), recordTime.toEpochMilli());
    }

    /** A contract's part of {@code contract/parser-only.json}: each listed case with the reasons of its check. */
    static Map<String, Set<String>> parserOnly(String contract) throws IOException {
        JsonNode checks = new ObjectMapper()
                .readTree(ContractSchema.FOLDER.resolve("parser-only.json").toFile())
                .get(contract);
        Map<String, Set<String>> cases = new TreeMap<>();
        for (JsonNode check : checks) {
            Set<String> reasons = new TreeSet<>();
            check.get("reasons").forEach(r -> reasons.add(r.asText()));
            check.get("cases").forEach(c -> cases.put(c.asText(), reasons));
        }
        return cases;
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(HeartbeatContractTest.class.getResource(name).toURI());
    }
}
