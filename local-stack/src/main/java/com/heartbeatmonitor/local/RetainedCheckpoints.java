package com.heartbeatmonitor.local;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The completed checkpoints and savepoints a cluster retained on a file system this process can read, and the
 * newest of them by checkpoint id. Ids, not file times: a job resumed from checkpoint 6 takes 7 next (Flink
 * carries the counter on), so along a line of resumes the highest id is the newest, whatever the clocks or a
 * copy did to the files' times. A job started afresh counts from 1 again: its predecessors' checkpoints must go
 * (or be resumed from by path), as they belong to other Kafka offsets anyway.
 */
final class RetainedCheckpoints {

    /** The first int of every checkpoint's {@code _metadata} (Flink's {@code Checkpoints.HEADER_MAGIC_NUMBER}). */
    static final int METADATA_MAGIC = 0x4960672D;

    /** A completed checkpoint or savepoint: its directory and the id its metadata names. */
    record Retained(Path directory, long checkpointId) {}

    private RetainedCheckpoints() {}

    /**
     * The newest completed checkpoint ({@code <job id>/chk-N}) in {@code checkpoints} or savepoint
     * ({@code savepoint-*}) in {@code savepoints}; either may be null. Completed means a non-empty
     * {@code _metadata}, which Flink writes last; one it cannot read as a checkpoint's is left out.
     */
    static Optional<Retained> newest(Path checkpoints, Path savepoints) throws IOException {
        List<Path> candidates = new ArrayList<>();
        if (checkpoints != null && Files.isDirectory(checkpoints)) {
            for (Path job : list(checkpoints, "*")) {
                candidates.addAll(list(job, "chk-*"));
            }
        }
        if (savepoints != null && Files.isDirectory(savepoints)) {
            candidates.addAll(list(savepoints, "savepoint-*"));
        }
        List<Retained> retained = new ArrayList<>();
        for (Path directory : candidates) {
            checkpointId(directory.resolve("_metadata")).ifPresent(id -> retained.add(new Retained(directory, id)));
        }
        // The same id twice (a line of resumes forked by hand): the path decides, so every run picks the same.
        return retained.stream()
                .max(Comparator.comparingLong(Retained::checkpointId)
                        .thenComparing(r -> r.directory().toString()));
    }

    /**
     * The checkpoint id a {@code _metadata} file holds: after the magic number and the format version, every
     * format since Flink 1.3 (V2 to V6) writes the id first. Empty when the file is missing, empty, or not a
     * checkpoint's.
     */
    static Optional<Long> checkpointId(Path metadata) throws IOException {
        if (!Files.isRegularFile(metadata) || Files.size(metadata) < Integer.BYTES * 2 + Long.BYTES) {
            return Optional.empty();
        }
        try (InputStream file = Files.newInputStream(metadata);
                DataInputStream in = new DataInputStream(file)) {
            if (in.readInt() != METADATA_MAGIC) {
                return Optional.empty();
            }
            int version = in.readInt();
            return version >= 2 ? Optional.of(in.readLong()) : Optional.empty();
        }
    }

    private static List<Path> list(Path directory, String glob) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, glob)) {
            stream.forEach(entry -> {
                if (Files.isDirectory(entry)) {
                    entries.add(entry);
                }
            });
        }
        return entries;
    }
}
