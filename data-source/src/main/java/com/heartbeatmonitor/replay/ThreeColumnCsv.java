package com.heartbeatmonitor.replay;

import com.heartbeatmonitor.generator.Activity;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * The shape the Fitbit export and the plain CSV share: a person, a time and a heart rate per line, an
 * optional header line. Each format brings its own header test, time parser and column names; every
 * line that does not parse is reported with its number and skipped. A format may allow a fourth column,
 * the activity ({@code rest}, {@code active}, {@code sleep}; empty: unknown).
 */
final class ThreeColumnCsv {

    /** Parses a time field (quotes already removed); throws IllegalArgumentException or DateTimeException. */
    interface TimeParser {
        Instant parse(String text);
    }

    private final String columns;
    private final Predicate<String[]> isHeader;
    private final TimeParser time;
    private final boolean activityColumn;

    /**
     * {@code columns} names the three columns for messages, e.g. {@code "Id,Time,Value"};
     * {@code activityColumn} allows a fourth, {@code activity}.
     */
    ThreeColumnCsv(String columns, Predicate<String[]> isHeader, TimeParser time, boolean activityColumn) {
        this.columns = columns;
        this.isHeader = isHeader;
        this.time = time;
        this.activityColumn = activityColumn;
    }

    void read(Path file, RecordingSink sink) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long number = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if (number == 1) {
                    line = RecordingFormat.stripBom(line);
                }
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",", -1);
                if (number == 1 && isHeader.test(fields)) {
                    continue;
                }
                if (fields.length != 3 && !(activityColumn && fields.length == 4)) {
                    sink.problem(
                            file,
                            number,
                            "expected 3 fields " + columns + (activityColumn ? " (and optionally activity)" : "")
                                    + ", found " + fields.length);
                    continue;
                }
                try {
                    String person = HeartRates.unquote(fields[0]);
                    if (person.isEmpty()) {
                        throw new IllegalArgumentException("empty " + columns.substring(0, columns.indexOf(',')));
                    }
                    sink.reading(
                            person,
                            time.parse(HeartRates.unquote(fields[1])),
                            HeartRates.round(HeartRates.unquote(fields[2])),
                            fields.length == 4 ? Activity.parse(HeartRates.unquote(fields[3])) : null);
                } catch (IllegalArgumentException | DateTimeException e) {
                    sink.problem(file, number, e.getMessage());
                }
            }
        }
    }
}
