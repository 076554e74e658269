package com.heartbeatmonitor.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar heartbeat-migrate.jar} as compose's migrate service and the Kubernetes Job run it: the shaded
 * jar (its migrations, Flyway's PostgreSQL support found through the merged service files), configured by the
 * environment alone, the administrator's password from a file.
 */
class MigrateJarIT {

    private static final Path JAR = Path.of("target", "heartbeat-migrate.jar");

    /** Variables of the interface; cleared first, so the caller's environment cannot leak into the run. */
    private static final List<String> INTERFACE = List.of(
            "HEARTBEAT_MIGRATE_JDBC_URL",
            "HEARTBEAT_MIGRATE_USER",
            Migrate.PASSWORD_ENV,
            "HEARTBEAT_MIGRATE_PASSWORD_FILE",
            "HEARTBEAT_JDBC_USER",
            Migrate.WRITER_PASSWORD_ENV,
            "GRAFANA_DB_USER",
            Migrate.READER_PASSWORD_ENV,
            "HEARTBEAT_NOTIFY_DB_USER",
            Migrate.NOTIFIER_PASSWORD_ENV);

    private record Run(int exit, String output) {}

    @Test
    void theJarMigratesFromTheEnvironmentAndASecondRunHasNothingToDo(@TempDir Path dir) throws Exception {
        Path passwordFile = Files.writeString(dir.resolve("admin-password"), ScratchDatabase.PASSWORD + "\n");
        try (ScratchDatabase database = ScratchDatabase.create()) {
            Map<String, String> env = Map.of(
                    "HEARTBEAT_MIGRATE_JDBC_URL", database.url(),
                    "HEARTBEAT_MIGRATE_USER", ScratchDatabase.USER,
                    "HEARTBEAT_MIGRATE_PASSWORD_FILE", passwordFile.toString(),
                    "HEARTBEAT_JDBC_USER", Roles.DEFAULT_WRITER,
                    "GRAFANA_DB_USER", Roles.DEFAULT_READER,
                    "HEARTBEAT_NOTIFY_DB_USER", Roles.DEFAULT_NOTIFIER);

            Run first = run(env);
            assertThat(first.exit).as(first.output).isZero();
            assertThat(first.output)
                    .contains("heartbeat-migrate: " + database.url() + " as " + ScratchDatabase.USER)
                    .containsPattern("heartbeat-migrate: migrated from version none to \\d+ \\(\\d+ migrations\\)")
                    .contains("Successfully applied"); // Flyway's own log, through java.util.logging

            Run second = run(env);
            assertThat(second.exit).as(second.output).isZero();
            assertThat(second.output).containsPattern("heartbeat-migrate: schema at version \\d+, nothing to migrate");
        }
    }

    @Test
    void withoutWhoMigratesOrWithAnExamplePasswordItStopsAndSaysWhichVariable() throws Exception {
        Run noUser = run(Map.of("HEARTBEAT_MIGRATE_JDBC_URL", ScratchDatabase.SERVER + "/heartbeat"));
        assertThat(noUser.exit).isEqualTo(Migrate.EXIT_CONFIG);
        assertThat(noUser.output).contains("--user (HEARTBEAT_MIGRATE_USER)");

        Run example = run(Map.of(
                "HEARTBEAT_MIGRATE_USER", ScratchDatabase.USER, Migrate.WRITER_PASSWORD_ENV, "change-me-writer"));
        assertThat(example.exit).isEqualTo(Migrate.EXIT_CONFIG);
        assertThat(example.output).contains(Migrate.WRITER_PASSWORD_ENV + " is still the example value");
    }

    @Test
    void theHelpListsEveryVariableOfTheInterface() throws Exception {
        Run help = run(Map.of(), "--help");
        assertThat(help.exit).isZero();
        assertThat(help.output)
                .contains(
                        "HEARTBEAT_MIGRATE_JDBC_URL",
                        "HEARTBEAT_MIGRATE_USER",
                        "HEARTBEAT_MIGRATE_PASSWORD_FILE",
                        "HEARTBEAT_JDBC_USER",
                        "GRAFANA_DB_USER",
                        "HEARTBEAT_NOTIFY_DB_USER");
        for (String password : List.of(
                Migrate.PASSWORD_ENV,
                Migrate.WRITER_PASSWORD_ENV,
                Migrate.READER_PASSWORD_ENV,
                Migrate.NOTIFIER_PASSWORD_ENV)) {
            assertThat(help.output).contains(password);
        }
    }

    private static Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        assertThat(JAR)
                .as("the shaded jar; mvn package builds it before the integration tests")
                .exists();
        List<String> command = new java.util.ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        INTERFACE.forEach(builder.environment()::remove);
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), output);
    }
}
