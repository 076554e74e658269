package com.heartbeatmonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.heartbeatmonitor.admin.SettingsTopic;
import com.heartbeatmonitor.job.config.JobOptions;
import com.heartbeatmonitor.notifier.NotifierConfig;
import com.heartbeatmonitor.security.KafkaSecurityOptions;
import com.heartbeatmonitor.settings.SettingsBoundsOptions;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.openshift.api.model.monitoring.v1.PodMetricsEndpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The objects next to the FlinkDeployment, rendered per overlay as {@link ManifestsTest} renders it: the
 * migration and topic Jobs, the partition-maintenance CronJob, the notifier's and the care console's
 * Deployments (and the console's Service), the ConfigMap of addresses they share, and the PodMonitor and
 * PrometheusRule. Each is read strictly into its model ({@link Models}); then what each depends on is checked
 * against where it comes from: the job's own args (addresses, topics, settings bounds, parallelism), compose
 * (images, the maintenance SQL), the notifier's and the console's configuration (the variables they read; the
 * console's sign-in rules for its probes), the Dockerfiles (jar paths, users, entrypoints), monitoring/ (the
 * alert rules, which must be equal) and the Kubernetes page of the docs (every Secret key the objects read is
 * created there). Every pod is checked for the same hardening.
 */
class ClusterObjectsTest {

    private static final Path KUBERNETES = Path.of("kubernetes");
    private static final Path REPO = Path.of("..");
    private static final Path JOB_DOCKERFILE = Path.of("Dockerfile");
    private static final Path COMPOSE = REPO.resolve("docker-compose.yml");
    private static final Path RULES =
            REPO.resolve("monitoring").resolve("prometheus").resolve("rules");
    private static final Path SQL = REPO.resolve("sql");
    private static final Path MIGRATE_MODULE = REPO.resolve("migrate");
    private static final Path KUBERNETES_DOC =
            REPO.resolve("docs").resolve("operations").resolve("kubernetes.md");
    private static final Path CONSOLE_SOURCES = REPO.resolve("console/src/main/java/com/heartbeatmonitor/console");

    private static final String ENDPOINTS = "heartbeat-monitor-endpoints";
    private static final String MIGRATE_JOB = "heartbeat-migrate";
    private static final String TOPICS_JOB = "heartbeat-topics";
    private static final String MAINTENANCE = "heartbeat-partition-maintenance";
    private static final String NOTIFIER = "heartbeat-notifier";
    private static final String CONSOLE = "heartbeat-console";
    private static final String JOB_CREDENTIALS = "heartbeat-monitor-credentials";
    private static final String MIGRATE_JAR = "/opt/heartbeat/heartbeat-migrate.jar";
    private static final String PHASE = "heartbeat-monitor/phase";
    private static final String METRICS_PORT = "metrics.reporter.prom.port";

    /** The migrate tool's interface: the variables it reads (migrate/, Migrate). */
    private static final Set<String> MIGRATE_VARIABLES = Set.of(
            "HEARTBEAT_MIGRATE_JDBC_URL",
            "HEARTBEAT_MIGRATE_USER",
            "HEARTBEAT_MIGRATE_PASSWORD",
            "HEARTBEAT_JDBC_USER",
            "HEARTBEAT_JDBC_PASSWORD",
            "GRAFANA_DB_USER",
            "GRAFANA_DB_PASSWORD",
            "HEARTBEAT_NOTIFY_DB_USER",
            "HEARTBEAT_NOTIFY_DB_PASSWORD",
            "HEARTBEAT_CONSOLE_DB_USER",
            "HEARTBEAT_CONSOLE_DB_PASSWORD");
    /** The Secrets these objects read; the FlinkDeployment's are ManifestsTest's. */
    private static final Set<String> SECRETS = Set.of(
            JOB_CREDENTIALS,
            "heartbeat-monitor-db-admin",
            "heartbeat-grafana-db",
            NOTIFIER,
            CONSOLE,
            "heartbeat-kafka-admin");
    /** A variable whose value is a credential or a contact point (a URL with a token in it): only from a Secret. */
    private static final Pattern SECRET_VARIABLE =
            Pattern.compile("(?i)password|secret|token|user|webhook_url|PGUSER|PGPASSWORD");
    /** One topic of the topic Job's script: {@code topic NAME PARTITIONS CONFIG=VALUE,...}. */
    private static final Pattern TOPIC_LINE = Pattern.compile("(?m)^\\s*topic (\\S+) (\\d+) (\\S+)\\s*$");
    /** Read by the JVM itself (its options), whichever program it runs. */
    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");
    /** Hourly: a fixed minute of every hour of every day. */
    private static final Pattern HOURLY = Pattern.compile("([0-5]?[0-9]) \\* \\* \\* \\*");

    record Overlay(String name, String namespace) {}

    static Stream<Overlay> overlays() {
        return Stream.of(
                new Overlay("staging", "heartbeat-staging"), new Overlay("production", "heartbeat-production"));
    }

    /**
     * A program of ours that runs as a Deployment of its own name: its module, the jar its Dockerfile
     * ({@code deploy/MODULE.Dockerfile}) copies and the line of the module's POM that names that jar, the variables
     * it reads for its database and brokers, and every variable it reads at all.
     */
    record Program(
            String deployment,
            String module,
            String jar,
            String pomLine,
            String jdbcUrl,
            String dbUser,
            String dbPassword,
            String bootstrapServers,
            Set<String> variables) {

        Path dockerfile() {
            return Path.of(module + ".Dockerfile");
        }

        @Override
        public String toString() {
            return deployment;
        }
    }

    static Stream<Program> programs() {
        Set<String> notifier = new TreeSet<>();
        NotifierConfig.VARIABLES.forEach(v -> notifier.add(v.name()));
        notifier.addAll(kafkaSecurityVariables());
        // The console: ConsoleConfig's variables, and the settings topic's as heartbeat-admin reads them.
        Map<String, String> config = consoleConfig();
        Set<String> console = new TreeSet<>(config.values());
        console.addAll(optionVariables(SettingsTopic.class).values());
        console.addAll(kafkaSecurityVariables());
        return Stream.of(
                new Program(
                        NOTIFIER,
                        "notifier",
                        "heartbeat-notifier.jar",
                        "<outputFile>${project.build.directory}/heartbeat-notifier.jar</outputFile>",
                        NotifierConfig.JDBC_URL,
                        NotifierConfig.DB_USER,
                        NotifierConfig.DB_PASSWORD,
                        NotifierConfig.BOOTSTRAP_SERVERS,
                        notifier),
                new Program(
                        CONSOLE,
                        "console",
                        "heartbeat-console.jar",
                        // Spring Boot's repackaged jar, runnable with java -jar.
                        "<finalName>heartbeat-console</finalName>",
                        config.get("JDBC_URL"),
                        config.get("DB_USER"),
                        config.get("DB_PASSWORD"),
                        optionVariables(SettingsTopic.class).get("--bootstrap-servers"),
                        console));
    }

    /** Every program's Deployment in every overlay. */
    static Stream<Arguments> deployments() {
        return overlays().flatMap(overlay -> programs().map(program -> Arguments.of(overlay, program)));
    }

    /** An overlay's objects, read once per test. */
    private record Rendered(List<ObjectNode> resources, ObjectNode flinkDeployment, JobOptions options) {

        static Rendered of(Overlay overlay) {
            List<ObjectNode> resources =
                    Kustomize.build(KUBERNETES.resolve("overlays").resolve(overlay.name()));
            List<ObjectNode> deployments = ofKind(resources, "FlinkDeployment");
            assertThat(deployments).hasSize(1);
            List<String> args = new ArrayList<>();
            deployments.get(0).path("spec").path("job").path("args").forEach(a -> args.add(a.asText()));
            return new Rendered(
                    resources,
                    deployments.get(0),
                    JobOptions.parse(args.toArray(String[]::new)).orElseThrow());
        }

        ObjectNode one(String kind, String name) {
            List<ObjectNode> found = ofKind(resources, kind).stream()
                    .filter(r -> r.path("metadata").path("name").asText().equals(name))
                    .toList();
            assertThat(found).as(kind + " " + name).hasSize(1);
            return found.get(0);
        }

        <T> T model(String kind, String name, Class<T> type) {
            return type.cast(Models.read(one(kind, name)));
        }

        Map<String, String> endpoints() {
            return model("ConfigMap", ENDPOINTS, ConfigMap.class).getData();
        }

        String jobImage() {
            return flinkDeployment.path("spec").path("image").asText();
        }

        int parallelism() {
            return flinkDeployment.path("spec").path("job").path("parallelism").asInt();
        }

        /** Every pod template but the FlinkDeployment's, by the name of the object that has it. */
        Map<String, PodTemplateSpec> podTemplates() {
            Map<String, PodTemplateSpec> templates = new LinkedHashMap<>();
            for (ObjectNode r : resources) {
                String name = r.path("metadata").path("name").asText();
                switch (r.path("kind").asText()) {
                    case "Job" ->
                        templates.put(name, Models.read(r, Job.class).getSpec().getTemplate());
                    case "CronJob" ->
                        templates.put(
                                name,
                                Models.read(r, CronJob.class)
                                        .getSpec()
                                        .getJobTemplate()
                                        .getSpec()
                                        .getTemplate());
                    case "Deployment" ->
                        templates.put(
                                name, Models.read(r, Deployment.class).getSpec().getTemplate());
                    default -> {}
                }
            }
            return templates;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyObjectReadsStrictlyIntoItsModelInTheOverlaysNamespace(Overlay overlay) {
        Rendered rendered = Rendered.of(overlay);
        Map<String, Integer> kinds = new TreeMap<>();
        for (ObjectNode resource : rendered.resources()) {
            String kind = resource.path("kind").asText();
            kinds.merge(kind, 1, Integer::sum);
            assertThat(resource.path("metadata").path("namespace").asText())
                    .as(kind)
                    .isEqualTo(overlay.namespace());
            if (!kind.equals("FlinkDeployment")) {
                assertThat(Models.read(resource).getKind()).isEqualTo(kind);
            }
        }
        assertThat(kinds)
                .containsEntry("Job", 2)
                .containsEntry("CronJob", 1)
                .containsEntry("Deployment", 2)
                .containsEntry("Service", 1)
                .containsEntry("ConfigMap", 1)
                .containsEntry("PodMonitor", 2)
                .containsEntry("PrometheusRule", 1)
                .containsEntry("FlinkDeployment", 1);
        // No Ingress or anything else that would publish a port; Services only inside the cluster.
        assertThat(kinds.keySet())
                .isSubsetOf(
                        "Job",
                        "CronJob",
                        "Deployment",
                        "Service",
                        "ConfigMap",
                        "PodMonitor",
                        "PrometheusRule",
                        "FlinkDeployment",
                        "PersistentVolumeClaim");
        for (ObjectNode node : ofKind(rendered.resources(), "Service")) {
            Service service = Models.read(node, Service.class);
            String name = service.getMetadata().getName();
            assertThat(service.getSpec().getType()).as(name + " type").isEqualTo("ClusterIP");
            assertThat(service.getSpec().getPorts())
                    .as(name + " nodePort")
                    .allSatisfy(port -> assertThat(port.getNodePort()).isNull());
            assertThat(service.getSpec().getExternalIPs())
                    .as(name + " externalIPs")
                    .isNullOrEmpty();
        }
    }

    @Test
    void aMisspelledFieldOrAWrongApiVersionDoesNotRead() {
        ObjectNode job = Rendered.of(new Overlay("staging", "heartbeat-staging"))
                .one("Job", MIGRATE_JOB)
                .deepCopy();
        ((ObjectNode) job.with("spec").with("template").with("spec")).put("restartPolcy", "Never");
        assertThatThrownBy(() -> Models.read(job)).hasMessageContaining("restartPolcy");

        ObjectNode monitor = Rendered.of(new Overlay("staging", "heartbeat-staging"))
                .one("PodMonitor", "heartbeat-monitor")
                .deepCopy();
        ((ObjectNode) monitor.with("spec")).put("podMetricEndpoints", "x");
        assertThatThrownBy(() -> Models.read(monitor)).hasMessageContaining("podMetricEndpoints");

        ObjectNode cronJob = Rendered.of(new Overlay("staging", "heartbeat-staging"))
                .one("CronJob", MAINTENANCE)
                .deepCopy();
        cronJob.put("apiVersion", "batch/v1beta1");
        assertThatThrownBy(() -> Models.read(cronJob)).hasMessageContaining("batch/v1beta1");
    }

    /** The migrations and the jobs they serve ship in one image, and the Job speaks the migrate tool's interface. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void theMigrationJobRunsTheMigrateToolOfTheJobsImage(Overlay overlay) {
        Rendered rendered = Rendered.of(overlay);
        Job job = rendered.model("Job", MIGRATE_JOB, Job.class);
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        Container migrate = only(pod);
        assertThat(migrate.getImage()).isEqualTo(rendered.jobImage());
        assertThat(migrate.getCommand()).containsExactly("java", "-jar", MIGRATE_JAR);
        assertThat(migrate.getArgs()).as("settings come from the environment").isNullOrEmpty();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(job.getSpec().getBackoffLimit()).isPositive();
        assertThat(names(migrate.getEnv())).containsExactlyInAnyOrderElementsOf(MIGRATE_VARIABLES);
        assertThat(configMapRef(migrate, "HEARTBEAT_MIGRATE_JDBC_URL")).isEqualTo("jdbc-url");
        assertSecretsOnly(migrate);

        // The role the migration creates is the one the job logs in as, and each program's is the one it logs in as.
        Map<String, String> jobManager = secretRefs(
                rendered.flinkDeployment().path("spec").path("jobManager").path("podTemplate"));
        assertThat(secretRef(migrate, "HEARTBEAT_JDBC_USER")).isEqualTo(jobManager.get("HEARTBEAT_JDBC_USER"));
        assertThat(secretRef(migrate, "HEARTBEAT_JDBC_PASSWORD"))
                .isEqualTo(jobManager.get("HEARTBEAT_JDBC_PASSWORD"))
                .startsWith(JOB_CREDENTIALS + "/");
        for (Program program : programs().toList()) {
            Container container =
                    only(rendered.podTemplates().get(program.deployment()).getSpec());
            for (String variable : List.of(program.dbUser(), program.dbPassword())) {
                assertThat(secretRef(migrate, variable))
                        .as("the migration's %s, for %s", variable, program)
                        .isNotNull()
                        .isEqualTo(secretRef(container, variable));
            }
        }
    }

    /** The Jobs, the CronJob and the notifier reach the database and the brokers the job does, over the same TLS. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void theSharedAddressesAreTheJobsOwn(Overlay overlay) {
        Rendered rendered = Rendered.of(overlay);
        Map<String, String> endpoints = rendered.endpoints();
        assertThat(endpoints.get("jdbc-url"))
                .isEqualTo(rendered.options().jdbc().url());
        Matcher url = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/([^?]+)\\?sslmode=([a-z-]+)")
                .matcher(endpoints.get("jdbc-url"));
        assertThat(url.matches()).as(endpoints.get("jdbc-url")).isTrue();
        assertThat(List.of(
                        endpoints.get("pg-host"),
                        endpoints.get("pg-port"),
                        endpoints.get("pg-database"),
                        endpoints.get("pg-sslmode")))
                .containsExactly(url.group(1), url.group(2), url.group(3), url.group(4));
        assertThat(endpoints.get("kafka-bootstrap-servers"))
                .isEqualTo(rendered.options().kafka().bootstrapServers());

        // Every key an object takes from the ConfigMap is there.
        for (Map.Entry<String, PodTemplateSpec> template :
                rendered.podTemplates().entrySet()) {
            for (Container container : template.getValue().getSpec().getContainers()) {
                for (EnvVar variable : container.getEnv()) {
                    if (variable.getValueFrom() != null
                            && variable.getValueFrom().getConfigMapKeyRef() != null) {
                        assertThat(variable.getValueFrom().getConfigMapKeyRef().getName())
                                .isEqualTo(ENDPOINTS);
                        assertThat(endpoints)
                                .as(template.getKey() + " " + variable.getName())
                                .containsKey(variable.getValueFrom()
                                        .getConfigMapKeyRef()
                                        .getKey());
                    }
                }
            }
        }
    }

    /** kubectl applies the setup first by its label: the two Jobs and what they read, and nothing else. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void theSetupPhaseIsTheTwoJobsAndTheirConfigMap(Overlay overlay) {
        Rendered rendered = Rendered.of(overlay);
        assertThat(rendered.resources())
                .filteredOn(r ->
                        r.path("metadata").path("labels").path(PHASE).asText().equals("setup"))
                .extracting(r -> r.path("kind").asText() + " "
                        + r.path("metadata").path("name").asText())
                .containsExactlyInAnyOrder("ConfigMap " + ENDPOINTS, "Job " + MIGRATE_JOB, "Job " + TOPICS_JOB);
    }

    /** The topics the job reads and writes, replicated 3 times with 2 in sync, each with a retention. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void theTopicJobCreatesTheJobsTopics(Overlay overlay) throws IOException {
        Rendered rendered = Rendered.of(overlay);
        Container topics = only(rendered.model("Job", TOPICS_JOB, Job.class)
                .getSpec()
                .getTemplate()
                .getSpec());
        assertThat(topics.getImage()).isEqualTo(composeImage("kafka"));
        assertThat(topics.getCommand()).containsExactly("/bin/bash", "-c");
        String script = topics.getArgs().get(0);
        assertThat(script)
                .contains("kafka-topics.sh", "--create --if-not-exists", "--replication-factor 3")
                .contains("--command-config");
        assertSecretsOnly(topics);

        Map<String, Integer> partitions = new TreeMap<>();
        Map<String, Map<String, String>> configs = new TreeMap<>();
        Matcher line = TOPIC_LINE.matcher(script);
        while (line.find()) {
            partitions.put(line.group(1), Integer.valueOf(line.group(2)));
            configs.put(
                    line.group(1),
                    Arrays.stream(line.group(3).split(","))
                            .map(setting -> setting.split("=", 2))
                            .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1])));
        }
        String readings = rendered.options().kafka().topic();
        String settings = rendered.options().settingsTopic();
        assertThat(partitions.keySet())
                .containsExactlyInAnyOrder(readings, rendered.options().kafka().alertsTopic(), settings);
        configs.forEach((topic, config) -> {
            assertThat(config).as(topic).containsEntry("min.insync.replicas", "2");
            assertThat(config).as(topic).containsKey("retention.ms");
        });
        assertThat(configs.get(settings)).containsEntry("cleanup.policy", "compact");
        assertThat(configs.get(readings)).doesNotContainKey("cleanup.policy");
        // Each subtask reads an equal share of the readings' partitions.
        assertThat(partitions.get(readings) % rendered.parallelism())
                .as("%d partitions over parallelism %d", partitions.get(readings), rendered.parallelism())
                .isZero();
        // A reading the job would still accept is still in the topic.
        Duration maxEventAge = rendered.options().validation().maxEventAge();
        assertThat(Duration.ofMillis(Long.parseLong(configs.get(readings).get("retention.ms"))))
                .isGreaterThanOrEqualTo(maxEventAge);
    }

    /** compose's maintenance, on a schedule: the same image, the same SQL, every hour, as the administrator. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void theMaintenanceRunsComposesSqlHourly(Overlay overlay) throws IOException {
        Rendered rendered = Rendered.of(overlay);
        CronJob cronJob = rendered.model("CronJob", MAINTENANCE, CronJob.class);
        assertThat(cronJob.getSpec().getSchedule()).matches(HOURLY);
        assertThat(cronJob.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
        Container psql =
                only(cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec());
        assertThat(psql.getImage()).isEqualTo(composeImage("partition-maintenance"));
        List<String> command = psql.getCommand();
        assertThat(command.subList(0, 3)).containsExactly("psql", "-v", "ON_ERROR_STOP=1");
        String sql = command.get(command.indexOf("-c") + 1);
        Matcher compose = Pattern.compile("-c '([^']+)'")
                .matcher(Kustomize.YAML
                        .readTree(COMPOSE.toFile())
                        .path("services")
                        .path("partition-maintenance")
                        .path("entrypoint")
                        .toString());
        assertThat(compose.find()).isTrue();
        assertThat(sql).isEqualTo(compose.group(1));
        assertThat(definesMaintenanceFunction())
                .as("heartbeat_maintenance() in sql/")
                .isTrue();
        assertThat(names(psql.getEnv()))
                .containsExactlyInAnyOrder("PGHOST", "PGPORT", "PGDATABASE", "PGSSLMODE", "PGUSER", "PGPASSWORD");
        assertSecretsOnly(psql);
        assertThat(secretRef(psql, "PGUSER"))
                .as("the administrator who owns the partitions, as the migration")
                .isEqualTo(
                        secretRef(only(rendered.podTemplates().get(MIGRATE_JOB).getSpec()), "HEARTBEAT_MIGRATE_USER"));
    }

    /**
     * Each program runs its own image (the job's registry and tag) as its Dockerfile's user and entrypoint, with only
     * variables it reads, every credential from a Secret, its database and brokers from the shared ConfigMap.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("deployments")
    void eachProgramRunsItsOwnImageWithOnlyTheVariablesItReads(Overlay overlay, Program program) {
        Rendered rendered = Rendered.of(overlay);
        Deployment deployment = rendered.model("Deployment", program.deployment(), Deployment.class);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container container = only(pod);
        String jobImage = rendered.jobImage();
        assertThat(container.getImage())
                .as("the job's registry and tag")
                .startsWith(jobImage.substring(0, jobImage.lastIndexOf('/') + 1))
                .contains(program.module())
                .endsWith(jobImage.substring(jobImage.lastIndexOf(':')));
        assertThat(container.getCommand()).isEqualTo(dockerfileEntrypoint(program.dockerfile()));
        assertThat(instructions(program.dockerfile()))
                .as("the image's user is the pod's")
                .contains("USER " + pod.getSecurityContext().getRunAsUser() + ":"
                        + pod.getSecurityContext().getRunAsGroup());
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());

        Set<String> known = new TreeSet<>(program.variables());
        known.addAll(JVM_VARIABLES);
        assertThat(names(container.getEnv()))
                .as("variables %s does not read", program)
                .isSubsetOf(known)
                .contains(program.dbUser(), program.dbPassword(), KafkaSecurityOptions.PASSWORD_ENV);
        assertSecretsOnly(container);
        assertThat(configMapRef(container, program.jdbcUrl())).isEqualTo("jdbc-url");
        assertThat(configMapRef(container, program.bootstrapServers())).isEqualTo("kafka-bootstrap-servers");
    }

    /** The notifier's own: its contact points, the job's alerts topic, and no port but its metrics. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void theNotifierReadsTheJobsAlertsAndListensForPrometheusOnly(Overlay overlay) {
        Rendered rendered = Rendered.of(overlay);
        Deployment deployment = rendered.model("Deployment", NOTIFIER, Deployment.class);
        Container notifier = only(deployment.getSpec().getTemplate().getSpec());
        assertThat(notifier.getPorts())
                .as("it listens for Prometheus only, on the port its variable names")
                .extracting(p -> p.getName() + ":" + p.getContainerPort())
                .containsExactly("metrics:" + value(notifier, NotifierConfig.METRICS_PORT));
        PodMonitor monitor = rendered.model("PodMonitor", NOTIFIER, PodMonitor.class);
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(monitor.getSpec().getSelector().getMatchLabels());
        assertThat(monitor.getSpec().getPodMetricsEndpoints())
                .extracting(PodMetricsEndpoint::getPort)
                .containsExactly("metrics");
        assertThat(names(notifier.getEnv())).contains(NotifierConfig.WEBHOOK_URL, NotifierConfig.SLACK_WEBHOOK_URL);
        assertThat(value(notifier, NotifierConfig.ALERTS_TOPIC))
                .isEqualTo(rendered.options().kafka().alertsTopic());
    }

    /**
     * The console: on the pod's address behind its ClusterIP Service only, on the port it listens on, probed on a page
     * that needs no sign-in, one replica (sessions live in the process); its settings topic and the bounds it judges
     * settings by are the job's.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void theConsoleIsReachedThroughItsServiceAndSendsTheJobsSettings(Overlay overlay) {
        Rendered rendered = Rendered.of(overlay);
        Map<String, String> config = consoleConfig();
        Deployment deployment = rendered.model("Deployment", CONSOLE, Deployment.class);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        PodTemplateSpec template = deployment.getSpec().getTemplate();
        Container console = only(template.getSpec());
        assertThat(value(console, config.get("ADDRESS")))
                .as("the pod's address: the default, loopback, is unreachable through the Service")
                .isEqualTo("0.0.0.0");
        assertThat(console.getPorts())
                .as("the port it listens on, by name")
                .extracting(p -> p.getName() + ":" + p.getContainerPort())
                .containsExactly("http:" + value(console, config.get("PORT")));
        assertThat(names(console.getEnv())).contains(config.get("ADMIN_USER"), config.get("ADMIN_PASSWORD"));
        boolean https = names(console.getEnv()).contains(config.get("TLS_KEYSTORE"));

        Service service = rendered.model("Service", CONSOLE, Service.class);
        Map<String, String> selector = service.getSpec().getSelector();
        assertThat(template.getMetadata().getLabels()).containsAllEntriesOf(selector);
        rendered.podTemplates().forEach((name, other) -> {
            if (!name.equals(CONSOLE)) {
                assertThat(other.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                        .as(name + " is not the console")
                        .isFalse();
            }
        });
        assertThat(service.getSpec().getPorts())
                .extracting(ServicePort::getTargetPort)
                .extracting(port -> port.getStrVal() != null ? port.getStrVal() : String.valueOf(port.getIntVal()))
                .containsExactly("http");

        // Probes: on a page anyone may load, on the named port, over HTTPS exactly when the console has a key store.
        Set<String> anonymous = consolePermitAll();
        assertThat(anonymous).isNotEmpty();
        Map<String, Probe> probes = new TreeMap<>();
        probes.put("startupProbe", console.getStartupProbe());
        probes.put("readinessProbe", console.getReadinessProbe());
        probes.put("livenessProbe", console.getLivenessProbe());
        probes.forEach((kind, probe) -> {
            assertThat(probe).as(kind).isNotNull();
            assertThat(probe.getHttpGet().getPath())
                    .as(kind + ": a path SecurityConfig lets through without a sign-in")
                    .isIn(anonymous);
            assertThat(probe.getHttpGet().getPort().getStrVal()).as(kind).isEqualTo("http");
            assertThat(Objects.requireNonNullElse(probe.getHttpGet().getScheme(), "HTTP"))
                    .as(kind + " scheme")
                    .isEqualTo(https ? "HTTPS" : "HTTP");
        });

        // The settings: the job's topic, and the job's bounds (the console's variables over their defaults).
        Map<String, String> topicVariables = optionVariables(SettingsTopic.class);
        assertThat(value(console, topicVariables.get("--settings-topic")))
                .isEqualTo(rendered.options().settingsTopic());
        List<String> boundFlags = new ArrayList<>();
        optionVariables(SettingsBoundsOptions.class).forEach((flag, variable) -> {
            if (names(console.getEnv()).contains(variable)) {
                boundFlags.add(flag);
                boundFlags.add(value(console, variable));
            }
        });
        SettingsBoundsOptions bounds = new SettingsBoundsOptions();
        new CommandLine(bounds).parseArgs(boundFlags.toArray(String[]::new));
        assertThat(bounds.resolve()).isEqualTo(rendered.options().settingsBounds());
    }

    /**
     * Every pod but the Flink ones (which the operator builds): no service account token, not root, the runtime's
     * seccomp profile; each container without privilege escalation or capabilities, on a read-only root, with a
     * memory limit and requests; a JVM with a writable /tmp of its own.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void everyPodRunsHardened(Overlay overlay) {
        Rendered rendered = Rendered.of(overlay);
        assertThat(rendered.podTemplates()).isNotEmpty();
        rendered.podTemplates().forEach((name, template) -> {
            PodSpec pod = template.getSpec();
            assertThat(pod.getAutomountServiceAccountToken())
                    .as(name + " automountServiceAccountToken")
                    .isFalse();
            PodSecurityContext podSecurity = pod.getSecurityContext();
            assertThat(podSecurity).as(name + " securityContext").isNotNull();
            assertThat(podSecurity.getRunAsNonRoot()).as(name + " runAsNonRoot").isTrue();
            assertThat(podSecurity.getRunAsUser()).as(name + " runAsUser").isPositive();
            assertThat(podSecurity.getSeccompProfile().getType())
                    .as(name + " seccompProfile")
                    .isEqualTo("RuntimeDefault");
            for (Container container : pod.getContainers()) {
                String what = name + " " + container.getName();
                SecurityContext security = container.getSecurityContext();
                assertThat(security).as(what + " securityContext").isNotNull();
                assertThat(security.getAllowPrivilegeEscalation())
                        .as(what + " allowPrivilegeEscalation")
                        .isFalse();
                assertThat(security.getReadOnlyRootFilesystem())
                        .as(what + " readOnlyRootFilesystem")
                        .isTrue();
                assertThat(security.getCapabilities().getDrop())
                        .as(what + " capabilities.drop")
                        .containsExactly("ALL");
                assertThat(security.getCapabilities().getAdd())
                        .as(what + " capabilities.add")
                        .isNullOrEmpty();
                assertThat(container.getResources().getRequests())
                        .as(what + " requests")
                        .containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits())
                        .as(what + " limits")
                        .containsKey("memory");
                if (container.getCommand() != null
                        && !container.getCommand().isEmpty()
                        && container.getCommand().get(0).equals("java")) {
                    Set<String> emptyDirs = new TreeSet<>();
                    for (Volume volume : pod.getVolumes()) {
                        if (volume.getEmptyDir() != null) {
                            emptyDirs.add(volume.getName());
                        }
                    }
                    assertThat(container.getVolumeMounts())
                            .as(what + ": a JVM writes to /tmp, the root is read-only")
                            .anySatisfy(mount -> {
                                assertThat(mount.getMountPath()).isEqualTo("/tmp");
                                assertThat(emptyDirs).contains(mount.getName());
                            });
                }
            }
        });
    }

    /** The Flink pods' reporter, by the labels the FlinkDeployment gives them and the name of its port. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void thePodMonitorScrapesTheReporterOfTheFlinkPodsOnly(Overlay overlay) {
        Rendered rendered = Rendered.of(overlay);
        PodMonitor monitor = rendered.model("PodMonitor", "heartbeat-monitor", PodMonitor.class);
        Map<String, String> selector = monitor.getSpec().getSelector().getMatchLabels();
        JsonNode flinkPods = rendered.flinkDeployment().path("spec").path("podTemplate");
        Map<String, String> flinkLabels = new TreeMap<>();
        flinkPods
                .path("metadata")
                .path("labels")
                .properties()
                .forEach(e -> flinkLabels.put(e.getKey(), e.getValue().asText()));
        assertThat(flinkLabels).containsAllEntriesOf(selector);
        rendered.podTemplates()
                .forEach((name, template) -> assertThat(
                                template.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                        .as(name + " is not a Flink pod")
                        .isFalse());

        String reporterPort = rendered.flinkDeployment()
                .path("spec")
                .path("flinkConfiguration")
                .path(METRICS_PORT)
                .asText();
        // The port is declared in the JobManager's and the TaskManager's templates (ManifestsTest checks both).
        for (String role : List.of("jobManager", "taskManager")) {
            List<String> portNames = new ArrayList<>();
            rendered.flinkDeployment()
                    .path("spec")
                    .path(role)
                    .path("podTemplate")
                    .path("spec")
                    .path("containers")
                    .forEach(c -> c.path("ports").forEach(p -> {
                        if (p.path("containerPort").asText().equals(reporterPort)) {
                            portNames.add(p.path("name").asText());
                        }
                    }));
            assertThat(monitor.getSpec().getPodMetricsEndpoints())
                    .as(role)
                    .extracting(PodMetricsEndpoint::getPort)
                    .containsExactlyElementsOf(portNames);
        }
    }

    /** The PrometheusRule is a copy of monitoring/'s rule files, which promtool tests: a change to one fails here. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void thePrometheusRuleEqualsMonitoringsRules(Overlay overlay) throws IOException {
        Rendered rendered = Rendered.of(overlay);
        ObjectNode manifest = rendered.one("PrometheusRule", "heartbeat-pipeline-health");
        assertThat(Models.read(manifest, PrometheusRule.class).getSpec().getGroups())
                .isNotEmpty();
        ArrayNode groups = Kustomize.YAML.createArrayNode();
        try (Stream<Path> files = Files.list(RULES)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
                Kustomize.YAML.readTree(file.toFile()).path("groups").forEach(groups::add);
            }
        }
        assertThat(groups).isNotEmpty();
        assertThat(manifest.path("spec").path("groups")).isEqualTo(groups);
        assertThat(manifest.path("spec").size())
                .as("spec holds only the groups")
                .isEqualTo(1);
    }

    /** Every Secret key an object reads, unless optional, is created by the page's kubectl commands. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void theDocsCreateEverySecretKeyTheObjectsRead(Overlay overlay) throws IOException {
        Rendered rendered = Rendered.of(overlay);
        Set<String> created = new TreeSet<>();
        String page = Files.readString(KUBERNETES_DOC).replace("\\\n", " ");
        Matcher command =
                Pattern.compile("create secret generic (\\S+)([^\\n]*)").matcher(page);
        while (command.find()) {
            Matcher key = Pattern.compile("--from-(?:literal|file)=([\\w.-]+)=").matcher(command.group(2));
            while (key.find()) {
                created.add(command.group(1) + "/" + key.group(1));
            }
        }
        Set<String> read = new TreeSet<>();
        for (ObjectNode resource : rendered.resources()) {
            for (JsonNode ref : resource.findValues("secretKeyRef")) {
                if (!ref.path("optional").asBoolean(false)) {
                    read.add(ref.path("name").asText() + "/" + ref.path("key").asText());
                }
            }
        }
        assertThat(read).isNotEmpty();
        assertThat(created).containsAll(read);
        Set<String> secrets = new TreeSet<>();
        rendered.podTemplates()
                .values()
                .forEach(t -> t.getSpec()
                        .getContainers()
                        .forEach(c -> secrets.addAll(secretRefs(c).values().stream()
                                .map(ref -> ref.substring(0, ref.indexOf('/')))
                                .toList())));
        assertThat(secrets).containsExactlyInAnyOrderElementsOf(SECRETS);
    }

    /**
     * The test's render against a real kustomize: the one built into kubectl, where kubectl is installed (it is on
     * our machines; skipped elsewhere). The same objects, compared as trees, in any order.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void theRenderIsKubectlKustomizes(Overlay overlay) throws Exception {
        Path dir = KUBERNETES.resolve("overlays").resolve(overlay.name());
        Process kubectl;
        try {
            kubectl = new ProcessBuilder("kubectl", "kustomize", dir.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            Assumptions.abort("no kubectl on this machine: " + e.getMessage());
            return;
        }
        List<JsonNode> real = new ArrayList<>();
        Kustomize.YAML
                .readValues(Kustomize.YAML.createParser(kubectl.getInputStream()), JsonNode.class)
                .forEachRemaining(real::add);
        assertThat(kubectl.waitFor()).isZero();
        assertThat(real)
                .containsExactlyInAnyOrderElementsOf(Rendered.of(overlay).resources().stream()
                        .map(JsonNode.class::cast)
                        .toList());
    }

    /** Each program's image: the job image's Java, the jar its module builds, run by its ENTRYPOINT, not as root. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void eachProgramsDockerfileBuildsOnTheJobsJavaAndRunsItsJar(Program program) {
        List<String> lines = instructions(program.dockerfile());
        assertThat(lines.get(0)).isEqualTo(instructions(JOB_DOCKERFILE).get(0));
        String target = "/opt/heartbeat/" + program.jar();
        assertThat(lines)
                .filteredOn(line -> line.startsWith("COPY "))
                .containsExactly("COPY " + program.module() + "/target/" + program.jar() + " " + target);
        assertThat(Kustomize.text(REPO.resolve(program.module()).resolve("pom.xml")))
                .as("the jar the Dockerfile copies")
                .contains(program.pomLine());
        assertThat(dockerfileEntrypoint(program.dockerfile())).containsExactly("java", "-jar", target);
        assertThat(lines).contains("USER 9999:9999");
    }

    /**
     * The migrate tool's side of the interface: its jar in the job's image where the Job runs it, and the variables
     * the Job sets read by its code. Skipped until the migrate module is in this tree.
     */
    @Test
    void theJobImageHoldsTheMigrateJarThatReadsTheJobsVariables() throws IOException {
        Assumptions.assumeTrue(
                Files.isRegularFile(MIGRATE_MODULE.resolve("pom.xml")), "no migrate module in this tree yet");
        assertThat(instructions(JOB_DOCKERFILE))
                .filteredOn(line -> line.startsWith("COPY "))
                .contains("COPY migrate/target/heartbeat-migrate.jar " + MIGRATE_JAR);
        assertThat(Kustomize.text(MIGRATE_MODULE.resolve("pom.xml")))
                .contains("<outputFile>${project.build.directory}/heartbeat-migrate.jar</outputFile>");
        StringBuilder sources = new StringBuilder();
        try (Stream<Path> files = Files.walk(MIGRATE_MODULE.resolve("src").resolve("main"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                sources.append(Files.readString(file));
            }
        }
        assertThat(sources.toString()).contains(MIGRATE_VARIABLES);
    }

    private static List<ObjectNode> ofKind(List<ObjectNode> resources, String kind) {
        return resources.stream()
                .filter(r -> r.path("kind").asText().equals(kind))
                .toList();
    }

    private static Container only(PodSpec pod) {
        assertThat(pod.getContainers()).hasSize(1);
        return pod.getContainers().get(0);
    }

    private static List<String> names(List<EnvVar> variables) {
        return variables.stream().map(EnvVar::getName).toList();
    }

    /** A credential or contact point never has a value of its own: it comes from a Secret. */
    private static void assertSecretsOnly(Container container) {
        assertThat(container.getEnv())
                .filteredOn(v -> SECRET_VARIABLE.matcher(v.getName()).find())
                .isNotEmpty()
                .allSatisfy(v -> {
                    assertThat(v.getValue()).as(v.getName()).isNull();
                    assertThat(v.getValueFrom().getSecretKeyRef())
                            .as(v.getName())
                            .isNotNull();
                });
    }

    /** {@code secret/key} of each variable from a Secret. */
    private static Map<String, String> secretRefs(Container container) {
        Map<String, String> refs = new TreeMap<>();
        container.getEnv().stream()
                .filter(v -> v.getValueFrom() != null && v.getValueFrom().getSecretKeyRef() != null)
                .forEach(v -> refs.put(
                        v.getName(),
                        v.getValueFrom().getSecretKeyRef().getName() + "/"
                                + v.getValueFrom().getSecretKeyRef().getKey()));
        return refs;
    }

    /** The same for a pod template in the FlinkDeployment, read as a tree. */
    private static Map<String, String> secretRefs(JsonNode podTemplate) {
        Map<String, String> refs = new TreeMap<>();
        podTemplate
                .path("spec")
                .path("containers")
                .forEach(c -> c.path("env").forEach(v -> {
                    JsonNode ref = v.path("valueFrom").path("secretKeyRef");
                    if (!ref.isMissingNode()) {
                        refs.put(
                                v.path("name").asText(),
                                ref.path("name").asText() + "/"
                                        + ref.path("key").asText());
                    }
                }));
        return refs;
    }

    private static String secretRef(Container container, String variable) {
        return secretRefs(container).get(variable);
    }

    private static String configMapRef(Container container, String variable) {
        return variable(container, variable).getValueFrom().getConfigMapKeyRef().getKey();
    }

    private static String value(Container container, String variable) {
        return variable(container, variable).getValue();
    }

    private static EnvVar variable(Container container, String name) {
        return container.getEnv().stream()
                .filter(v -> v.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no " + name));
    }

    /**
     * ConsoleConfig's variables by the name of their constant ({@code DB_PASSWORD -> HEARTBEAT_CONSOLE_DB_PASSWORD}),
     * with {@code NAME_FILE} for each one it reads as a secret. From its source: the console is a Spring Boot
     * application that this module does not put on its classpath (its jar is Boot's executable one).
     */
    private static Map<String, String> consoleConfig() {
        String source = Kustomize.text(CONSOLE_SOURCES.resolve("ConsoleConfig.java"));
        Map<String, String> variables = new TreeMap<>();
        Matcher constant = Pattern.compile("static final String (\\w+) = \"(HEARTBEAT_\\w+)\";")
                .matcher(source);
        while (constant.find()) {
            variables.put(constant.group(1), constant.group(2));
        }
        Matcher suffix = Pattern.compile("FILE_SUFFIX = \"(\\w+)\";").matcher(source);
        assertThat(suffix.find()).as("ConsoleConfig.FILE_SUFFIX").isTrue();
        Matcher secret = Pattern.compile("secret\\(env, (\\w+),").matcher(source);
        while (secret.find()) {
            variables.put(secret.group(1) + suffix.group(1), variables.get(secret.group(1)) + suffix.group(1));
        }
        assertThat(variables)
                .as("ConsoleConfig's variables")
                .containsKeys("ADDRESS", "PORT", "JDBC_URL", "DB_PASSWORD");
        return variables;
    }

    /** The paths the console's SecurityConfig lets in without a sign-in: {@code requestMatchers(...).permitAll()}. */
    private static Set<String> consolePermitAll() {
        String source = Kustomize.text(CONSOLE_SOURCES.resolve("web").resolve("SecurityConfig.java"));
        Set<String> paths = new TreeSet<>();
        Matcher matchers = Pattern.compile("requestMatchers\\(([^)]*)\\)\\s*\\.permitAll\\(\\)")
                .matcher(source);
        while (matchers.find()) {
            Matcher path = Pattern.compile("\"([^\"]+)\"").matcher(matchers.group(1));
            while (path.find()) {
                paths.add(path.group(1));
            }
        }
        return paths;
    }

    /** The environment variables the Kafka security flags fall back to, and the two passwords they read. */
    private static Set<String> kafkaSecurityVariables() {
        Set<String> variables =
                new TreeSet<>(Set.of(KafkaSecurityOptions.PASSWORD_ENV, KafkaSecurityOptions.TRUSTSTORE_PASSWORD_ENV));
        variables.addAll(optionVariables(KafkaSecurityOptions.class).values());
        return variables;
    }

    /**
     * The variable each flag of a picocli command (or mixin) falls back to, by the flag's longest name, read from the
     * declarations ({@code defaultValue = "${env:NAME...}"}), its mixins' included.
     */
    private static Map<String, String> optionVariables(Class<?> type) {
        Map<String, String> variables = new TreeMap<>();
        Pattern variable = Pattern.compile("\\$\\{env:(\\w+)");
        for (var field : type.getDeclaredFields()) {
            Option option = field.getAnnotation(Option.class);
            if (option != null) {
                Matcher m = variable.matcher(option.defaultValue());
                if (m.find()) {
                    String flag = Arrays.stream(option.names())
                            .max(Comparator.comparingInt(String::length))
                            .orElseThrow();
                    variables.put(flag, m.group(1));
                }
            }
            if (field.getAnnotation(Mixin.class) != null) {
                variables.putAll(optionVariables(field.getType()));
            }
        }
        return variables;
    }

    private static String composeImage(String service) throws IOException {
        return Kustomize.YAML
                .readTree(COMPOSE.toFile())
                .path("services")
                .path(service)
                .path("image")
                .asText();
    }

    private static boolean definesMaintenanceFunction() throws IOException {
        Pattern function = Pattern.compile("(?i)FUNCTION\\s+heartbeat_maintenance\\s*\\(");
        try (Stream<Path> files = Files.walk(SQL)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".sql")).toList()) {
                if (function.matcher(Files.readString(file)).find()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A Dockerfile's instructions: no comments, no blank lines. */
    private static List<String> instructions(Path dockerfile) {
        return Kustomize.text(dockerfile)
                .lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
    }

    /** An image's ENTRYPOINT, in its JSON (exec) form. */
    private static List<String> dockerfileEntrypoint(Path dockerfile) {
        String entrypoint = instructions(dockerfile).stream()
                .filter(line -> line.startsWith("ENTRYPOINT "))
                .findFirst()
                .orElseThrow();
        try {
            List<String> words = new ArrayList<>();
            Kustomize.YAML
                    .readTree(entrypoint.substring("ENTRYPOINT ".length()))
                    .forEach(w -> words.add(w.asText()));
            return words;
        } catch (IOException e) {
            throw new AssertionError(entrypoint, e);
        }
    }
}
