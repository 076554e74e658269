package com.heartbeatmonitor.console.web;

import com.heartbeatmonitor.console.users.Role;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/** How the pages write times and durations ({@code ${@fmt.time(t)}} in the templates): UTC, to the second. */
@Component("fmt")
public class Formats {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    public String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }

    /** "3 h 12 min", "45 s": how long since {@code t}. */
    public String since(Instant t) {
        if (t == null) {
            return "";
        }
        Duration d = Duration.between(t, Instant.now());
        if (d.isNegative()) {
            return "0 s";
        }
        if (d.toMinutes() < 1) {
            return d.toSeconds() + " s";
        }
        if (d.toHours() < 1) {
            return d.toMinutes() + " min";
        }
        return d.toHours() + " h " + d.toMinutesPart() + " min";
    }

    /** The signed-in user's highest role, "carer": the authorities hold every role below it too. */
    public String role(Authentication authentication) {
        return Arrays.stream(Role.values())
                .filter(r -> authentication.getAuthorities().stream()
                        .anyMatch(a -> a.getAuthority().equals("ROLE_" + r.name())))
                .reduce((lower, higher) -> higher)
                .map(r -> r.name().toLowerCase(Locale.ROOT))
                .orElse("no role");
    }

    public String label(Duration d) {
        return com.heartbeatmonitor.console.alerts.ActionRequest.label(d);
    }
}
