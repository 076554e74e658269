package com.heartbeatmonitor.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.heartbeatmonitor.notifier.EscalationPolicy.Decision;
import com.heartbeatmonitor.notifier.EscalationPolicy.Latest;
import com.heartbeatmonitor.notifier.EscalationPolicy.Row;
import com.heartbeatmonitor.notifier.EscalationPolicy.Verdict;
import com.heartbeatmonitor.notifier.Notification.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The escalation rules of docs/operations/notifications.md, one per test, with the time passed in. */
class EscalationPolicyTest {

    private static final Instant NOW = Instant.parse("2026-12-04T16:00:00Z");
    private static final EscalationPolicy POLICY = new EscalationPolicy(Duration.ofMinutes(5), Duration.ofMinutes(15));
    private static final Row CRITICAL_STEP_1 = new Row(Kind.NEW, 1, 1, "CRITICAL");
    private static final Row HIGH_STEP_1 = new Row(Kind.NEW, 1, 1, "HIGH");
    private static final Latest OPEN_1 = new Latest(1, "OPEN");

    private static Optional<AlertAction> action(AlertAction.Type type, String severity, Instant snoozeUntil) {
        return Optional.of(new AlertAction(7, type, severity, snoozeUntil, "ana", NOW.minusSeconds(60)));
    }

    private static Decision decide(Row row, Latest latest, Optional<AlertAction> action) {
        return POLICY.decide(row, latest, action, NOW);
    }

    @Test
    void anUnacknowledgedEscalationIsSent() {
        assertThat(decide(CRITICAL_STEP_1, OPEN_1, Optional.empty()).verdict()).isEqualTo(Verdict.DELIVER);
    }

    @Test
    void anAcknowledgementOrResolutionHoldsItByThatAction() {
        for (AlertAction.Type type : List.of(AlertAction.Type.ACKNOWLEDGE, AlertAction.Type.RESOLVE)) {
            Decision d = decide(CRITICAL_STEP_1, OPEN_1, action(type, "CRITICAL", null));
            assertThat(d.verdict()).isEqualTo(Verdict.HOLD);
            assertThat(d.actionId()).isEqualTo(7);
            assertThat(d.reason()).contains("by ana");
        }
    }

    @Test
    void aReopenLetsItGoAgain() {
        assertThat(decide(CRITICAL_STEP_1, OPEN_1, action(AlertAction.Type.REOPEN, "CRITICAL", null))
                        .verdict())
                .isEqualTo(Verdict.DELIVER);
    }

    @Test
    void aSnoozePostponesItUntilItsEndAndNotLonger() {
        Instant until = NOW.plus(Duration.ofMinutes(30));
        Decision snoozed = decide(HIGH_STEP_1, OPEN_1, action(AlertAction.Type.SNOOZE, "HIGH", until));
        assertThat(snoozed.verdict()).isEqualTo(Verdict.POSTPONE);
        assertThat(snoozed.until()).isEqualTo(until);

        assertThat(decide(HIGH_STEP_1, OPEN_1, action(AlertAction.Type.SNOOZE, "HIGH", NOW))
                        .verdict())
                .as("the snooze is over")
                .isEqualTo(Verdict.DELIVER);
    }

    @Test
    void anEscalationPastTheSeverityActedOnOverridesASnoozeOrAnAcknowledgement() {
        Row critical = new Row(Kind.ESCALATED, 1, 2, "CRITICAL");
        Latest open2 = new Latest(2, "OPEN");
        assertThat(decide(critical, open2, action(AlertAction.Type.ACKNOWLEDGE, "HIGH", null))
                        .verdict())
                .isEqualTo(Verdict.DELIVER);
        assertThat(decide(critical, open2, action(AlertAction.Type.SNOOZE, "HIGH", NOW.plusSeconds(3600)))
                        .verdict())
                .isEqualTo(Verdict.DELIVER);
    }

    @Test
    void anOlderRevisionsEscalationIsCancelledByANewerOneOrTheEnd() {
        assertThat(decide(HIGH_STEP_1, new Latest(2, "OPEN"), Optional.empty()))
                .satisfies(d -> assertThat(d.verdict()).isEqualTo(Verdict.CANCEL))
                .satisfies(d -> assertThat(d.reason()).contains("superseded by revision 2"));
        assertThat(decide(HIGH_STEP_1, new Latest(2, "CLOSED"), Optional.empty()))
                .satisfies(d -> assertThat(d.verdict()).isEqualTo(Verdict.CANCEL))
                .satisfies(d -> assertThat(d.reason()).contains("ended (CLOSED)"));
    }

    @Test
    void theFirstPageAndTheAllClearAreNeverHeldBack() {
        Optional<AlertAction> ack = action(AlertAction.Type.ACKNOWLEDGE, "CRITICAL", null);
        assertThat(decide(new Row(Kind.NEW, 0, 1, "CRITICAL"), new Latest(2, "CLOSED"), ack)
                        .verdict())
                .isEqualTo(Verdict.DELIVER);
        assertThat(decide(new Row(Kind.ALL_CLEAR, 1, 2, "CRITICAL"), new Latest(2, "CLOSED"), ack)
                        .verdict())
                .isEqualTo(Verdict.DELIVER);
    }

    @Test
    void aMorningNoticeOfAnAlertThatEndedInTheNightIsCancelled() {
        Row notice = new Row(Kind.NOTICE, 0, 1, "WARNING");
        assertThat(decide(notice, new Latest(1, "OPEN"), Optional.empty()).verdict())
                .isEqualTo(Verdict.DELIVER);
        assertThat(decide(notice, new Latest(2, "CLOSED"), Optional.empty()).verdict())
                .isEqualTo(Verdict.CANCEL);
    }

    @Test
    void delaysAreTheCustomersElseTheDeployments() throws Exception {
        CustomerPlan none = CustomerPlan.of(null, List.of());
        CustomerPlan own = CustomerPlan.of(
                new ObjectMapper()
                        .readTree("{\"version\":1,\"escalate_critical_after_minutes\":2,"
                                + "\"escalate_high_after_minutes\":30}"),
                List.of());

        assertThat(POLICY.escalateAfter("CRITICAL", none)).contains(Duration.ofMinutes(5));
        assertThat(POLICY.escalateAfter("HIGH", none)).contains(Duration.ofMinutes(15));
        assertThat(POLICY.escalateAfter("CRITICAL", own)).contains(Duration.ofMinutes(2));
        assertThat(POLICY.escalateAfter("HIGH", own)).contains(Duration.ofMinutes(30));
        assertThat(POLICY.escalateAfter("WARNING", own)).isEmpty();
    }
}
