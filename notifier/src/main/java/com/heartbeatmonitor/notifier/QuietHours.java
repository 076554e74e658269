package com.heartbeatmonitor.notifier;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * When a WARNING notice (a device problem such as SIGNAL_LOST) may be sent: not in the night of the customer's time
 * zone (their settings' time_zone, else the deployment's). A notice raised from {@code nightFrom} until
 * {@code morning} waits for the morning; one raised in the daytime goes at once. As Withings sends night-time
 * findings to the app rather than the wrist: a lost signal at 3 a.m. is a device to look at after breakfast, not
 * a reason to wake a carer.
 */
public record QuietHours(LocalTime nightFrom, LocalTime morning, ZoneId deploymentZone) {

    public QuietHours {
        if (nightFrom.equals(morning)) {
            throw new IllegalArgumentException("the night must not be empty: " + nightFrom + "-" + morning);
        }
    }

    /** When a notice raised at {@code now} is sent: {@code now} in the daytime, else the next morning. */
    public Instant deliverAt(Instant now, ZoneId customerZone) {
        ZonedDateTime local = now.atZone(customerZone == null ? deploymentZone : customerZone);
        LocalTime time = local.toLocalTime();
        boolean night = nightFrom.isAfter(morning)
                ? !time.isBefore(nightFrom) || time.isBefore(morning) // e.g. 22:00-08:00, across midnight
                : !time.isBefore(nightFrom) && time.isBefore(morning); // e.g. 00:00-07:00
        if (!night) {
            return now;
        }
        ZonedDateTime morningToday = local.with(morning);
        // at 23:00 the morning is tomorrow's; at 03:00 it is today's. with() resolves a DST gap forwards.
        return (morningToday.isAfter(local) ? morningToday : local.plusDays(1).with(morning)).toInstant();
    }
}
