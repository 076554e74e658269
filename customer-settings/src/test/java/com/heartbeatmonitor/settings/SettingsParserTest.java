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
import org.junit.jupiter.params.provider.MethodSource;

class SettingsParserTest {

    private final SettingsParser parser = new SettingsParser(SettingsBounds.DEFAULT);

    @Test
    void everyFieldIsReadAndWrittenBackTheSame() throws Exception {
        String json = "{\"version\":7,\"customer_id\":\"c-1\",\"high_bpm\":130,\"low_bpm\":45,\"profile\":\"clinical\","
                + "\"sustain_seconds\":300,\"exertion_sustain_seconds\":3600,"
                + "\"paused_until\":\"2026-12-10T08:00:00Z\",\"time_zone\":\"Europe/Berlin\","
                + "\"contacts\":[{\"type\":\"webhook\",\"target\":\"https://care.example/hook\"},"
                + "{\"type\":\"email\",\"target\":\"nurse@example.org\"}],"
                + "\"effective_at\":\"2026-12-04T05:00:00Z\","
                + "\"escalate_critical_after_minutes\":3,\"escalate_high_after_minutes\":20}";

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
                        Instant.parse("2026-12-04T05:00:00Z"),
                        Duration.ofMinutes(3),
                        Duration.ofMinutes(20)));
        assertThat(parser.parse("c-1", SettingsParser.toJson(s))).isEqualTo(s);
    }

    @Test
    void onlyTheVersionIsRequired() throws Exception {
        CustomerSettings s = parser.parse("c-1", "{\"version\":1}");

        assertThat(s.highBpm()).isNull();
        assertThat(s.contacts()).isEmpty();
        assertThat(SettingsParser.toJson(s)).isEqualTo("{\"version\":1}");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("com.heartbeatmonitor.settings.SettingsCases#rejected")
    void aBadSettingIsRejectedWithWhatIsWrong(SettingsCases.Rejected c) {
        assertThatThrownBy(() -> parser.parse(SettingsCases.KEY, c.json()))
                .isInstanceOfSatisfying(InvalidSettingsException.class, e -> {
                    assertThat(e.reason()).isEqualTo(c.reason());
                    assertThat(e.detail()).contains(c.detail());
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("com.heartbeatmonitor.settings.SettingsCases#accepted")
    void aGoodSettingIsAccepted(SettingsCases.Accepted c) throws Exception {
        CustomerSettings s = parser.parse(SettingsCases.KEY, c.json());

        assertThat(parser.parse(SettingsCases.KEY, SettingsParser.toJson(s))).isEqualTo(s);
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
