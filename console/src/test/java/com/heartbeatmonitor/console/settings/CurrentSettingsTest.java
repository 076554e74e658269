package com.heartbeatmonitor.console.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CurrentSettingsTest {

    @Test
    void webhookAndSlackUrlsAreCutToTheirHostWhileAddressesStay() {
        String json = "{\"version\":2,\"high_bpm\":130,\"contacts\":["
                + "{\"type\":\"slack\",\"target\":\"https://hooks.slack.com/services/T000/B000/SECRET\"},"
                + "{\"type\":\"webhook\",\"target\":\"https://care.example:8443/hook?token=SECRET\"},"
                + "{\"type\":\"email\",\"target\":\"nurse@example.org\"}]}";
        CurrentSettings settings = new CurrentSettings(
                "c-1", 2, 130, null, null, null, null, null, null, json, Instant.parse("2026-12-04T12:00:00Z"));

        assertThat(settings.displayJson())
                .doesNotContain("SECRET")
                .contains("\"target\":\"https://hooks.slack.com/…\"")
                .contains("\"target\":\"https://care.example:8443/…\"")
                .contains("\"target\":\"nurse@example.org\"")
                .contains("\"high_bpm\":130");
    }
}
