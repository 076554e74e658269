package com.heartbeatmonitor.console.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OpenAlertTest {

    private static final Instant T = Instant.parse("2026-12-04T12:00:00Z");

    private static OpenAlert alert(String customer, Severity severity, int minutesAgo, List<Paging> paged) {
        return new OpenAlert(
                new Alert(
                        UUID.randomUUID(),
                        customer,
                        "TACHYCARDIA",
                        severity,
                        "OPEN",
                        T.minusSeconds(60L * minutesAgo),
                        T,
                        null,
                        150,
                        10,
                        1,
                        null,
                        null,
                        null),
                paged,
                Optional.empty());
    }

    @Test
    void mostSevereFirstThenTheLongestGoingOn() {
        List<OpenAlert> sorted = List.of(
                        alert("warning", Severity.WARNING, 500, List.of()),
                        alert("high-new", Severity.HIGH, 5, List.of()),
                        alert("critical", Severity.CRITICAL, 1, List.of()),
                        alert("high-old", Severity.HIGH, 50, List.of()))
                .stream()
                .sorted(OpenAlert.MOST_SEVERE_FIRST)
                .toList();
        assertThat(sorted.stream().map(a -> a.alert().customerId()))
                .containsExactly("critical", "high-old", "high-new", "warning");
    }

    @Test
    void pagedSaysWhoWasToldAndWhetherItArrived() {
        UUID id = UUID.randomUUID();
        OpenAlert a = alert(
                "c",
                Severity.HIGH,
                1,
                List.of(
                        new Paging(
                                id, 1, "webhook", "NEW", "delivered", 1, T, Instant.parse("2026-12-04T12:00:01.250Z")),
                        new Paging(
                                id,
                                1,
                                "contact-2:webhook",
                                "NEW",
                                "pending",
                                0,
                                Instant.parse("2026-12-04T12:15:00Z"),
                                null),
                        new Paging(id, 2, "slack", "ESCALATED", "pending", 3, T, null),
                        new Paging(id, 2, "contact-2:slack", "ESCALATED", "held", 0, T, null)));
        assertThat(a.pagedText())
                .isEqualTo("webhook (new r1, delivered 2026-12-04T12:00:01Z), contact-2:webhook (new r1, due"
                        + " 2026-12-04T12:15:00Z), slack (escalated r2, retrying, 3 failed), contact-2:slack (escalated"
                        + " r2, held by the care team's action)");
        assertThat(alert("c", Severity.HIGH, 1, List.of()).pagedText()).isEqualTo("nobody");
    }

    @Test
    void judgedBySaysWhoseThresholds() {
        Alert customers = new Alert(
                UUID.randomUUID(), "c", "BRADYCARDIA", Severity.HIGH, "OPEN", T, T, null, 38, 5, 1, 130, 45, 4L);
        assertThat(customers.judgedBy()).isEqualTo("high 130 / low 45 (customer settings v4)");
        Alert defaults = new Alert(
                UUID.randomUUID(), "c", "BRADYCARDIA", Severity.HIGH, "OPEN", T, T, null, 38, 5, 1, 120, 40, null);
        assertThat(defaults.judgedBy()).isEqualTo("high 120 / low 40 (deployment defaults)");
        Alert old = new Alert(
                UUID.randomUUID(), "c", "SPIKE", Severity.HIGH, "OPEN", T, T, null, 38, 5, 1, null, null, null);
        assertThat(old.judgedBy()).isEqualTo("not recorded");
    }
}
