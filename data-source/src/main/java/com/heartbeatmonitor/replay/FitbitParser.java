package com.heartbeatmonitor.replay;

import java.io.IOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * Fitbit per-second export: {@code Id,Time,Value}, e.g. {@code 2022484408,4/12/2016 7:21:00 AM,97}.
 * Times are US-style month/day/year with a 12-hour clock ({@code 12:xx AM} is just after midnight,
 * {@code 12:xx PM} just after noon); a 24-hour time without AM/PM is read too. They are local to
 * {@code zone}; in a daylight-saving overlap the earlier offset is taken.
 */
final class FitbitParser {

    private final ZoneId zone;

    FitbitParser(ZoneId zone) {
        this.zone = zone;
    }

    void read(Path file, RecordingSink sink) throws IOException {
        new ThreeColumnCsv(
                        "Id,Time,Value",
                        fields -> String.join(",", fields).replace(" ", "").equalsIgnoreCase("Id,Time,Value"),
                        text -> parseTime(text).atZone(zone).toInstant(),
                        false)
                .read(file, sink);
    }

    /** {@code 4/12/2016 7:21:00 AM}; seconds optional; without AM/PM a 24-hour clock. */
    static LocalDateTime parseTime(String text) {
        String[] parts = text.trim().split("\\s+");
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("time '" + text + "' is not like 4/12/2016 7:21:00 AM");
        }
        String[] date = parts[0].split("/");
        String[] clock = parts[1].split(":");
        if (date.length != 3 || clock.length < 2 || clock.length > 3) {
            throw new IllegalArgumentException("time '" + text + "' is not like 4/12/2016 7:21:00 AM");
        }
        try {
            int month = Integer.parseInt(date[0]);
            int day = Integer.parseInt(date[1]);
            int year = Integer.parseInt(date[2]);
            int hour = Integer.parseInt(clock[0]);
            int minute = Integer.parseInt(clock[1]);
            int second = clock.length == 3 ? Integer.parseInt(clock[2]) : 0;
            if (parts.length == 3) {
                String half = parts[2];
                if (hour < 1 || hour > 12) {
                    throw new IllegalArgumentException("time '" + text + "': hour " + hour + " on a 12-hour clock");
                }
                if (half.equalsIgnoreCase("AM")) {
                    hour = hour == 12 ? 0 : hour;
                } else if (half.equalsIgnoreCase("PM")) {
                    hour = hour == 12 ? 12 : hour + 12;
                } else {
                    throw new IllegalArgumentException("time '" + text + "': '" + half + "' is neither AM nor PM");
                }
            }
            return LocalDateTime.of(year, month, day, hour, minute, second);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("time '" + text + "' is not like 4/12/2016 7:21:00 AM");
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("time '" + text + "': " + e.getMessage());
        }
    }
}
