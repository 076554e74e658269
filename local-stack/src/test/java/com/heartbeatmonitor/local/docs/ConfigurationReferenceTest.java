package com.heartbeatmonitor.local.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The committed configuration reference is exactly what the commands' options would generate. */
class ConfigurationReferenceTest {

    /** Tests run in local-stack/; the page is relative to the repository root. */
    private static final Path PAGE = Path.of("..").resolve(ConfigurationReference.PAGE);

    @Test
    void theCommittedPageIsWhatTheOptionsGenerate() throws IOException {
        String committed = Files.readString(PAGE, StandardCharsets.UTF_8);
        String generated = ConfigurationReference.render();
        if (!committed.equals(generated)) {
            Path written =
                    Files.createDirectories(Path.of("target", "generated-docs")).resolve(PAGE.getFileName());
            Files.writeString(written, generated, StandardCharsets.UTF_8);
            fail(ConfigurationReference.PAGE + " differs from the options in the code (first difference: "
                    + firstDifference(committed, generated) + "). Regenerate it from the repository root with:\n  "
                    + ConfigurationReference.REGENERATE + "\n(or copy local-stack/" + written
                    + ", written just now) and commit it.");
        }
    }

    @Test
    void everyCommandsFlagsAreOnThePage() {
        String page = ConfigurationReference.render();
        for (String flag : List.of(
                "--kafka-bootstrap-servers", // job
                "--kafka-sasl-username", // Kafka security
                "--bootstrap-servers", // generator and replay
                "--per-person", // replay
                "--task-managers")) { // run commands
            assertThat(page).contains("`" + flag + "`");
        }
        assertThat(page).contains("`HEARTBEAT_NOTIFY_WEBHOOK_URL`", "`HEARTBEAT_KAFKA_SASL_PASSWORD`");
        // The migrate step's interface, which compose's migrate service and the Kubernetes Job set.
        assertThat(page)
                .contains(
                        "`HEARTBEAT_MIGRATE_JDBC_URL`",
                        "`HEARTBEAT_MIGRATE_USER`",
                        "`HEARTBEAT_MIGRATE_PASSWORD`",
                        "`HEARTBEAT_MIGRATE_PASSWORD_FILE`",
                        "`GRAFANA_DB_PASSWORD`");
    }

    @Test
    void durationsAreWrittenTheWayTheFlagsTakeThem() {
        assertThat(ConfigurationReference.flinkDuration(Duration.ZERO)).isEqualTo("0s");
        assertThat(ConfigurationReference.flinkDuration(Duration.ofMillis(200))).isEqualTo("200ms");
        assertThat(ConfigurationReference.flinkDuration(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(ConfigurationReference.flinkDuration(Duration.ofMinutes(90))).isEqualTo("90min");
        assertThat(ConfigurationReference.flinkDuration(Duration.ofHours(16))).isEqualTo("16h");
        assertThat(ConfigurationReference.flinkDuration(Duration.ofDays(8))).isEqualTo("8d");
    }

    private static String firstDifference(String committed, String generated) {
        List<String> a = committed.lines().toList();
        List<String> b = generated.lines().toList();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String left = i < a.size() ? a.get(i) : "(end of file)";
            String right = i < b.size() ? b.get(i) : "(end of file)";
            if (!left.equals(right)) {
                return "line " + (i + 1) + ": committed '" + left + "', generated '" + right + "'";
            }
        }
        return "line endings";
    }
}
