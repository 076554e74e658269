package com.heartbeatmonitor.console.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.heartbeatmonitor.settings.CustomerSettings;
import com.heartbeatmonitor.settings.InvalidSettingsException;
import com.heartbeatmonitor.settings.SettingsBounds;
import com.heartbeatmonitor.settings.SettingsParser;
import com.heartbeatmonitor.settings.SettingsRejectReason;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SettingsFormTest {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private static final SettingsParser PARSER = new SettingsParser(SettingsBounds.DEFAULT);

    private static SettingsForm form(String high, String low) {
        return new SettingsForm(high, low, "", "", "", "", "Europe/Berlin");
    }

    @Test
    void theFirstMessageIsVersionOneEffectiveNowAndTheJobsParserAcceptsIt() throws Exception {
        String json = form("130", "45").nextMessage("c-1", null, NOW, SettingsBounds.DEFAULT);
        CustomerSettings parsed = PARSER.parse("c-1", json);
        assertThat(parsed.version()).isEqualTo(1);
        assertThat(parsed.highBpm()).isEqualTo(130);
        assertThat(parsed.lowBpm()).isEqualTo(45);
        assertThat(parsed.timeZone().getId()).isEqualTo("Europe/Berlin");
        assertThat(parsed.effectiveAt()).isEqualTo(NOW);
    }

    @Test
    void theNextVersionKeepsWhatTheFormDoesNotShowAndEmptyFieldsGoBackToTheDefaults() throws Exception {
        String current = "{\"version\":4,\"high_bpm\":140,\"low_bpm\":42,\"profile\":\"clinical\","
                + "\"contacts\":[{\"type\":\"webhook\",\"target\":\"https://care.example/hook\"}]}";
        String json = new SettingsForm("125", "", "clinical", "", "", "", "")
                .nextMessage("c-1", current, NOW, SettingsBounds.DEFAULT);
        CustomerSettings parsed = PARSER.parse("c-1", json);
        assertThat(parsed.version()).isEqualTo(5);
        assertThat(parsed.highBpm()).isEqualTo(125);
        assertThat(parsed.lowBpm()).isNull();
        assertThat(parsed.profile()).isEqualTo(CustomerSettings.Profile.CLINICAL);
        assertThat(parsed.contacts()).hasSize(1);
        assertThat(parsed.contacts().get(0).target()).isEqualTo("https://care.example/hook");
    }

    @Test
    void whatTheJobWouldRejectIsRefusedWithItsReason() {
        assertThatThrownBy(() -> form("300", "45").nextMessage("c-1", null, NOW, SettingsBounds.DEFAULT))
                .isInstanceOfSatisfying(InvalidSettingsException.class, e -> {
                    assertThat(e.reason()).isEqualTo(SettingsRejectReason.OUT_OF_BOUNDS);
                    assertThat(e.detail()).isEqualTo("'high_bpm' 300 is outside the allowed 100-150 bpm");
                });
        assertThatThrownBy(() -> form("abc", "").nextMessage("c-1", null, NOW, SettingsBounds.DEFAULT))
                .hasMessageContaining("'high_bpm' must be a whole number, got 'abc'");
        assertThatThrownBy(() -> new SettingsForm("", "", "", "", "", "tomorrow", "")
                        .nextMessage("c-1", null, NOW, SettingsBounds.DEFAULT))
                .hasMessageContaining("'paused until' must be a UTC time");
        assertThatThrownBy(() -> new SettingsForm("", "", "", "", "", "", "Mars/Olympus")
                        .nextMessage("c-1", null, NOW, SettingsBounds.DEFAULT))
                .isInstanceOfSatisfying(
                        InvalidSettingsException.class,
                        e -> assertThat(e.reason()).isEqualTo(SettingsRejectReason.BAD_TIME_ZONE));
    }

    @Test
    void theFormStartsFromTheAppliedSettings() {
        CurrentSettings applied = new CurrentSettings(
                "c-1",
                3,
                130,
                45,
                "WEARABLE",
                600,
                null,
                Instant.parse("2026-12-10T08:00:00Z"),
                "Europe/Berlin",
                "{}",
                NOW);
        assertThat(SettingsForm.of(applied))
                .isEqualTo(
                        new SettingsForm("130", "45", "wearable", "600", "", "2026-12-10T08:00:00Z", "Europe/Berlin"));
        assertThat(SettingsForm.of(null)).isEqualTo(new SettingsForm("", "", "", "", "", "", ""));
    }
}
