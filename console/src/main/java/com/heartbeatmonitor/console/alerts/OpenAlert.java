package com.heartbeatmonitor.console.alerts;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** An alert as the open alerts page shows it: who was paged for it, and what people did last. */
public record OpenAlert(Alert alert, List<Paging> paged, Optional<AlertAction> latestAction) {

    /** Most severe first; among equals the one going on longest first, then by customer for a stable page. */
    public static final Comparator<OpenAlert> MOST_SEVERE_FIRST = Comparator.comparing(
                    (OpenAlert a) -> a.alert().severity())
            .reversed()
            .thenComparing(a -> a.alert().startedAt())
            .thenComparing(a -> a.alert().customerId())
            .thenComparing(a -> a.alert().alertId());

    public OpenAlert {
        paged = List.copyOf(paged);
    }

    /** "unattended", or what the newest action made of it. */
    public String state(Instant now) {
        return latestAction.map(a -> a.state(now)).orElse("unattended");
    }

    /** Who was paged, one line per delivery; "nobody" when the notifier has no row for it. */
    public String pagedText() {
        return paged.isEmpty()
                ? "nobody"
                : String.join(", ", paged.stream().map(Paging::describe).toList());
    }
}
