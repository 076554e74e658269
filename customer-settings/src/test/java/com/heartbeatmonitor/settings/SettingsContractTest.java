package com.heartbeatmonitor.settings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The published settings schema ({@code contract/customer-settings.schema.json}, read from the repository's folder)
 * against the parser the job and heartbeat-admin judge settings with: what the parser accepts validates, and what it
 * rejects is refused by the schema or listed in {@code contract/parser-only.json} as a check only the parser makes.
 */
class SettingsContractTest {

    private static final Path CONTRACT = Path.of("..", "contract");
    private static final Schema SCHEMA = load("customer-settings.schema.json");
    private static final JsonMapper STRICT_JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final SettingsParser parser = new SettingsParser(SettingsBounds.DEFAULT);

    @Test
    void everyAcceptedSettingAndItsRewriteValidate() throws Exception {
        List<SettingsCases.Accepted> accepted = SettingsCases.accepted();
        assertThat(accepted).hasSizeGreaterThan(10);
        for (SettingsCases.Accepted c : accepted) {
            // What heartbeat-admin sends is the parser's rewrite of the settings it checked.
            String rewritten = SettingsParser.toJson(parser.parse(SettingsCases.KEY, c.json()));
            assertThat(problems(c.json())).as(c.name()).isNull();
            assertThat(problems(rewritten))
                    .as(c.name() + " rewritten: " + rewritten)
                    .isNull();
        }
    }

    @Test
    void everyRejectedSettingIsRefusedOrListedAsTheParsersAlone() throws IOException {
        Map<String, Set<String>> listed = parserOnly();
        List<String> problems = new ArrayList<>();
        Set<String> acceptedButRejected = new TreeSet<>();
        for (SettingsCases.Rejected c : SettingsCases.rejected()) {
            if (problems(c.json()) == null) {
                acceptedButRejected.add(c.name());
                Set<String> reasons = listed.get(c.name());
                if (reasons != null && !reasons.contains(c.reason().name())) {
                    problems.add(c.name() + ": listed under " + reasons + ", rejected as " + c.reason());
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(acceptedButRejected)
                .as("the rejected settings the schema accepts are exactly those of contract/parser-only.json")
                .isEqualTo(new TreeSet<>(listed.keySet()));
    }

    /** The schema's bounds are the defaults of SettingsBounds: one below, at and one above each end. */
    @Test
    void boundsAreTheDeploymentDefaults() {
        Map<String, int[]> ends = Map.of(
                SettingsParser.HIGH_BPM,
                new int[] {SettingsBounds.DEFAULT_HIGH_MIN, SettingsBounds.DEFAULT_HIGH_MAX},
                SettingsParser.LOW_BPM,
                new int[] {SettingsBounds.DEFAULT_LOW_MIN, SettingsBounds.DEFAULT_LOW_MAX},
                SettingsParser.SUSTAIN,
                new int[] {(int) SettingsBounds.MIN_SUSTAIN.toSeconds(), (int) SettingsBounds.MAX_SUSTAIN.toSeconds()},
                SettingsParser.EXERTION_SUSTAIN,
                new int[] {(int) SettingsBounds.MIN_SUSTAIN.toSeconds(), (int) SettingsBounds.MAX_SUSTAIN.toSeconds()},
                SettingsParser.VERSION,
                new int[] {1});
        int judged = 0;
        for (Map.Entry<String, int[]> field : ends.entrySet()) {
            for (int end : field.getValue()) {
                for (int value = end - 1; value <= end + 1; value++) {
                    String json = SettingsParser.VERSION.equals(field.getKey())
                            ? "{\"version\":" + value + "}"
                            : "{\"version\":1,\"" + field.getKey() + "\":" + value + "}";
                    assertJudgedAlike(json);
                    judged++;
                }
            }
        }
        assertThat(judged).isEqualTo(27);
    }

    @Test
    void everyTimeZoneOfTheRuntimeValidates() {
        Set<String> zones = new TreeSet<>(ZoneId.getAvailableZoneIds());
        assertThat(zones).hasSizeGreaterThan(500);
        List<String> refused = zones.stream()
                .filter(zone -> problems("{\"version\":1,\"time_zone\":\"" + zone + "\"}") != null)
                .toList();
        assertThat(refused).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-12-10T08:00:00Z",
                "2026-12-10t08:00:00z",
                "2026-12-10T08:00:00.123Z",
                "2026-12-10T08:00:00.Z",
                "2026-12-10T08:00:00.1234567891Z",
                "2026-12-10T08:00Z",
                "2026-12-10T08:00:00+01:00",
                "2026-12-10T08:00:00+01",
                "2026-12-10T08:00:00+0100",
                "2026-12-10T08:00:00+01:00:30",
                "2026-12-10T08:00:00+18:00",
                "2026-12-10T08:00:00+19:00",
                "2026-12-31T23:59:60Z",
                "2026-12-10T24:00:00Z",
                "2026-12-10T24:00:00.000Z",
                "2026-12-10T24:00:00.5Z",
                "2026-12-31T23:59:60.5Z",
                "2026-12-10T08:00:00",
                "2026-12-10 08:00:00Z",
                "2026-04-31T08:00:00Z",
                "2028-02-29T08:00:00Z",
                "+2026-12-10T08:00:00Z",
                "2026-12-10T08:00:00Z\n",
            })
    void instantsAreJudgedAlike(String instant) {
        assertJudgedAlike("{\"version\":1,\"paused_until\":\"" + instant.replace("\n", "\\n") + "\"}");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"type\":\"webhook\",\"target\":\"https://\"}",
                "{\"type\":\"webhook\",\"target\":\"HTTPS://care.example\"}",
                "{\"type\":\"webhook\",\"target\":\" \"}",
                "{\"type\":\"email\",\"target\":\"a@b@c\"}",
                "{\"type\":\"email\",\"target\":\"a b@c\"}",
                "{\"type\":\"email\",\"target\":\"@c\"}",
                "{\"type\":\" email\",\"target\":\"a@b\"}",
                "{\"type\":\"email\",\"target\":null}",
                "{\"type\":1,\"target\":\"a@b\"}",
                "{\"target\":\"a@b\"}",
                "\"a@b\"",
            })
    void contactsAreJudgedAlike(String contact) {
        assertJudgedAlike("{\"version\":1,\"contacts\":[" + contact + "]}");
    }

    private void assertJudgedAlike(String json) {
        String parserSays;
        try {
            parser.parse(SettingsCases.KEY, json);
            parserSays = null;
        } catch (InvalidSettingsException e) {
            parserSays = e.reason() + ": " + e.detail();
        }
        String schemaSays = problems(json);
        assertThat(schemaSays == null)
                .as("%s: the parser says %s, the schema %s", json, parserSays, schemaSays)
                .isEqualTo(parserSays == null);
    }

    /** Why the schema refuses {@code json} (not JSON, or its errors), or null when it validates. */
    private static String problems(String json) {
        tools.jackson.databind.JsonNode node;
        try {
            node = STRICT_JSON.readTree(json);
        } catch (JacksonException e) {
            return "not JSON: " + e.getOriginalMessage();
        }
        List<com.networknt.schema.Error> errors = SCHEMA.validate(node);
        return errors.isEmpty() ? null : errors.toString();
    }

    private static Map<String, Set<String>> parserOnly() throws IOException {
        JsonNode checks = new ObjectMapper()
                .readTree(CONTRACT.resolve("parser-only.json").toFile())
                .get("customer-settings");
        Map<String, Set<String>> cases = new TreeMap<>();
        for (JsonNode check : checks) {
            Set<String> reasons = new TreeSet<>();
            check.get("reasons").forEach(r -> reasons.add(r.asText()));
            check.get("cases").forEach(c -> cases.put(c.asText(), reasons));
        }
        return cases;
    }

    private static Schema load(String file) {
        try {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(Files.readString(CONTRACT.resolve(file)));
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot read " + CONTRACT.resolve(file).toAbsolutePath(), e);
        }
    }
}
