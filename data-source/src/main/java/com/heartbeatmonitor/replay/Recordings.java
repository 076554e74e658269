package com.heartbeatmonitor.replay;

import com.heartbeatmonitor.generator.Activity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads heart-rate recordings (Fitbit, Empatica E4, plain CSV; see {@link RecordingFormat}) into
 * {@link Reading}s. No Kafka involved: use it anywhere, e.g. to feed a real recording to a detector in a
 * unit test:
 *
 * <pre>{@code
 * Recording r = Recordings.read(Path.of("stress-predict"), RecordingFormat.E4, ZoneOffset.UTC);
 * r.readings("S01");            // one person's readings, time order
 * r.merged().forEach(...);      // everyone's, time order
 * r.problems();                 // lines that were skipped, with file and line number
 * }</pre>
 *
 * <p>A malformed line never stops reading: it is skipped and listed in {@link Recording#problems()}.
 * Values are rounded to whole bpm and kept even when outside the valid range. The 115,720 lines of the
 * Stress-Predict set read in well under a second.
 */
public final class Recordings {

    private Recordings() {}

    /**
     * Reads {@code path} in {@code format} ({@code null}: {@link RecordingFormat#detect detected}).
     *
     * <ul>
     *   <li>E4: a folder of person folders each holding {@code HR.csv} (e.g. {@code stress-predict/}),
     *       one person folder, or one {@code HR.csv}; the folder's name is the person.
     *   <li>Fitbit, CSV: a file, or a folder whose {@code *.csv} files are all read.
     * </ul>
     *
     * @param zone the zone of local times (Fitbit's; CSV timestamps without an offset); E4 times are UTC
     * @throws NoSuchFileException if {@code path} does not exist
     * @throws IOException if it cannot be read, or holds no file of the format
     */
    public static Recording read(Path path, RecordingFormat format, ZoneId zone) throws IOException {
        return read(List.of(path), format, zone);
    }

    /** The same, for E4 in UTC with the format detected. */
    public static Recording read(Path path) throws IOException {
        return read(path, null, ZoneOffset.UTC);
    }

    /**
     * Reads several paths as one recording (the same person in two paths is one person). With
     * {@code format} {@code null} the format is detected per path, and they must agree.
     */
    public static Recording read(List<Path> paths, RecordingFormat format, ZoneId zone) throws IOException {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("no path to read");
        }
        RecordingFormat resolved = format;
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new NoSuchFileException(path.toString(), null, "does not exist");
            }
            if (format == null) {
                RecordingFormat detected = RecordingFormat.detect(path);
                if (resolved != null && resolved != detected) {
                    throw new IOException("the paths hold different formats (" + resolved + " and " + detected + " for "
                            + path + "); give the format");
                }
                resolved = detected;
            }
        }
        Collector collector = new Collector();
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            for (Map.Entry<Path, String> file : files(path, resolved).entrySet()) {
                files.add(file.getKey());
                resolved.read(file.getKey(), file.getValue(), zone, collector);
            }
        }
        Map<String, List<Reading>> byPerson = new TreeMap<>();
        collector.byPerson.forEach((person, readings) -> {
            readings.sort(Comparator.comparing(Reading::time)); // stable; nearly free when already in order
            byPerson.put(person, List.copyOf(readings));
        });
        return new Recording(resolved, files, byPerson, collector.problems);
    }

    /** The files {@code path} stands for, each with its person (E4) or null (the person is in the lines). */
    private static Map<Path, String> files(Path path, RecordingFormat format) throws IOException {
        Map<Path, String> files = new TreeMap<>();
        if (format == RecordingFormat.E4) {
            if (!Files.isDirectory(path)) {
                files.put(path, personOf(path));
            } else if (Files.isRegularFile(path.resolve("HR.csv"))) {
                files.put(path.resolve("HR.csv"), folderName(path));
            } else {
                try (Stream<Path> children = Files.list(path)) {
                    children.filter(Files::isDirectory)
                            .filter(dir -> Files.isRegularFile(dir.resolve("HR.csv")))
                            .forEach(dir -> files.put(dir.resolve("HR.csv"), folderName(dir)));
                }
            }
            if (files.isEmpty()) {
                throw new IOException(path + " holds no HR.csv, neither itself nor in its subfolders");
            }
        } else if (Files.isDirectory(path)) {
            try (Stream<Path> children = Files.list(path)) {
                children.filter(Files::isRegularFile)
                        .filter(file ->
                                file.getFileName().toString().toLowerCase().endsWith(".csv"))
                        .forEach(file -> files.put(file, null));
            }
            if (files.isEmpty()) {
                throw new IOException(path + " holds no .csv file");
            }
        } else {
            files.put(path, null);
        }
        return files;
    }

    /** An E4 file's person: its folder's name (the file name without extension if it has no folder). */
    private static String personOf(Path file) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        if (parent != null && parent.getFileName() != null) {
            return parent.getFileName().toString();
        }
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static String folderName(Path dir) {
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return name == null ? dir.toString() : name.toString();
    }

    private static final class Collector implements RecordingSink {
        final Map<String, ArrayList<Reading>> byPerson = new TreeMap<>();
        final List<ParseProblem> problems = new ArrayList<>();
        private String lastPerson;
        private ArrayList<Reading> lastReadings;

        @Override
        public void reading(String person, Instant time, int heartRate, Activity activity) {
            if (!person.equals(lastPerson)) { // files hold long runs of one person: one lookup per run
                lastPerson = person;
                lastReadings = byPerson.computeIfAbsent(person, p -> new ArrayList<>());
            }
            // one String per person, not per line
            lastReadings.add(new Reading(lastPerson, time, heartRate, activity));
        }

        @Override
        public void problem(Path file, long line, String message) {
            problems.add(new ParseProblem(file, line, message));
        }
    }
}
