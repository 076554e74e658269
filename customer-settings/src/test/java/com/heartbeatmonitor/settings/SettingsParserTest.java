package com.heartbeatmonitor.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.heartbeatmonitor.settings.CustomerSettings.Contact;
import com.heartbeatmonitor.settings.CustomerSettings.ContactType;
import com.heartbeatmonitor.settings.CustomerSettings.Profile;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsParserTest {

    private final SettingsParser parser = new SettingsParser(SettingsBounds.DEFAULT);

    @Test
    void everyFieldIsReadAndWrittenBackTheSame() throws Exception {
        String json = "{\"version\":7,\"customer_id\":\"c-1\",\"high_bpm\":130,\"low_bpm\":45,\"profile\":\"clinical\","
                + "\"sustain_seconds\":300,\"exertion_sustain_seconds\":3600,"
                + "\"paused_until\":\"2026-12-10T08:00:00Z\",\"time_zone\":\"Europe/Berlin\","
                + "\"contacts\":[{\"type\":\"webhook\",\"target\":\"https://care.example/hook\"},"
                + "{\"type\":\"email\",\"target\":\"nurse@example.org\"}],"
                + "\"effective_at\":\"2026-12-04T05:00:00Z\"}";

        CustomerSettings s = parser.parse("c-1", json);

        assertThat(s)
                .isEqualTo(new CustomerSettings(
                        "c-1",
                        7,
                        130,
                        45,
                        Profile.CLINICAL,
                        Duration.ofMinutes(5),
                        Duration.ofHours(1),
                        Instant.parse("2026-12-10T08:00:00Z"),
                        ZoneId.of("Europe/Berlin"),
                        java.util.List.of(
                                new Contact(ContactType.WEBHOOK, "https://care.example/hook"),
                                new Contact(ContactType.EMAIL, "nurse@example.org")),
                        Instant.parse("2026-12-04T05:00:00Z")));
        assertThat(parser.parse("c-1", SettingsParser.toJson(s))).isEqualTo(s);
    }

    @Test
    void onlyTheVersionIsRequired() throws Exception {
        CustomerSettings s = parser.parse("c-1", "{\"version\":1}");

        assertThat(s.highBpm()).isNull();
        assertThat(s.contacts()).isEmpty();
        assertThat(SettingsParser.toJson(s)).isEqualTo("{\"version\":1}");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"version\":1,\"hihg_bpm\":130}|UNKNOWN_FIELD|unknown field 'hihg_bpm'",
                "{\"high_bpm\":130}|MISSING_FIELD|'version' is required",
                "{\"version\":\"3\"}|WRONG_TYPE|'version' must be a whole number",
                "{\"version\":0}|OUT_OF_BOUNDS|'version' must be 1 or more",
                "{\"version\":1,\"high_bpm\":\"130\"}|WRONG_TYPE|'high_bpm' must be a whole number",
                "{\"version\":1,\"high_bpm\":130.5}|WRONG_TYPE|'high_bpm' must be a whole number",
                "{\"version\":1,\"high_bpm\":160}|OUT_OF_BOUNDS|'high_bpm' 160 is outside the allowed 100-150 bpm",
                "{\"version\":1,\"high_bpm\":99}|OUT_OF_BOUNDS|'high_bpm' 99 is outside the allowed 100-150 bpm",
                "{\"version\":1,\"low_bpm\":39}|OUT_OF_BOUNDS|'low_bpm' 39 is outside the allowed 40-50 bpm",
                "{\"version\":1,\"profile\":\"athlete\"}|WRONG_TYPE|'profile' must be wearable or clinical",
                "{\"version\":1,\"sustain_seconds\":5}|OUT_OF_BOUNDS|'sustain_seconds' 5 is outside the allowed 10-",
                "{\"version\":1,\"paused_until\":\"tomorrow\"}|WRONG_TYPE|'paused_until' must be an ISO-8601",
                "{\"version\":1,\"time_zone\":\"Mars/Olympus\"}|BAD_TIME_ZONE|'Mars/Olympus' is not an IANA",
                "{\"version\":1,\"time_zone\":\"+01:00\"}|BAD_TIME_ZONE|is not an IANA",
                "{\"version\":1,\"contacts\":{}}|WRONG_TYPE|'contacts' must be a list",
                "{\"version\":1,\"contacts\":[{\"type\":\"pager\",\"target\":\"x\"}]}|BAD_CONTACT|must be webhook",
                "{\"version\":1,\"contacts\":[{\"type\":\"email\",\"target\":\"nobody\"}]}|BAD_CONTACT|an e-mail",
                "{\"version\":1,\"contacts\":[{\"type\":\"slack\",\"target\":\"ftp://x\"}]}|BAD_CONTACT|an http(s) URL",
                "{\"version\":1,\"contacts\":[{\"type\":\"slack\"}]}|BAD_CONTACT|needs a string type",
                "{\"version\":1,\"customer_id\":\"c-2\"}|CUSTOMER_MISMATCH|is not the record's key 'c-1'",
                "[1,2]|NOT_JSON|must be a JSON object",
                "{\"version\":|NOT_JSON|not JSON",
            })
    void aBadSettingIsRejectedWithWhatIsWrong(String json, SettingsRejectReason reason, String detail) {
        assertThatThrownBy(() -> parser.parse("c-1", json))
                .isInstanceOfSatisfying(InvalidSettingsException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.detail()).contains(detail);
                });
    }

    @Test
    void lowMustBeBelowHighUnderBoundsThatOverlap() {
        SettingsParser wide = new SettingsParser(new SettingsBounds(60, 150, 40, 90));

        assertThatThrownBy(() -> wide.parse("c-1", "{\"version\":1,\"high_bpm\":80,\"low_bpm\":80}"))
                .isInstanceOfSatisfying(
                        InvalidSettingsException.class,
                        e -> assertThat(e.reason()).isEqualTo(SettingsRejectReason.LOW_NOT_BELOW_HIGH));
    }

    @Test
    void aRecordWithoutKeyIsRejected() {
        assertThatThrownBy(() -> parser.parse(null, "{\"version\":1}"))
                .isInstanceOfSatisfying(
                        InvalidSettingsException.class,
                        e -> assertThat(e.reason()).isEqualTo(SettingsRejectReason.MISSING_KEY));
    }
}
