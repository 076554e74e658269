package com.heartbeatmonitor.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Empatica E4 {@code HR.csv}: line 1 the start in Unix seconds (UTC), line 2 the sample rate in Hz, then
 * one value per line. Value i (from 0) was recorded at start + i / rate, truncated to the millisecond;
 * a value line that cannot be read is reported and keeps its slot, so the values after it keep their times.
 */
final class E4Parser {

    void read(Path file, String person, RecordingSink sink) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String startLine = RecordingFormat.stripBom(in.readLine());
            if (startLine == null) {
                sink.problem(file, 1, "empty file: expected the start time in Unix seconds on line 1");
                return;
            }
            long startNanos;
            try {
                startNanos =
                        new BigDecimal(firstField(startLine)).movePointRight(9).longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                sink.problem(file, 1, "'" + startLine.trim() + "' is not a start time in Unix seconds; file skipped");
                return;
            }
            String rateLine = in.readLine();
            double rate;
            try {
                rate = rateLine == null ? Double.NaN : Double.parseDouble(firstField(rateLine));
            } catch (NumberFormatException e) {
                rate = Double.NaN;
            }
            if (!(rate > 0) || Double.isInfinite(rate)) {
                sink.problem(
                        file,
                        2,
                        "'" + (rateLine == null ? "" : rateLine.trim()) + "' is not a sample rate in Hz; file skipped");
                return;
            }
            double nanosPerSample = 1e9 / rate;
            long number = 2;
            long sample = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                long nanos = startNanos + Math.round(sample * nanosPerSample);
                sample++;
                try {
                    sink.reading(
                            person, Instant.ofEpochMilli(Math.floorDiv(nanos, 1_000_000L)), HeartRates.round(line));
                } catch (IllegalArgumentException e) {
                    sink.problem(file, number, e.getMessage());
                }
            }
        }
    }

    /** E4 files of several channels repeat the value per channel, comma-separated; HR has one. */
    private static String firstField(String line) {
        int comma = line.indexOf(',');
        return (comma < 0 ? line : line.substring(0, comma)).trim();
    }
}
