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
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
    private static final Set<String> ONE_SHOT = Set.of(
            "check-secrets",
            "check-ui-secrets",
            "check-console-secrets",
            "kafka-topics",
            "flink-volume-init",
            "migrate");
    /** What each profile adds to the services that always start. */
    private static final Map<String, Set<String>> PROFILES = Map.of(
            "demo", Set.of("generator"),
            "ui", Set.of("check-ui-secrets", "kafka-ui"),
            "notify", Set.of("notifier"),
            "console", Set.of("check-console-secrets", "console"));

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

    /** The care console is opt-in, published on loopback only, and its two passwords are checked before it starts. */
    @Test
    void theConsoleIsOptInOnLoopbackAndItsPasswordsAreCheckedFirst() throws Exception {
        JsonNode services =
                new ObjectMapper(new YAMLFactory()).readTree(COMPOSE.toFile()).get("services");
        JsonNode console = services.get("console");
        assertThat(console.get("profiles").get(0).asText()).isEqualTo("console");
        assertThat(console.get("ports").get(0).asText()).isEqualTo("${HEARTBEAT_PUBLISH_CONSOLE:-127.0.0.1}:8090:8090");
        assertThat(console.path("depends_on")
                        .path("check-console-secrets")
                        .path("condition")
                        .asText())
                .isEqualTo("service_completed_successfully");
        List<String> checked = new ArrayList<>();
        services.get("check-console-secrets").get("command").forEach(name -> checked.add(name.asText()));
        assertThat(checked).containsExactly("HEARTBEAT_CONSOLE_DB_PASSWORD", "HEARTBEAT_CONSOLE_ADMIN_PASSWORD");
        assertThat(console.get("volumes").get(0).asText())
                .isEqualTo("./console/target/heartbeat-console.jar:/opt/console/heartbeat-console.jar:ro");
        assertThat(services.get("migrate")
                        .get("environment")
                        .get("HEARTBEAT_CONSOLE_DB_PASSWORD")
                        .asText())
                .as("the migrate step sets the console role's password")
                .isEqualTo("${HEARTBEAT_CONSOLE_DB_PASSWORD:-}");
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
     * No compose here to render the file per profile, so the profiles are resolved as compose does: the services
     * without one always start, a profile adds its own. Each profile adds exactly its services (the generator only
     * with demo), and in every combination each started service depends only on started ones (compose refuses
     * to start a service whose dependency is in a profile that is off).
     */
    @Test
    void eachProfileAddsItsServicesAndEveryCombinationStartsWhatItDependsOn() throws Exception {
        JsonNode services =
                new ObjectMapper(new YAMLFactory()).readTree(COMPOSE.toFile()).get("services");
        Map<String, Set<String>> byProfile = new TreeMap<>();
        Set<String> always = new TreeSet<>();
        services.properties().forEach(entry -> {
            if (entry.getValue().has("profiles")) {
                entry.getValue()
                        .get("profiles")
                        .forEach(profile -> byProfile
                                .computeIfAbsent(profile.asText(), p -> new TreeSet<>())
                                .add(entry.getKey()));
            } else {
                always.add(entry.getKey());
            }
        });
        assertThat(byProfile).isEqualTo(PROFILES);
        assertThat(always).doesNotContain("generator").contains("kafka", "jobmanager", "job-submitter");
        List<Set<String>> combinations = List.of(
                Set.of(),
                Set.of("demo"),
                Set.of("ui"),
                Set.of("notify"),
                Set.of("console"),
                Set.of("demo", "ui", "notify", "console"));
        List<String> problems = new ArrayList<>();
        for (Set<String> active : combinations) {
            Set<String> started = new TreeSet<>(always);
            active.forEach(profile -> started.addAll(PROFILES.get(profile)));
            for (String service : started) {
                services.get(service).path("depends_on").fieldNames().forEachRemaining(dependency -> {
                    if (!started.contains(dependency)) {
                        problems.add("profiles " + active + ": " + service + " depends on " + dependency
                                + ", which does not start");
                    }
                });
            }
        }
        assertThat(problems).isEmpty();
    }

    /** The UI shows health data: read-only, behind a login whose password is checked like the others, on loopback. */
    @Test
    void theKafkaUiIsReadOnlyBehindACheckedLogin() throws Exception {
        JsonNode services =
                new ObjectMapper(new YAMLFactory()).readTree(COMPOSE.toFile()).get("services");
        JsonNode ui = services.get("kafka-ui");
        JsonNode environment = ui.get("environment");
        assertThat(ui.get("image").asText()).startsWith("kafbat/kafka-ui:v");
        assertThat(environment.get("KAFKA_CLUSTERS_0_READONLY").asText()).isEqualTo("true");
        assertThat(environment.get("DYNAMIC_CONFIG_ENABLED").asText()).isEqualTo("false");
        assertThat(environment.get("AUTH_TYPE").asText()).isEqualTo("LOGIN_FORM");
        assertThat(environment.get("SPRING_SECURITY_USER_PASSWORD").asText()).isEqualTo("${KAFKA_UI_PASSWORD:-}");
        assertThat(services.get("kafka")
                        .get("environment")
                        .get("KAFKA_ADVERTISED_LISTENERS")
                        .asText())
                .contains("PLAINTEXT://"
                        + environment.get("KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS").asText());
        assertThat(ui.get("ports")).hasSize(1);
        assertThat(ui.get("ports").get(0).asText()).startsWith("${HEARTBEAT_PUBLISH_KAFKA_UI:-127.0.0.1}:");
        JsonNode check = services.get("check-ui-secrets");
        assertThat(ui.path("depends_on")
                        .path("check-ui-secrets")
                        .path("condition")
                        .asText())
                .isEqualTo("service_completed_successfully");
        assertThat(check.get("command").get(0).asText()).isEqualTo("KAFKA_UI_PASSWORD");
        assertThat(check.get("environment").get("KAFKA_UI_PASSWORD").asText()).isEqualTo("${KAFKA_UI_PASSWORD:-}");
        assertThat(check.get("entrypoint").toString())
                .isEqualTo(services.get("check-secrets").get("entrypoint").toString());
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
        for (String user : List.of("job-submitter", "notifier", "grafana", "partition-maintenance", "console")) {
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
