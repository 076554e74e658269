package com.heartbeatmonitor.replay;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * What {@link Recordings#read} read: every person's readings in time order, and the lines it had to skip.
 * Immutable.
 */
public final class Recording {

    private final RecordingFormat format;
    private final List<Path> files;
    private final Map<String, List<Reading>> byPerson;
    private final List<ParseProblem> problems;
    private final int size;

    Recording(
            RecordingFormat format,
            List<Path> files,
            Map<String, List<Reading>> byPerson,
            List<ParseProblem> problems) {
        this.format = format;
        this.files = List.copyOf(files);
        this.byPerson = Collections.unmodifiableMap(byPerson);
        this.problems = List.copyOf(problems);
        this.size = byPerson.values().stream().mapToInt(List::size).sum();
    }

    /** The format the files were read as. */
    public RecordingFormat format() {
        return format;
    }

    /** The files read, in the order they were read. */
    public List<Path> files() {
        return files;
    }

    /** The people, in name order. */
    public List<String> persons() {
        return List.copyOf(byPerson.keySet());
    }

    /** Each person's readings in time order (stable: equal times keep file order); persons in name order. */
    public Map<String, List<Reading>> byPerson() {
        return byPerson;
    }

    /** One person's readings in time order; empty for an unknown person. */
    public List<Reading> readings(String person) {
        return byPerson.getOrDefault(person, List.of());
    }

    /** All readings of all people in time order (equal times in person order), merged lazily. */
    public Stream<Reading> merged() {
        return StreamSupport.stream(
                Spliterators.spliterator(
                        new TimeMerge(byPerson.values()),
                        size,
                        Spliterator.ORDERED | Spliterator.SIZED | Spliterator.NONNULL | Spliterator.IMMUTABLE),
                false);
    }

    /** All readings in the order of the times they are sent with: each person's list must stay sorted under it. */
    Iterator<Reading> mergedBy(Comparator<Reading> order) {
        return new TimeMerge(byPerson.values(), order);
    }

    /** How many readings, all people together. */
    public int size() {
        return size;
    }

    /** Lines that could not be read (file, line number, why), in reading order; they are not in the readings. */
    public List<ParseProblem> problems() {
        return problems;
    }

    /** The earliest reading's time, if there is any reading. */
    public Optional<Instant> start() {
        return byPerson.values().stream()
                .filter(r -> !r.isEmpty())
                .map(r -> r.get(0).time())
                .min(Instant::compareTo);
    }

    /** The latest reading's time, if there is any reading. */
    public Optional<Instant> end() {
        return byPerson.values().stream()
                .filter(r -> !r.isEmpty())
                .map(r -> r.get(r.size() - 1).time())
                .max(Instant::compareTo);
    }
}
