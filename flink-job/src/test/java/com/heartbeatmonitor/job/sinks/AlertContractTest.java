package com.heartbeatmonitor.job.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.heartbeatmonitor.job.config.DetectionProfile;
import com.heartbeatmonitor.job.config.RiskBands;
import com.heartbeatmonitor.job.detection.DetectorState;
import com.heartbeatmonitor.job.detection.EpisodeDetector;
import com.heartbeatmonitor.job.records.AlertEvent;
import com.heartbeatmonitor.job.records.AlertStatus;
import com.heartbeatmonitor.job.records.AlertType;
import com.heartbeatmonitor.job.records.Severity;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The alert JSON the job writes to the alerts topic ({@link AlertKafkaSink.AlertJson}, the sink's own serializer)
 * against the published schema, read from the repository's folder: {@code contract/alert-event.schema.json}.
 */
class AlertContractTest {

    private static final Path SCHEMA_FILE = Path.of("..", "contract", "alert-event.schema.json");
    private static final Schema SCHEMA = load();
    private static final JsonMapper JSON3 = JsonMapper.builder().build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = Instant.parse("2026-11-21T10:00:00Z").toEpochMilli();
    private static final long S = 1_000L;
    private static final String CUSTOMER = "customer-00042";

    @Test
    void everyAlertOfARealDetectorValidates() {
        List<AlertEvent> alerts = detectedAlerts();
        assertThat(alerts).extracting(AlertEvent::type).contains(AlertType.values());
        assertThat(alerts).extracting(AlertEvent::status).contains(AlertStatus.values());
        assertThat(alerts).extracting(AlertEvent::severity).contains(Severity.values());
        for (int i = 0; i < alerts.size(); i++) {
            // Half as the keyed function stamps them (the customer's thresholds, settings version 3), half unstamped.
            AlertEvent alert = i % 2 == 0 ? alerts.get(i) : alerts.get(i).judgedBy(130, 45, 3L);
            assertValid(alert);
        }
    }

    @Test
    void everyTypeSeverityAndStatusValidates() {
        int revision = 1;
        for (AlertType type : AlertType.values()) {
            for (Severity severity : Severity.values()) {
                for (AlertStatus status : AlertStatus.values()) {
                    AlertEvent alert = new AlertEvent(
                                    UUID.nameUUIDFromBytes((type + "/" + severity).getBytes(StandardCharsets.UTF_8))
                                            .toString(),
                                    CUSTOMER,
                                    type,
                                    severity,
                                    status,
                                    T0 + 123,
                                    T0 + 30 * S,
                                    status == AlertStatus.OPEN ? null : T0 + 75 * S + 450,
                                    type == AlertType.SIGNAL_LOST ? null : 131,
                                    31,
                                    revision++)
                            .judgedBy(120, 50, revision % 2 == 0 ? null : (long) revision);
                    assertValid(alert);
                }
            }
        }
    }

    /** The schema names every field the serializer writes, requires them all, and lists each enum's constants. */
    @Test
    void theSchemaDescribesExactlyWhatTheSerializerWrites() throws IOException {
        JsonNode schema = JSON.readTree(SCHEMA_FILE.toFile());
        JsonNode written =
                JSON.readTree(AlertKafkaSink.AlertJson.toJson(detectedAlerts().get(0)));

        Set<String> fields = new LinkedHashSet<>();
        written.fieldNames().forEachRemaining(fields::add);
        Set<String> required = new LinkedHashSet<>();
        schema.get("required").forEach(f -> required.add(f.asText()));
        Set<String> properties = new TreeSet<>();
        schema.get("properties").fieldNames().forEachRemaining(properties::add);
        assertThat(required).containsExactlyElementsOf(fields);
        assertThat(properties).isEqualTo(new TreeSet<>(fields));

        assertThat(constants(schema, "type")).isEqualTo(names(AlertType.values()));
        assertThat(constants(schema, "severity")).isEqualTo(names(Severity.values()));
        assertThat(constants(schema, "status")).isEqualTo(names(AlertStatus.values()));
    }

    @Test
    void anAlertTheSerializerCouldNotHaveWrittenIsRefused() throws IOException {
        String valid =
                new String(AlertKafkaSink.AlertJson.toJson(detectedAlerts().get(0)), StandardCharsets.UTF_8);
        assertThat(problems(valid)).isNull();

        assertThat(problems(valid.replaceFirst("\"type\":\"[A-Z_]+\"", "\"type\":\"tachycardia\"")))
                .isNotNull();
        assertThat(problems(valid.replaceFirst("\"revision\":\\d+", "\"revision\":0")))
                .isNotNull();
        assertThat(problems(valid.replaceFirst("\"started_at\":\"[^\"]+\"", "\"started_at\":1763719200000")))
                .isNotNull();
        assertThat(problems(valid.replace(",\"settings_version\":", ",\"version\":")))
                .isNotNull();
    }

    /**
     * Alerts as the clinical profile's detector raises them: a tachycardia and a bradycardia that open and close, a
     * spike, a lost signal, and an episode that expires.
     */
    private static List<AlertEvent> detectedAlerts() {
        EpisodeDetector detector = new EpisodeDetector(DetectionProfile.CLINICAL.settings(), RiskBands.DEFAULT);
        List<AlertEvent> alerts = new ArrayList<>();
        DetectorState state = new DetectorState();
        int[] rates = {70, 150, 70, 40, 70};
        long t = T0;
        for (int rate : rates) {
            for (int i = 0; i < 60; i++, t += S) {
                state = detector.onReading(CUSTOMER, state, t, rate, alerts::add);
            }
        }
        state = detector.onReading(CUSTOMER, state, t, 140, alerts::add); // a jump of 70 bpm within a second
        detector.advance(CUSTOMER, state, t + 120 * S, alerts::add); // silent for two minutes
        t += 120 * S;
        for (int i = 0; i < 60; i++, t += S) {
            state = detector.onReading(CUSTOMER, state, t, 160, alerts::add);
        }
        detector.forget(CUSTOMER, state, t, alerts::add);
        return alerts;
    }

    private static void assertValid(AlertEvent alert) {
        String json = new String(AlertKafkaSink.AlertJson.toJson(alert), StandardCharsets.UTF_8);
        assertThat(problems(json)).as(json).isNull();
    }

    private static String problems(String json) {
        List<com.networknt.schema.Error> errors = SCHEMA.validate(JSON3.readTree(json));
        return errors.isEmpty() ? null : errors.toString();
    }

    private static Set<String> constants(JsonNode schema, String property) {
        Set<String> constants = new TreeSet<>();
        schema.get("properties").get(property).get("enum").forEach(c -> constants.add(c.asText()));
        return constants;
    }

    private static Set<String> names(Enum<?>[] values) {
        Set<String> names = new TreeSet<>();
        Arrays.stream(values).forEach(v -> names.add(v.name()));
        return names;
    }

    private static Schema load() {
        try {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(Files.readString(SCHEMA_FILE));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + SCHEMA_FILE.toAbsolutePath(), e);
        }
    }
}
