package com.heartbeatmonitor.console.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An action as a person asked for it on a page, checked against the alert as it is now: the revision and severity
 * they saw (they act on the alert, every revision; the severity is kept so an escalation past it overrides them),
 * the snooze's length among the offered ones, and a note of bounded length. {@link #check} returns the row to add
 * or says why not, in words for the page.
 */
public record ActionRequest(String action, int revision, String severity, String snooze, String note) {

    /** The snooze lengths the page offers: long enough to go to the person, short enough not to forget them. */
    public static final List<Duration> SNOOZES = List.of(
            Duration.ofMinutes(15),
            Duration.ofMinutes(30),
            Duration.ofHours(1),
            Duration.ofHours(2),
            Duration.ofHours(4),
            Duration.ofHours(8),
            Duration.ofHours(24));

    /** A note is a sentence or a short paragraph, not a document. */
    public static final int MAX_NOTE_LENGTH = 1000;

    /** What to insert: everything of the alert_actions row but its id, time and actor. */
    public record Checked(ActionKind action, int revision, Severity severity, Instant snoozeUntil, String note) {}

    /** The row for {@code alert}, or the reason it cannot be taken. */
    public Result check(Alert alert, Optional<AlertAction> latest, Instant now) {
        ActionKind kind;
        try {
            kind = ActionKind.valueOf(action == null ? "" : action.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Result.refused("unknown action '" + action + "': acknowledge, snooze, resolve or reopen");
        }
        if (revision < 1 || revision > alert.revision()) {
            return Result.refused(
                    "revision " + revision + " is not a revision of this alert (1-" + alert.revision() + ")");
        }
        Severity seen;
        try {
            seen = Severity.valueOf(severity == null ? "" : severity.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Result.refused("unknown severity '" + severity + "'");
        }
        String text = note == null ? "" : note.strip();
        if (text.length() > MAX_NOTE_LENGTH) {
            return Result.refused("the note is longer than " + MAX_NOTE_LENGTH + " characters");
        }
        if (kind == ActionKind.RESOLVE && text.isEmpty()) {
            return Result.refused("resolving needs a note: what was done");
        }
        if (kind == ActionKind.REOPEN
                && latest.map(a -> a.action() == ActionKind.REOPEN).orElse(true)) {
            return Result.refused("nothing to reopen: nobody has acknowledged, snoozed or resolved this alert");
        }
        Instant until = null;
        if (kind == ActionKind.SNOOZE) {
            Optional<Duration> length = snoozeLength(snooze);
            if (length.isEmpty()) {
                return Result.refused("snooze for one of "
                        + SNOOZES.stream().map(ActionRequest::label).toList());
            }
            until = now.plus(length.get());
        }
        return Result.ok(new Checked(kind, revision, seen, until, text));
    }

    /** One of {@link #SNOOZES}, given as its ISO-8601 text (PT15M) or its label (15m); empty otherwise. */
    static Optional<Duration> snoozeLength(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return SNOOZES.stream()
                .filter(d -> d.toString().equalsIgnoreCase(text.strip()) || label(d).equalsIgnoreCase(text.strip()))
                .findFirst();
    }

    /** 15m, 1h, 24h: as the page shows a snooze length. */
    public static String label(Duration d) {
        return d.toMinutes() < 60 ? d.toMinutes() + "m" : d.toHours() + "h";
    }

    /** The checked row, or why not. */
    public record Result(Checked checked, String refusal) {
        static Result ok(Checked checked) {
            return new Result(checked, null);
        }

        static Result refused(String why) {
            return new Result(null, why);
        }

        public boolean accepted() {
            return checked != null;
        }
    }
}
