package com.heartbeatmonitor.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docker-compose.yml and its TLS overlay docker-compose.tls.yml checked offline, without a Docker engine: by dclint
 * (pinned in compose/lint, installed with npm ci) against the Compose Specification schema and its rules, and here
 * for what the secure defaults promise: every published port on 127.0.0.1 unless set otherwise, restart
 * policies, no anonymous Grafana, every image pinned.
 */
class ComposeLintTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path COMPOSE = REPO.resolve("docker-compose.yml");
    private static final Path TLS_OVERLAY = REPO.resolve("docker-compose.tls.yml");
    private static final Path ALERTING_OVERLAY = REPO.resolve("docker-compose.grafana-alerting.yml");
    private static final Path ENV_EXAMPLE = REPO.resolve(".env.example");
    private static final Path LINT = REPO.resolve("compose").resolve("lint");
    private static final Path DCLINT =
            LINT.resolve("node_modules").resolve(".bin").resolve("dclint");
    private static final Set<String> ONE_SHOT = Set.of("check-secrets", "kafka-topics", "flink-volume-init", "migrate");

    private record Result(int exit, String output) {}

    @BeforeAll
    static void installPinnedDclint() throws Exception {
        if (!Files.isExecutable(DCLINT)) {
            Result install = run(LINT, "npm", "ci", "--no-audit", "--no-fund");
            assertThat(install.exit)
                    .as("npm ci in %s (needs Node.js 20.19+ and npm):%n%s", LINT, install.output)
                    .isZero();
        }
    }

    @Test
    void dclintFindsNothingInTheComposeFile() throws Exception {
        Result lint = dclint(COMPOSE);
        assertThat(lint.exit).as("dclint %s:%n%s", COMPOSE, lint.output).isZero();
    }

    @Test
    void dclintFindsNothingInTheTlsOverlay() throws Exception {
        Result lint = dclint(TLS_OVERLAY);
        assertThat(lint.exit).as("dclint %s:%n%s", TLS_OVERLAY, lint.output).isZero();
    }

    @Test
    void dclintFindsNothingInTheGrafanaAlertingOverlay() throws Exception {
        Result lint = dclint(ALERTING_OVERLAY);
        assertThat(lint.exit)
                .as("dclint %s:%n%s", ALERTING_OVERLAY, lint.output)
                .isZero();
    }

    /** The notifier publishes nothing, is opt-in, and its database password is checked before anything starts. */
    @Test
    void theNotifierIsOptInPublishesNothingAndItsPasswordIsChecked() throws Exception {
        JsonNode services =
                new ObjectMapper(new YAMLFactory()).readTree(COMPOSE.toFile()).get("services");
        JsonNode notifier = services.get("notifier");
        assertThat(notifier.has("ports")).isFalse();
        assertThat(notifier.get("profiles").get(0).asText()).isEqualTo("notify");
        assertThat(notifier.get("environment")
                        .get("HEARTBEAT_NOTIFY_DB_PASSWORD")
                        .asText())
                .startsWith("${HEARTBEAT_NOTIFY_DB_PASSWORD:?");
        for (Path compose : List.of(COMPOSE, TLS_OVERLAY)) {
            List<String> checked = new ArrayList<>();
            new ObjectMapper(new YAMLFactory())
                    .readTree(compose.toFile())
                    .get("services")
                    .get("check-secrets")
                    .get("command")
                    .forEach(name -> checked.add(name.asText()));
            assertThat(checked).as(compose.getFileName().toString()).contains("HEARTBEAT_NOTIFY_DB_PASSWORD");
        }
    }

    /**
     * The one migrate step: a one-shot service running heartbeat-migrate.jar once PostgreSQL is up, with the
     * interface the Kubernetes Job uses; everything that uses the database waits for it to succeed; PostgreSQL
     * itself runs no init scripts.
     */
    @Test
    void everythingThatUsesTheDatabaseWaitsForTheMigrateStep() throws Exception {
        JsonNode services =
                new ObjectMapper(new YAMLFactory()).readTree(COMPOSE.toFile()).get("services");
        JsonNode migrate = services.get("migrate");
        List<String> entrypoint = new ArrayList<>();
        migrate.get("entrypoint").forEach(arg -> entrypoint.add(arg.asText()));
        assertThat(entrypoint).containsExactly("java", "-jar", "/opt/heartbeat/heartbeat-migrate.jar");
        assertThat(migrate.get("volumes").get(0).asText())
                .isEqualTo("./migrate/target/heartbeat-migrate.jar:/opt/heartbeat/heartbeat-migrate.jar:ro");
        assertThat(migrate.path("depends_on").path("postgres").path("condition").asText())
                .isEqualTo("service_healthy");
        JsonNode env = migrate.get("environment");
        assertThat(env.get("HEARTBEAT_MIGRATE_JDBC_URL").asText())
                .isEqualTo("jdbc:postgresql://postgres:5432/heartbeat");
        List<String> checked = new ArrayList<>();
        services.get("check-secrets").get("command").forEach(name -> checked.add(name.asText()));
        for (String password : List.of(
                "HEARTBEAT_MIGRATE_PASSWORD",
                "HEARTBEAT_JDBC_PASSWORD",
                "GRAFANA_DB_PASSWORD",
                "HEARTBEAT_NOTIFY_DB_PASSWORD")) {
            Matcher required = Pattern.compile("\\$\\{([A-Z_]+):\\?.*}")
                    .matcher(env.get(password).asText());
            assertThat(required.matches()).as(password + " is required").isTrue();
            assertThat(checked).as(password + " is checked first").contains(required.group(1));
        }
        assertThat(env.has("HEARTBEAT_MIGRATE_USER")).isTrue();
        for (String user : List.of("job-submitter", "notifier", "grafana", "partition-maintenance")) {
            assertThat(services.get(user)
                            .path("depends_on")
                            .path("migrate")
                            .path("condition")
                            .asText())
                    .as(user + " waits for the migrate step")
                    .isEqualTo("service_completed_successfully");
        }
        assertThat(services.get("postgres").get("volumes").toString())
                .as("no init scripts: the migrate step owns the schema")
                .doesNotContain("docker-entrypoint-initdb.d");
    }

    /** The overlay only secures: it publishes nothing new, and every password it adds is checked first. */
    @Test
    void theTlsOverlayPublishesNothingAndChecksEveryPasswordItAdds() throws Exception {
        JsonNode overlay = new ObjectMapper(new YAMLFactory())
                .readTree(TLS_OVERLAY.toFile())
                .get("services");
        List<String> problems = new ArrayList<>();
        overlay.properties().forEach(entry -> {
            if (entry.getValue().has("ports")) {
                problems.add(entry.getKey() + " publishes ports in the overlay");
            }
        });
        assertThat(problems).isEmpty();
        List<String> checked = new ArrayList<>();
        overlay.get("check-secrets").get("command").forEach(name -> checked.add(name.asText()));
        Set<String> passwords = new TreeSet<>();
        Matcher variable = Pattern.compile("\\$\\{([A-Z0-9_]*PASSWORD)[:}]").matcher(Files.readString(TLS_OVERLAY));
        while (variable.find()) {
            passwords.add(variable.group(1));
        }
        assertThat(passwords).isNotEmpty();
        assertThat(checked).containsAll(passwords);
        List<String> jobArgs = new ArrayList<>();
        overlay.get("job-submitter").get("command").forEach(arg -> jobArgs.add(arg.asText()));
        assertThat(String.join(" ", jobArgs))
                .as("credentials reach the job through its environment, not the arguments Flink's UI shows")
                .doesNotContain("PASSWORD")
                .contains("--jdbc-ssl-mode verify-full", "--kafka-security-protocol SASL_SSL");
    }

    /** .env.example lists every variable the compose files read, so none is a surprise. */
    @Test
    void envExampleListsEveryVariableOfBothComposeFiles() throws Exception {
        Set<String> listed = new TreeSet<>();
        for (String line : Files.readAllLines(ENV_EXAMPLE)) {
            Matcher assignment = Pattern.compile("^([A-Z0-9_]+)=").matcher(line);
            if (assignment.find()) {
                listed.add(assignment.group(1));
            }
        }
        Set<String> used = new TreeSet<>();
        for (Path compose : List.of(COMPOSE, TLS_OVERLAY, ALERTING_OVERLAY)) {
            // ${NAME...} is compose's interpolation; $${NAME} is escaped for the container's shell.
            Matcher variable = Pattern.compile("(?<!\\$)\\$\\{([A-Z0-9_]+)").matcher(Files.readString(compose));
            while (variable.find()) {
                used.add(variable.group(1));
            }
        }
        used.removeAll(listed);
        assertThat(used)
                .as("variables of the compose files missing from .env.example")
                .isEmpty();
    }

    @Test
    void dclintFailsOnAnInvalidComposeFile(@TempDir Path dir) throws Exception {
        String compose = Files.readString(COMPOSE);
        Path unknownKey = dir.resolve("unknown-key.yml");
        Files.writeString(unknownKey, compose.replaceFirst("restart: unless-stopped", "restarts: unless-stopped"));
        Path untagged = dir.resolve("untagged.yml");
        Files.writeString(untagged, compose.replaceFirst("image: postgres:[0-9.]+", "image: postgres"));
        assertThat(dclint(unknownKey).output).contains("invalid-schema");
        assertThat(dclint(unknownKey).exit).isNotZero();
        assertThat(dclint(untagged).exit).isNotZero();
    }

    @Test
    void portsAreOnLoopbackByDefaultAndEveryImageIsPinned() throws Exception {
        JsonNode services =
                new ObjectMapper(new YAMLFactory()).readTree(COMPOSE.toFile()).get("services");
        List<String> problems = new ArrayList<>();
        Set<String> flinkImages = new TreeSet<>();
        services.properties().forEach(entry -> {
            String name = entry.getKey();
            JsonNode service = entry.getValue();
            service.path("ports").forEach(port -> {
                if (!port.asText().matches("\\$\\{HEARTBEAT_PUBLISH_[A-Z_]+:-127\\.0\\.0\\.1}:\\d+:\\d+")) {
                    problems.add(name + " publishes " + port.asText() + ", not on ${HEARTBEAT_PUBLISH_...:-127.0.0.1}");
                }
            });
            String image = service.path("image").asText();
            // A version tag; Prometheus' images write theirs with a leading v (prom/prometheus:v3.5.0).
            if (!image.matches("[a-z0-9./_-]+:v?[0-9][A-Za-z0-9._-]*")) {
                problems.add(name + " uses image " + image + ", not pinned to a version tag");
            }
            if (image.startsWith("apache/flink:")) {
                flinkImages.add(image);
            }
            String restart = service.path("restart").asText("");
            String expected = ONE_SHOT.contains(name) ? "no" : "unless-stopped";
            if (!restart.equals(expected)) {
                problems.add(name + " has restart '" + restart + "', expected '" + expected + "'");
            }
        });
        assertThat(problems).isEmpty();
        assertThat(flinkImages).as("one Flink image for the whole cluster").hasSize(1);
        JsonNode grafana = services.get("grafana").get("environment");
        assertThat(grafana.get("GF_AUTH_ANONYMOUS_ENABLED").asText()).isEqualTo("false");
        assertThat(grafana.get("GF_SECURITY_ADMIN_PASSWORD").asText()).startsWith("${GRAFANA_ADMIN_PASSWORD:?");
        for (String guarded : List.of("kafka", "postgres", "flink-volume-init")) {
            assertThat(services.get(guarded)
                            .path("depends_on")
                            .path("check-secrets")
                            .path("condition")
                            .asText())
                    .as(guarded + " waits for the password check")
                    .isEqualTo("service_completed_successfully");
        }
    }

    private static Result dclint(Path composeFile) throws Exception {
        return run(
                LINT,
                DCLINT.toString(),
                "-c",
                LINT.resolve(".dclintrc").toString(),
                "--max-warnings",
                "0",
                "--color",
                "false",
                composeFile.toString());
    }

    private static Result run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES))
                .as(String.join(" ", command))
                .isTrue();
        return new Result(process.exitValue(), output);
    }
}
