package com.heartbeatmonitor.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PayloadsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Notification notification(String severity, int revision) {
        return Notification.of(NotificationTest.revision(severity, "OPEN", revision))
                .orElseThrow();
    }

    @Test
    void theTextSaysWhatHappenedToWhomAndWhen() {
        assertThat(Payloads.text(notification("HIGH", 1)))
                .isEqualTo("New HIGH alert: TACHYCARDIA of customer-00042, peak 131 bpm, since 2026-11-21T10:15:30Z,"
                        + " detected 2026-11-21T10:25:30Z (alert " + NotificationTest.ID + ", revision 1)");
        assertThat(Payloads.text(notification("CRITICAL", 2)))
                .startsWith("Alert escalated to CRITICAL: TACHYCARDIA of customer-00042, peak 131 bpm");
    }

    @Test
    void anEmailSubjectHasTheSeverityTheTextsHeadlineAndTheKind() {
        assertThat(Payloads.subject(notification("CRITICAL", 1)))
                .isEqualTo("[CRITICAL] TACHYCARDIA of customer-00042 (new)");
        assertThat(Payloads.subject(notification("CRITICAL", 2)))
                .isEqualTo("[CRITICAL] TACHYCARDIA of customer-00042 (escalated)");
        assertThat(Payloads.subject(notification("HIGH", 1).atStep(2)))
                .isEqualTo("[HIGH] TACHYCARDIA of customer-00042 (new, not acknowledged: escalation step 2)");
        assertThat(Payloads.subject(notification("WARNING", 1)))
                .isEqualTo("[WARNING] TACHYCARDIA of customer-00042 (device notice)");
        assertThat(Payloads.subject(new Notification(
                        Notification.Kind.ALL_CLEAR, NotificationTest.revision("CRITICAL", "CLOSED", 3))))
                .isEqualTo("[CRITICAL] TACHYCARDIA of customer-00042 (all clear)");
        Notification allClearToSecond = new Notification(
                        Notification.Kind.ALL_CLEAR, NotificationTest.revision("CRITICAL", "CLOSED", 3))
                .atStep(1);
        assertThat(Payloads.subject(allClearToSecond))
                .as("an all clear to a contact paged by escalation is no escalation itself")
                .isEqualTo("[CRITICAL] TACHYCARDIA of customer-00042 (all clear)");
        assertThat(Payloads.text(allClearToSecond)).startsWith("All clear");
        assertThat(Payloads.subject(new Notification(
                        Notification.Kind.ALL_CLEAR, NotificationTest.revision("CRITICAL", "EXPIRED", 3))))
                .isEqualTo("[CRITICAL] TACHYCARDIA of customer-00042 (ended, no readings)");
    }

    @Test
    void anEmailBodyIsTheTextAndTheIdempotencyKey() {
        Notification n = notification("CRITICAL", 2).atStep(1);
        assertThat(Payloads.emailBody(n))
                .startsWith(Payloads.text(n) + "\n\n")
                .contains("Idempotency key: " + NotificationTest.ID + ":2:1\n");
    }

    @Test
    void theWebhookGetsTheKeyTheKindTheTextAndTheRevisionAsPublished() throws Exception {
        Notification n = notification("CRITICAL", 2);
        JsonNode body = JSON.readTree(Payloads.webhook(n));
        assertThat(body.get("idempotency_key").asText()).isEqualTo(NotificationTest.ID + ":2");
        assertThat(body.get("kind").asText()).isEqualTo("ESCALATED");
        assertThat(body.get("text").asText()).isEqualTo(Payloads.text(n));
        assertThat(body.get("alert"))
                .isEqualTo(JSON.readTree(NotificationTest.json("TACHYCARDIA", "CRITICAL", "OPEN", 2, 131)));
        assertThat(body.get("alert").get("ended_at").isNull()).isTrue();
    }

    @Test
    void slackGetsOnlyTextEscapedAsSlackRequires() throws Exception {
        JsonNode body = JSON.readTree(Payloads.slack(notification("HIGH", 1)));
        assertThat(body.size()).isEqualTo(1);
        assertThat(body.get("text").asText()).isEqualTo(Payloads.text(notification("HIGH", 1)));
        assertThat(Payloads.slackEscape("<!channel> & <https://x|y>"))
                .isEqualTo("&lt;!channel&gt; &amp; &lt;https://x|y&gt;");
    }

    @Test
    void aContactPointPicksItsBodyAndNeverShowsItsUrl() throws Exception {
        Notification n = notification("HIGH", 1);
        ContactPoint slack = new ContactPoint(
                "slack",
                ContactPoint.Type.SLACK,
                URI.create("https://hooks.slack.com/services/T0/B0/secret"),
                Optional.empty());
        ContactPoint webhook = new ContactPoint(
                "webhook", ContactPoint.Type.WEBHOOK, URI.create("https://pager.example/hook"), Optional.of("tok"));
        assertThat(JSON.readTree(slack.body(n)).has("kind")).isFalse();
        assertThat(JSON.readTree(webhook.body(n)).get("kind").asText()).isEqualTo("NEW");
        assertThat(slack.toString()).isEqualTo("slack (slack)").doesNotContain("secret");
        assertThat(webhook.toString()).doesNotContain("tok").doesNotContain("pager.example");
    }
}
