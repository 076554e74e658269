package com.heartbeatmonitor.replay;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a replay puts the recording in time. The whole recording moves by one shift, so every interval
 * between readings stays as recorded. Whatever the alignment, each message's Kafka record time is its reading's
 * shifted time ({@link ReplayMessages#recordTime}): the job's event-age check holds for a recording of any length.
 */
public enum Alignment {
    /** The last reading at "now": the readings lie in the past, the newest one now. */
    END_NOW,
    /** The first reading at "now": with a realtime speed the readings arrive as they were recorded. */
    START_NOW,
    /** Recorded times as they are. */
    NONE;

    /** How far to move every reading of {@code recording} when "now" is {@code now}; whole milliseconds. */
    public Duration shift(Recording recording, Instant now) {
        Instant anchor = now.truncatedTo(ChronoUnit.MILLIS);
        return switch (this) {
            case END_NOW ->
                recording.end().map(end -> Duration.between(end, anchor)).orElse(Duration.ZERO);
            case START_NOW ->
                recording.start().map(start -> Duration.between(start, anchor)).orElse(Duration.ZERO);
            case NONE -> Duration.ZERO;
        };
    }

    /**
     * Each person's own shift when each is aligned on their own: every person's recording ends (or starts)
     * at {@code now}. For sets of sessions recorded on different days, e.g. Stress-Predict (a month).
     */
    public Map<String, Duration> shiftPerPerson(Recording recording, Instant now) {
        Instant anchor = now.truncatedTo(ChronoUnit.MILLIS);
        Map<String, Duration> shifts = new TreeMap<>();
        recording.byPerson().forEach((person, readings) -> {
            if (!readings.isEmpty()) {
                shifts.put(
                        person,
                        switch (this) {
                            case END_NOW ->
                                Duration.between(
                                        readings.get(readings.size() - 1).time(), anchor);
                            case START_NOW -> Duration.between(readings.get(0).time(), anchor);
                            case NONE -> Duration.ZERO;
                        });
            }
        });
        return shifts;
    }

    /** {@code end-now}, {@code start-now} or {@code none}. */
    public static Alignment parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not an alignment: use end-now, start-now or none");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
