package com.heartbeatmonitor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.heartbeatmonitor.job.HeartbeatMonitorJob;
import com.heartbeatmonitor.job.config.JobOptions;
import com.heartbeatmonitor.job.config.StateBackend;
import com.heartbeatmonitor.security.KafkaSecurityOptions;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.spec.FlinkDeploymentSpec;
import org.apache.flink.kubernetes.operator.api.spec.UpgradeMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine.Option;

/**
 * No cluster runs here, so every overlay is rendered as {@code kustomize build} would (the subset in
 * {@link Kustomize}) and read into the Flink Kubernetes Operator's own {@link FlinkDeployment} model; then
 * what the job depends on is checked against the job itself: its option parser, its main class, the
 * environment variables it reads credentials from, the Dockerfile that puts its jar where jarURI points.
 */
class ManifestsTest {

    private static final Path KUBERNETES = Path.of("kubernetes");
    private static final Path DOCKERFILE = Path.of("Dockerfile");
    private static final Path PARENT_POM = Path.of("..", "pom.xml");
    private static final Path JOB_POM = Path.of("..", "flink-job", "pom.xml");
    private static final String JAR_NAME = "heartbeat-monitor-job.jar";
    private static final String JAR_URI = "local:///opt/flink/usrlib/" + JAR_NAME;
    private static final String MAIN_CONTAINER = "flink-main-container";
    private static final String FLINK_VERSION = "v2_2";
    private static final String CREDENTIALS_SECRET = "heartbeat-monitor-credentials";
    private static final String METRICS_PORT = "metrics.reporter.prom.port";
    /** Flags whose value would be a credential: never in args, which the web UI and the resource's status show. */
    private static final List<String> CREDENTIAL_FLAGS = List.of("--jdbc-password", "--kafka-sasl-password");
    /** Words that mark a setting or variable as a credential, which then must come from a Secret. */
    private static final Pattern CREDENTIAL = Pattern.compile("(?i)password|secret|access.?key|token|user");

    /** What an overlay must render to. */
    record Overlay(
            String name,
            String namespace,
            int parallelism,
            int jobManagers,
            StateBackend backend,
            String storagePrefix,
            List<String> secrets) {}

    static Stream<Overlay> overlays() {
        return Stream.of(
                new Overlay(
                        "staging",
                        "heartbeat-staging",
                        2,
                        1,
                        StateBackend.HASHMAP,
                        "file:///flink-data/",
                        List.of(CREDENTIALS_SECRET)),
                new Overlay(
                        "production",
                        "heartbeat-production",
                        8,
                        2,
                        StateBackend.ROCKSDB,
                        "s3://heartbeat-monitor-state/",
                        List.of(CREDENTIALS_SECRET, "heartbeat-monitor-s3")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void overlayRendersToADeploymentTheOperatorAndTheJobAccept(Overlay overlay) throws Exception {
        List<ObjectNode> resources =
                Kustomize.build(KUBERNETES.resolve("overlays").resolve(overlay.name()));
        FlinkDeployment deployment = flinkDeployment(resources);
        FlinkDeploymentSpec spec = deployment.getSpec();
        Map<String, String> config = spec.getFlinkConfiguration();

        assertThat(deployment.getMetadata().getNamespace()).isEqualTo(overlay.namespace());
        assertThat(spec.getImage()).endsWith(":0.1.0");
        assertThat(spec.getServiceAccount()).isNotBlank();

        // The job: the jar where the Dockerfile puts it, its real main class, args its own parser accepts.
        assertThat(spec.getJob().getJarURI()).isEqualTo(JAR_URI);
        assertThat(spec.getJob().getEntryClass()).isEqualTo(HeartbeatMonitorJob.class.getName());
        List<String> args = Arrays.asList(spec.getJob().getArgs());
        JobOptions options = JobOptions.parse(args.toArray(String[]::new)).orElseThrow();
        assertThat(options.skipPreflight())
                .as("the job checks Kafka and PostgreSQL before it starts")
                .isFalse();
        assertThat(options.stateBackend())
                .as("the backend is set once, in flinkConfiguration")
                .isEmpty();
        assertThat(args)
                .as("parallelism is spec.job.parallelism's")
                .doesNotContain("--parallelism")
                .doesNotContainAnyElementsOf(CREDENTIAL_FLAGS);
        assertThat(spec.getJob().getParallelism()).isEqualTo(overlay.parallelism());
        assertThat(spec.getJob().getUpgradeMode()).isEqualTo(UpgradeMode.SAVEPOINT);

        // Kubernetes HA, and checkpoints, savepoints and HA metadata in the overlay's storage.
        assertThat(config).containsEntry("high-availability.type", "kubernetes");
        assertThat(spec.getJobManager().getReplicas()).isEqualTo(overlay.jobManagers());
        for (String dir : List.of(
                "high-availability.storageDir",
                "execution.checkpointing.dir",
                "execution.checkpointing.savepoint-dir")) {
            assertThat(config.get(dir)).as(dir).startsWith(overlay.storagePrefix());
        }
        assertThat(config).containsEntry("state.backend.type", overlay.backend().flinkName());
        assertThat(config.get("execution.checkpointing.incremental"))
                .isEqualTo(overlay.backend().incrementalCheckpoints() ? "true" : null);
        if (overlay.storagePrefix().startsWith("file:")) {
            assertVolumeHoldsTheDirectories(resources, spec, config.get("execution.checkpointing.dir"));
        }

        // Prometheus: the reporter's port is the container's.
        Container main = container(spec.getPodTemplate().getSpec());
        assertThat(main.getPorts())
                .extracting(ContainerPort::getContainerPort)
                .containsExactly(Integer.valueOf(config.get(METRICS_PORT)));
        assertThat(config.get("metrics.reporter.prom.factory.class")).endsWith("PrometheusReporterFactory");

        // Credentials: the variables the job reads, each from a Secret; nothing secret in plain sight.
        Container jobManager = container(spec.getJobManager().getPodTemplate().getSpec());
        assertThat(secretVariables(jobManager))
                .containsExactlyInAnyOrder(
                        env("--jdbc-user"),
                        env("--jdbc-password"),
                        env("--kafka-sasl-username"),
                        KafkaSecurityOptions.PASSWORD_ENV);
        List<EnvVar> everyVariable = new ArrayList<>(jobManager.getEnv());
        everyVariable.addAll(main.getEnv());
        assertThat(everyVariable)
                .filteredOn(v -> v.getValueFrom() != null)
                .extracting(v -> v.getValueFrom().getSecretKeyRef().getName())
                .containsOnlyElementsOf(overlay.secrets())
                .containsAll(overlay.secrets());
        assertThat(everyVariable)
                .filteredOn(v -> CREDENTIAL.matcher(v.getName()).find())
                .as("credential variables with a value of their own instead of a Secret")
                .allSatisfy(v -> assertThat(v.getValue()).isNull());
        assertThat(config.keySet())
                .as("credentials in flinkConfiguration")
                .noneMatch(key -> CREDENTIAL.matcher(key).find());
        assertThat(args)
                .as("credentials in args")
                .noneMatch(arg -> CREDENTIAL.matcher(arg).find());
    }

    @Test
    void dockerfileBuildsOnTheFlinkTheJobIsBuiltForAndPutsTheJarWhereJarUriPoints() {
        List<String> lines = Kustomize.text(DOCKERFILE)
                .lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
        String flinkVersion = property(PARENT_POM, "flink.version");
        assertThat(lines.get(0)).isEqualTo("FROM apache/flink:" + flinkVersion + "-java17");
        assertThat(lines)
                .filteredOn(line -> line.startsWith("COPY "))
                .containsExactly(
                        "COPY flink-job/target/" + JAR_NAME + " " + URI_PATH.apply(JAR_URI),
                        "COPY migrate/target/heartbeat-migrate.jar /opt/heartbeat/heartbeat-migrate.jar");
        assertThat(Kustomize.text(JOB_POM))
                .as("the shaded jar the Dockerfile copies")
                .contains("<outputFile>${project.build.directory}/" + JAR_NAME + "</outputFile>");
    }

    @Test
    void aMisspelledFieldDoesNotParse() {
        ObjectNode base = Kustomize.build(KUBERNETES.resolve("base")).get(0);
        ((ObjectNode) base.with("spec").with("job")).put("upgradMode", "savepoint");
        assertThatThrownBy(() -> toModel(base)).hasMessageContaining("upgradMode");
    }

    @Test
    void renderMergesMapsAndNamedListsAndReplacesEverythingElse() throws Exception {
        ObjectNode target = (ObjectNode)
                Kustomize.YAML.readTree("a: {b: 1, c: 2}\nl: [{name: x, v: 1}, {name: y, v: 1}]\ns: [1, 2]\ngone: 1\n");
        Kustomize.merge(target, Kustomize.YAML.readTree("a: {c: 3}\nl: [{name: y, v: 2}, {name: z}]\ns: [3]\ngone:\n"));
        assertThat(target)
                .isEqualTo(Kustomize.YAML.readTree(
                        "a: {b: 1, c: 3}\nl: [{name: x, v: 1}, {name: y, v: 2}, {name: z}]\ns: [3]\n"));
    }

    private static final java.util.function.Function<String, String> URI_PATH =
            uri -> uri.substring("local://".length());

    /** The one FlinkDeployment of an overlay in the operator's model; flinkVersion checked on its own. */
    private static FlinkDeployment flinkDeployment(List<ObjectNode> resources) throws Exception {
        List<ObjectNode> deployments = resources.stream()
                .filter(r -> r.path("kind").asText().equals("FlinkDeployment"))
                .toList();
        assertThat(deployments).hasSize(1);
        ObjectNode node = deployments.get(0);
        assertThat(node.path("apiVersion").asText()).isEqualTo("flink.apache.org/v1beta1");
        return toModel(node);
    }

    /**
     * The manifest in the operator's model. The operator 1.13 accepts {@code v2_2}; the 1.10 model on Maven
     * Central here ends at {@code v1_20}, so the version is checked as text and left out of the mapping.
     * The model ignores fields it does not know (as the operator does), so the manifest is mapped back
     * and every field it has must still be there: a misspelled one is lost on the way and fails.
     */
    private static FlinkDeployment toModel(ObjectNode node) throws Exception {
        ObjectNode copy = node.deepCopy();
        JsonNode version = ((ObjectNode) copy.get("spec")).remove("flinkVersion");
        assertThat(version.asText()).isEqualTo(FLINK_VERSION);
        FlinkDeployment deployment = Kustomize.YAML.treeToValue(copy, FlinkDeployment.class);
        List<String> lost = new ArrayList<>();
        lostFields(copy, Kustomize.YAML.valueToTree(deployment), "", lost);
        if (!lost.isEmpty()) {
            throw new IllegalArgumentException("fields the operator's model does not know: " + lost);
        }
        return deployment;
    }

    /** Paths of {@code manifest} that {@code model} (the manifest mapped and written back) does not have. */
    private static void lostFields(JsonNode manifest, JsonNode model, String path, List<String> lost) {
        if (manifest.isObject()) {
            manifest.fieldNames().forEachRemaining(field -> {
                JsonNode back = model.get(field);
                if (back == null || back.isNull()) {
                    lost.add(path + "/" + field);
                } else {
                    lostFields(manifest.get(field), back, path + "/" + field, lost);
                }
            });
        } else if (manifest.isArray()) {
            for (int i = 0; i < manifest.size(); i++) {
                lostFields(manifest.get(i), model.path(i), path + "/" + i, lost);
            }
        }
    }

    /** With the PVC: the volume mounted at the checkpoint directory is the claim the overlay creates. */
    private static void assertVolumeHoldsTheDirectories(
            List<ObjectNode> resources, FlinkDeploymentSpec spec, String checkpointDir) {
        PodSpec pod = spec.getPodTemplate().getSpec();
        String mountPath = container(pod).getVolumeMounts().get(0).getMountPath();
        assertThat(checkpointDir).startsWith("file://" + mountPath + "/");
        Volume volume = pod.getVolumes().get(0);
        assertThat(container(pod).getVolumeMounts().get(0).getName()).isEqualTo(volume.getName());
        assertThat(resources)
                .filteredOn(r -> r.path("kind").asText().equals("PersistentVolumeClaim"))
                .extracting(r -> r.path("metadata").path("name").asText())
                .containsExactly(volume.getPersistentVolumeClaim().getClaimName());
    }

    private static Container container(PodSpec pod) {
        return pod.getContainers().stream()
                .filter(c -> c.getName().equals(MAIN_CONTAINER))
                .findFirst()
                .orElseThrow();
    }

    private static List<String> secretVariables(Container container) {
        return container.getEnv().stream()
                .filter(v -> v.getValueFrom() != null && v.getValueFrom().getSecretKeyRef() != null)
                .map(EnvVar::getName)
                .toList();
    }

    /** The environment variable a job flag falls back to, read from the flag's own declaration. */
    private static String env(String flag) {
        Pattern variable = Pattern.compile("\\$\\{env:(\\w+)");
        Optional<String> found = Stream.of(JobOptions.class, KafkaSecurityOptions.class)
                .flatMap(type -> Arrays.stream(type.getDeclaredFields()))
                .map((Field field) -> field.getAnnotation(Option.class))
                .filter(option ->
                        option != null && Arrays.asList(option.names()).contains(flag))
                .map(option -> variable.matcher(option.defaultValue()))
                .filter(Matcher::find)
                .map(m -> m.group(1))
                .findFirst();
        return found.orElseThrow(() -> new AssertionError(flag + " has no environment variable"));
    }

    private static String property(Path pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(Kustomize.text(pom));
        assertThat(m.find()).as(name + " in " + pom).isTrue();
        return m.group(1);
    }
}
