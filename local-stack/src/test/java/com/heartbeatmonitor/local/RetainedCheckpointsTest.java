package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint to resume from is the one with the highest id, read from the metadata Flink itself writes. */
class RetainedCheckpointsTest {

    @TempDir
    Path dir;

    @Test
    void theHighestCheckpointIdWinsWhateverTheFilesTimesSay() throws IOException {
        Path checkpoints = dir.resolve("checkpoints");
        Path savepoints = dir.resolve("savepoints");
        // A job that took 5 and 6, then was killed; the job resumed from 6 went on with 7 and 8.
        write(checkpoints.resolve("aaaa/chk-5"), 5, "2026-01-01T00:00:05Z");
        write(checkpoints.resolve("aaaa/chk-6"), 6, "2026-01-01T00:00:06Z");
        write(checkpoints.resolve("bbbb/chk-7"), 7, "2026-01-01T00:00:01Z"); // its clock or a copy made it look old
        Path newest = write(checkpoints.resolve("bbbb/chk-8"), 8, "2026-01-01T00:00:02Z");
        // Started but not completed: Flink writes _metadata last.
        Files.createDirectories(checkpoints.resolve("bbbb/chk-9"));
        Files.createFile(checkpoints.resolve("bbbb/chk-9/_metadata"));

        assertThat(RetainedCheckpoints.newest(checkpoints, savepoints))
                .contains(new RetainedCheckpoints.Retained(newest, 8));

        // A stop with a savepoint takes the line's next id: then the savepoint is the newest.
        Path savepoint = write(savepoints.resolve("savepoint-bbbb-0123456789ab"), 9, "2026-01-01T00:00:00Z");
        assertThat(RetainedCheckpoints.newest(checkpoints, savepoints))
                .contains(new RetainedCheckpoints.Retained(savepoint, 9));
    }

    @Test
    void nothingRetainedOrNothingReadableIsNothingToResumeFrom() throws IOException {
        assertThat(RetainedCheckpoints.newest(dir.resolve("missing"), null)).isEmpty();
        Path chk = Files.createDirectories(dir.resolve("job/chk-3"));
        Files.writeString(chk.resolve("_metadata"), "not a checkpoint's metadata at all");
        assertThat(RetainedCheckpoints.newest(dir, null)).isEmpty();
    }

    /** A checkpoint directory with the metadata Flink's own serializer writes for {@code id}. */
    private static Path write(Path directory, long id, String modified) throws IOException {
        Files.createDirectories(directory);
        Path metadata = directory.resolve("_metadata");
        try (OutputStream file = Files.newOutputStream(metadata);
                DataOutputStream out = new DataOutputStream(file)) {
            Checkpoints.storeCheckpointMetadata(new CheckpointMetadata(id, List.of(), List.of()), out);
        }
        Files.setLastModifiedTime(metadata, FileTime.from(Instant.parse(modified)));
        assertThat(RetainedCheckpoints.checkpointId(metadata)).contains(id);
        return directory;
    }
}
