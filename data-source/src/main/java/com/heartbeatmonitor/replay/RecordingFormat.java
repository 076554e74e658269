package com.heartbeatmonitor.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Locale;

/** The recording formats a replay reads; each knows how to read one file of its kind. */
public enum RecordingFormat {

    /**
     * Fitbit per-second export ({@code heartrate_seconds_merged.csv}): header {@code Id,Time,Value}, then
     * e.g. {@code 2022484408,4/12/2016 7:21:00 AM,97}. Times are local to the zone given; Id is the person.
     */
    FITBIT,

    /**
     * Empatica E4 {@code HR.csv}: line 1 the start in Unix seconds, line 2 the sample rate in Hz, then one
     * value per line; sample i was taken at start + i / rate. The person is the name of the file's folder.
     */
    E4,

    /**
     * Plain CSV {@code customer_id,timestamp,heart_rate}, header optional; the timestamp is ISO-8601 (with
     * {@code Z} or an offset; without one, local to the zone given) or Unix epoch milliseconds.
     */
    CSV;

    /** Reads one file of this format; a line that cannot be read goes to {@code sink} as a problem. */
    void read(Path file, String person, ZoneId zone, RecordingSink sink) throws IOException {
        switch (this) {
            case FITBIT -> new FitbitParser(zone).read(file, sink);
            case E4 -> new E4Parser().read(file, person, sink);
            case CSV -> new CsvParser(zone).read(file, sink);
        }
    }

    /** {@code fitbit}, {@code e4} or {@code csv}, any case. */
    public static RecordingFormat parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + name + "' is not a recording format: use fitbit, e4 or csv");
        }
    }

    /**
     * Guesses the format of {@code path}: a folder or a file named {@code HR.csv} is E4; a file whose first
     * line is {@code Id,Time,Value} is Fitbit; a file whose first two lines are single numbers is E4; any
     * other file is plain CSV.
     */
    public static RecordingFormat detect(Path path) throws IOException {
        if (Files.isDirectory(path) || path.getFileName().toString().equalsIgnoreCase("HR.csv")) {
            return E4;
        }
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String first = stripBom(in.readLine());
            String second = in.readLine();
            if (first == null) {
                return CSV;
            }
            if (first.replace(" ", "").equalsIgnoreCase("Id,Time,Value")) {
                return FITBIT;
            }
            if (isNumber(first) && second != null && isNumber(second)) {
                return E4;
            }
            return CSV;
        }
    }

    private static boolean isNumber(String line) {
        try {
            Double.parseDouble(line.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static String stripBom(String line) {
        return line != null && !line.isEmpty() && line.charAt(0) == '\uFEFF' ? line.substring(1) : line;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
