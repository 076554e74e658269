package com.heartbeatmonitor.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NotificationTest {

    static final String ID = "4a1f2b3c-0000-3000-8000-000000000042";

    /** The job's JSON for one revision (AlertKafkaSink), with the fields that vary here. */
    static byte[] json(String type, String severity, String status, int revision, Integer peak) {
        return String.format(
                        "{\"alert_id\":\"%s\",\"customer_id\":\"customer-00042\",\"type\":\"%s\",\"severity\":\"%s\","
                                + "\"status\":\"%s\",\"started_at\":\"2026-11-21T10:15:30Z\","
                                + "\"detected_at\":\"2026-11-21T10:25:30Z\",\"ended_at\":%s,\"peak_bpm\":%s,"
                                + "\"readings\":601,\"revision\":%d}",
                        ID,
                        type,
                        severity,
                        status,
                        status.equals("OPEN") ? "null" : "\"2026-11-21T11:00:00Z\"",
                        peak,
                        revision)
                .getBytes(StandardCharsets.UTF_8);
    }

    static AlertRevision revision(String severity, String status, int revision) {
        return AlertRevision.parse(json("TACHYCARDIA", severity, status, revision, 131));
    }

    @Test
    void theFirstRevisionAtHighOrCriticalIsNew() {
        assertThat(Notification.of(revision("HIGH", "OPEN", 1)))
                .hasValueSatisfying(n -> assertThat(n.kind()).isEqualTo(Notification.Kind.NEW));
        assertThat(Notification.of(revision("CRITICAL", "OPEN", 1)))
                .hasValueSatisfying(n -> assertThat(n.kind()).isEqualTo(Notification.Kind.NEW));
    }

    @Test
    void aLaterOpenRevisionIsAnEscalation() {
        // The job emits an OPEN revision after the first only when the severity rose (HIGH -> CRITICAL).
        assertThat(Notification.of(revision("CRITICAL", "OPEN", 2))).hasValueSatisfying(n -> {
            assertThat(n.kind()).isEqualTo(Notification.Kind.ESCALATED);
            assertThat(n.idempotencyKey()).isEqualTo(ID + ":2");
        });
    }

    @Test
    void aWarningIsANoticeAndTheEndOfAnAlertIsNotNotifiedAsItIs() {
        assertThat(Notification.of(AlertRevision.parse(json("SIGNAL_LOST", "WARNING", "OPEN", 1, null))))
                .hasValueSatisfying(n -> assertThat(n.kind()).isEqualTo(Notification.Kind.NOTICE));
        // The end is the all clear of those paged (Ledger), not a notification of its own.
        assertThat(Notification.ends(revision("CRITICAL", "CLOSED", 3))).isTrue();
        assertThat(Notification.ends(revision("HIGH", "OPEN", 2))).isFalse();
        assertThat(Notification.ends(revision("HIGH", "ACKNOWLEDGED", 2))).isFalse();
        assertThat(Notification.of(revision("CRITICAL", "CLOSED", 3))).isEmpty();
        assertThat(Notification.of(revision("HIGH", "CLOSED", 2))).isEmpty();
        assertThat(Notification.of(AlertRevision.parse(json("SIGNAL_LOST", "WARNING", "EXPIRED", 2, null))))
                .isEmpty();
        // A severity or status a newer job might add is not guessed at.
        assertThat(Notification.of(revision("SEVERE", "OPEN", 1))).isEmpty();
        assertThat(Notification.of(revision("HIGH", "ACKNOWLEDGED", 2))).isEmpty();
    }

    @Test
    void theSameRevisionAlwaysGivesTheSameDecisionAndKey() {
        byte[] message = json("BRADYCARDIA", "HIGH", "OPEN", 1, 38);
        assertThat(Notification.of(AlertRevision.parse(message)))
                .isEqualTo(Notification.of(AlertRevision.parse(message.clone())));
    }

    @Test
    void parsingKeepsTheTopicsFieldsAndRefusesWhatIsNotAnAlert() throws Exception {
        byte[] message = json("TACHYCARDIA", "HIGH", "OPEN", 1, 131);
        AlertRevision alert = AlertRevision.parse(message);
        ObjectMapper mapper = new ObjectMapper();
        assertThat(alert.toJson()).isEqualTo(mapper.readTree(message));
        assertThat(AlertRevision.parse(json("SIGNAL_LOST", "WARNING", "OPEN", 1, null))
                        .peakBpm())
                .isNull();

        assertThatThrownBy(() -> AlertRevision.parse("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AlertRevision.parse("[1]".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> AlertRevision.parse(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AlertRevision.parse(new String(message, StandardCharsets.UTF_8)
                        .replace(ID, "not-a-uuid")
                        .getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("alert_id is not a UUID");
        assertThatThrownBy(() -> AlertRevision.parse(new String(message, StandardCharsets.UTF_8)
                        .replace("\"revision\":1", "\"revision\":0")
                        .getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("revision");
        assertThatThrownBy(() -> AlertRevision.parse(new String(message, StandardCharsets.UTF_8)
                        .replace("\"severity\":\"HIGH\",", "")
                        .getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("severity is missing");
    }
}
