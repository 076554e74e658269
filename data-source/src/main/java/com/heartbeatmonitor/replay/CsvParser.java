package com.heartbeatmonitor.replay;

import java.io.IOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * Plain CSV {@code customer_id,timestamp,heart_rate}, optionally with a fourth column {@code activity}
 * ({@code rest}, {@code active} or {@code sleep}; an empty cell or no column: unknown; anything else
 * is a problem of that line). The first line is a header when its heart rate is not a number. The
 * timestamp is Unix epoch milliseconds (digits only) or ISO-8601: with {@code Z} or an offset, or
 * local to {@code zone} without one. Times are truncated to the millisecond.
 */
final class CsvParser {

    private final ZoneId zone;

    CsvParser(ZoneId zone) {
        this.zone = zone;
    }

    void read(Path file, RecordingSink sink) throws IOException {
        new ThreeColumnCsv("customer_id,timestamp,heart_rate", CsvParser::isHeader, this::parseTime, true)
                .read(file, sink);
    }

    private static boolean isHeader(String[] fields) {
        if (fields.length != 3 && fields.length != 4) {
            return false;
        }
        try {
            Double.parseDouble(HeartRates.unquote(fields[2]));
            return false;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    Instant parseTime(String text) {
        if (!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            try {
                return Instant.ofEpochMilli(Long.parseLong(text));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("timestamp '" + text + "' is too large for epoch milliseconds");
            }
        }
        try {
            Instant time;
            if (text.endsWith("Z") || text.endsWith("z")) {
                time = Instant.parse(text.substring(0, text.length() - 1) + "Z");
            } else if (hasOffset(text)) {
                time = OffsetDateTime.parse(text).toInstant();
            } else {
                time = LocalDateTime.parse(text).atZone(zone).toInstant();
            }
            return time.truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(
                    "timestamp '" + text + "' is neither ISO-8601 (2026-11-21T10:15:30Z) nor epoch milliseconds");
        }
    }

    /** An offset such as {@code +02:00} or {@code -0500} after the time part. */
    private static boolean hasOffset(String text) {
        int t = text.indexOf('T');
        return t >= 0 && (text.indexOf('+', t) >= 0 || text.indexOf('-', t) >= 0);
    }
}
