package com.heartbeatmonitor.console.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ActionRequestTest {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private static final Alert ALERT = new Alert(
            UUID.randomUUID(),
            "c-1",
            "TACHYCARDIA",
            Severity.CRITICAL,
            "OPEN",
            NOW.minusSeconds(600),
            NOW.minusSeconds(570),
            null,
            180,
            60,
            3,
            120,
            45,
            null);

    private static ActionRequest.Result check(String action, int revision, String snooze, String note) {
        return new ActionRequest(action, revision, "HIGH", snooze, note).check(ALERT, Optional.empty(), NOW);
    }

    @Test
    void anActionOnAnOlderRevisionIsTakenWithTheRevisionAndSeverityThePersonSaw() {
        ActionRequest.Result result = check("acknowledge", 1, null, "  calling her  ");
        assertThat(result.accepted()).isTrue();
        assertThat(result.checked())
                .isEqualTo(new ActionRequest.Checked(ActionKind.ACKNOWLEDGE, 1, Severity.HIGH, null, "calling her"));
    }

    @Test
    void aSnoozeEndsAfterOneOfTheOfferedLengths() {
        assertThat(check("SNOOZE", 3, "PT30M", "").checked().snoozeUntil()).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
        assertThat(check("SNOOZE", 3, "24h", "").checked().snoozeUntil()).isEqualTo(NOW.plus(Duration.ofHours(24)));
        assertThat(check("SNOOZE", 3, "PT25H", "").refusal()).startsWith("snooze for one of [15m, 30m, 1h");
        assertThat(check("SNOOZE", 3, null, "").accepted()).isFalse();
    }

    @Test
    void refusalsSayWhy() {
        assertThat(check("delete", 3, null, "").refusal())
                .isEqualTo("unknown action 'delete': acknowledge, snooze, resolve or reopen");
        assertThat(check("ACKNOWLEDGE", 4, null, "").refusal())
                .isEqualTo("revision 4 is not a revision of this alert (1-3)");
        assertThat(check("ACKNOWLEDGE", 0, null, "").accepted()).isFalse();
        assertThat(check("RESOLVE", 3, null, " ").refusal()).isEqualTo("resolving needs a note: what was done");
        assertThat(check("ACKNOWLEDGE", 3, null, "x".repeat(1001)).refusal())
                .isEqualTo("the note is longer than 1000 characters");
        assertThat(check("ACKNOWLEDGE", 3, null, "x".repeat(1000)).accepted()).isTrue();
        assertThat(new ActionRequest("ACKNOWLEDGE", 3, "SEVERE", null, "")
                        .check(ALERT, Optional.empty(), NOW)
                        .refusal())
                .isEqualTo("unknown severity 'SEVERE'");
    }

    @Test
    void onlyAnAttendedAlertCanBeReopened() {
        assertThat(check("REOPEN", 3, null, "").refusal()).startsWith("nothing to reopen");
        AlertAction acknowledged =
                new AlertAction(1, ALERT.alertId(), 3, Severity.CRITICAL, ActionKind.ACKNOWLEDGE, null, "ann", "", NOW);
        assertThat(new ActionRequest("REOPEN", 3, "CRITICAL", null, "not me")
                        .check(ALERT, Optional.of(acknowledged), NOW)
                        .accepted())
                .isTrue();
        AlertAction reopened =
                new AlertAction(2, ALERT.alertId(), 3, Severity.CRITICAL, ActionKind.REOPEN, null, "ann", "", NOW);
        assertThat(new ActionRequest("REOPEN", 3, "CRITICAL", null, "")
                        .check(ALERT, Optional.of(reopened), NOW)
                        .accepted())
                .isFalse();
    }

    @Test
    void theStateSaysWhoHasItAndWhenASnoozeEnds() {
        AlertAction snoozed = new AlertAction(
                1, ALERT.alertId(), 3, Severity.CRITICAL, ActionKind.SNOOZE, NOW.plusSeconds(60), "bob", "", NOW);
        assertThat(snoozed.state(NOW)).isEqualTo("snoozed by bob until 2026-12-04T12:01:00Z");
        assertThat(snoozed.state(NOW.plusSeconds(61))).isEqualTo("snooze of bob ended");
        assertThat(new OpenAlert(ALERT, java.util.List.of(), Optional.empty()).state(NOW))
                .isEqualTo("unattended");
    }
}
