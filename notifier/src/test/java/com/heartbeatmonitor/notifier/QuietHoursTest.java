package com.heartbeatmonitor.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class QuietHoursTest {

    private static final QuietHours NIGHT =
            new QuietHours(LocalTime.of(22, 0), LocalTime.of(8, 0), ZoneId.of("Europe/Berlin"));

    @Test
    void inTheDaytimeANoticeGoesAtOnce() {
        Instant noon = Instant.parse("2026-12-04T11:00:00Z");
        assertThat(NIGHT.deliverAt(noon, null)).isEqualTo(noon);
    }

    @Test
    void beforeAndAfterMidnightItWaitsForTheMorningInTheDeploymentsZone() {
        // 23:30 and 03:00 in Berlin (UTC+1 in December): the next 08:00 Berlin is 07:00 UTC.
        assertThat(NIGHT.deliverAt(Instant.parse("2026-12-04T22:30:00Z"), null))
                .isEqualTo(Instant.parse("2026-12-05T07:00:00Z"));
        assertThat(NIGHT.deliverAt(Instant.parse("2026-12-05T02:00:00Z"), null))
                .isEqualTo(Instant.parse("2026-12-05T07:00:00Z"));
    }

    @Test
    void theCustomersZoneWins() {
        // 11:00 UTC is 20:00 in Tokyo (daytime) and 03:00 in Los Angeles (night: until 08:00 there, 16:00 UTC).
        Instant at = Instant.parse("2026-12-04T11:00:00Z");
        assertThat(NIGHT.deliverAt(at, ZoneId.of("Asia/Tokyo"))).isEqualTo(at);
        assertThat(NIGHT.deliverAt(at, ZoneId.of("America/Los_Angeles")))
                .isEqualTo(Instant.parse("2026-12-04T16:00:00Z"));
    }

    @Test
    void aNightWithinOneDayWorksToo() {
        QuietHours early = new QuietHours(LocalTime.of(0, 0), LocalTime.of(7, 0), ZoneId.of("UTC"));
        assertThat(early.deliverAt(Instant.parse("2026-12-04T03:00:00Z"), null))
                .isEqualTo(Instant.parse("2026-12-04T07:00:00Z"));
        assertThat(early.deliverAt(Instant.parse("2026-12-04T23:00:00Z"), null))
                .isEqualTo(Instant.parse("2026-12-04T23:00:00Z"));
    }

    @Test
    void anEmptyNightIsRefused() {
        assertThatThrownBy(() -> new QuietHours(LocalTime.of(8, 0), LocalTime.of(8, 0), ZoneId.of("UTC")))
                .hasMessageContaining("must not be empty");
    }
}
