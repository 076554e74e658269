package com.heartbeatmonitor.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlannerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<ContactPoint> DEPLOYMENT = List.of(
            new ContactPoint(
                    "webhook", ContactPoint.Type.WEBHOOK, URI.create("https://ops.example/hook"), Optional.empty()),
            new ContactPoint(
                    "slack", ContactPoint.Type.SLACK, URI.create("https://hooks.slack.com/x"), Optional.empty()));
    private static final Planner PLANNER = new Planner(
            new EscalationPolicy(Duration.ofMinutes(5), Duration.ofMinutes(15)),
            new QuietHours(LocalTime.of(22, 0), LocalTime.of(8, 0), ZoneId.of("UTC")));
    private static final Instant AFTERNOON = Instant.parse("2026-12-04T15:00:00Z");

    private static CustomerPlan withContacts() throws Exception {
        return CustomerPlan.of(
                JSON.readTree("{\"version\":2,\"time_zone\":\"Asia/Tokyo\",\"contacts\":["
                        + "{\"type\":\"webhook\",\"target\":\"https://mum.example/hook\"},"
                        + "{\"type\":\"SLACK\",\"target\":\"https://hooks.slack.com/carer\"},"
                        + "{\"type\":\"email\",\"target\":\"gp@example.org\"}]}"),
                DEPLOYMENT);
    }

    @Test
    void aCustomerWithoutContactsIsPagedThroughTheDeploymentsContactPointsWithNoEscalation() {
        List<Planner.Planned> rows = PLANNER.plan(
                NotificationTest.revision("CRITICAL", "OPEN", 1), CustomerPlan.of(null, DEPLOYMENT), AFTERNOON);

        assertThat(rows)
                .extracting(
                        p -> p.recipient().contactPoint(), p -> p.notification().step(), Planner.Planned::delay)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("webhook", 0, Duration.ZERO),
                        org.assertj.core.groups.Tuple.tuple("slack", 0, Duration.ZERO));
    }

    @Test
    void eachContactIsAStepDueAfterThatManyDelaysOfTheSeverity() throws Exception {
        List<Planner.Planned> rows =
                PLANNER.plan(NotificationTest.revision("HIGH", "OPEN", 1), withContacts(), AFTERNOON);

        assertThat(rows)
                .extracting(
                        p -> p.recipient().contactPoint(), p -> p.notification().step(), Planner.Planned::delay)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("contact-1:webhook", 0, Duration.ZERO),
                        org.assertj.core.groups.Tuple.tuple("contact-2:slack", 1, Duration.ofMinutes(15)),
                        org.assertj.core.groups.Tuple.tuple("contact-3:email", 2, Duration.ofMinutes(30)));
        assertThat(rows.get(1).recipient().target()).isEqualTo("https://hooks.slack.com/carer");
        assertThat(rows.get(1).notification().idempotencyKey()).isEqualTo(NotificationTest.ID + ":1:1");
    }

    @Test
    void aWarningGoesToTheFirstContactInTheCustomersDaytime() throws Exception {
        // 15:00 UTC is midnight in Tokyo: the notice waits for 08:00 there, 23:00 UTC.
        List<Planner.Planned> rows =
                PLANNER.plan(NotificationTest.revision("WARNING", "OPEN", 1), withContacts(), AFTERNOON);

        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).notification().kind()).isEqualTo(Notification.Kind.NOTICE);
        assertThat(rows.get(0).recipient().contactPoint()).isEqualTo("contact-1:webhook");
        assertThat(rows.get(0).delay()).isEqualTo(Duration.ofHours(8));
    }

    @Test
    void anEndIsNotPlannedHereButAsTheAllClearOfThosePaged() throws Exception {
        assertThat(PLANNER.plan(NotificationTest.revision("CRITICAL", "CLOSED", 3), withContacts(), AFTERNOON))
                .isEmpty();
        assertThat(Notification.ends(NotificationTest.revision("CRITICAL", "EXPIRED", 3)))
                .isTrue();
    }
}
