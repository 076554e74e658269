package com.heartbeatmonitor.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.heartbeatmonitor.generator.GeneratedMessage;
import com.heartbeatmonitor.generator.InvalidKind;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.flink.streaming.util.TestStreamEnvironment;

/**
 * A canonical savepoint of a release, kept under {@code src/test/resources/savepoints/<release>/<script>/} so that
 * later versions of the job prove they still restore it ({@link SavepointCompatibilityIT}). Each fixture holds:
 *
 * <ul>
 *   <li>{@code savepoint/}: the savepoint as Flink wrote it (canonical, so relocatable: its paths are relative);
 *   <li>{@code messages.tsv}: every message of the script, in the order sent, as {@code partition, before|after
 *       (the savepoint), invalid kind or -, payload}; the ones before the savepoint must be sent again to a fresh
 *       topic of the same name so the offsets in the savepoint point at the first one after it;
 *   <li>{@code fixture.properties}: topic, partitions, job flags, the end offsets at the savepoint and the patient's
 *       alert as it stood then.
 * </ul>
 *
 * <p>{@link #main} makes the fixtures of the current code, with the real parts: a KRaft broker in this JVM, a
 * scratch database on the real PostgreSQL, a MiniCluster, and the production job as the tests start it. Run it
 * at a release, from the repository root:
 *
 * <pre>
 * mvn -B -pl local-stack -am verify -Psavepoint-fixture -DskipTests -Dsavepoint.release=&lt;release name&gt;
 * </pre>
 */
final class SavepointFixture {

    static final String ROOT = "savepoints";
    /** Records older than a broker's default retention (7 days) must not be deleted while a test reads them. */
    static final Map<String, String> KEEP_FOR_EVER = Map.of("retention.ms", "-1");

    static final int PARTITIONS = 2;
    static final String PROPERTIES = "fixture.properties";
    static final String MESSAGES = "messages.tsv";
    static final String SAVEPOINT = "savepoint";
    private static final String BEFORE = "before";
    private static final String AFTER = "after";
    private static final String VALID = "-";
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Properties properties;
    private final List<RawProducer.Addressed> before;
    private final List<RawProducer.Addressed> after;

    private SavepointFixture(
            Path dir, Properties properties, List<RawProducer.Addressed> before, List<RawProducer.Addressed> after) {
        this.dir = dir;
        this.properties = properties;
        this.before = before;
        this.after = after;
    }

    /** The scripts each release keeps a savepoint of: both profiles, so the state of each is covered. */
    private static Map<String, SavepointScript> scripts(Instant start) {
        Map<String, SavepointScript> scripts = new LinkedHashMap<>();
        scripts.put("clinical", new UpgradeScript(start, "savepoint-clinical"));
        scripts.put("wearable", new WearableUpgradeScript(start, "savepoint-wearable"));
        return scripts;
    }

    /** Arguments: the release's name, then optionally the folder to write into (default src/test/resources/...). */
    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args[0].isBlank() || !args[0].matches("[A-Za-z0-9._-]+")) {
            System.err.println("usage: SavepointFixture <release name, e.g. 2026-12-f5504f3> [output folder]");
            System.exit(2);
        }
        String release = args[0];
        Path out = Path.of(args.length > 1 ? args[1] : "src/test/resources/" + ROOT)
                .resolve(release)
                .toAbsolutePath();
        if (Files.exists(out)) {
            System.err.println(out + " exists: a release's fixture is never rewritten; remove it to make it again");
            System.exit(2);
        }
        // Whole minutes plus 30 s, in the past: the savepoint's second falls inside a minute, which stays open.
        Instant start = Instant.now()
                .truncatedTo(ChronoUnit.MINUTES)
                .minus(Duration.ofMinutes(90))
                .plusSeconds(30);
        Path work = Files.createTempDirectory("savepoint-fixture-");
        MiniCluster flink = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(2)
                .build());
        try (TestStack stack = TestStack.start(work.resolve("kafka"))) {
            flink.start();
            TestStreamEnvironment.setAsContext(flink, 2);
            for (Map.Entry<String, SavepointScript> script : scripts(start).entrySet()) {
                make(stack, release, script.getKey(), script.getValue(), work, out.resolve(script.getKey()));
            }
        } finally {
            TestStreamEnvironment.unsetAsContext();
            flink.close();
            FileUtils.deleteDirectory(work.toFile());
        }
        System.out.println("fixtures written to " + out);
        System.exit(0); // the broker and Flink leave non-daemon threads behind
    }

    /** Runs the script to its savepoint second, stops the job with a canonical savepoint, keeps it in {@code to}. */
    private static void make(TestStack stack, String release, String name, SavepointScript script, Path work, Path to)
            throws Exception {
        String topic = "savepoint-" + name;
        stack.broker.createTopic(topic, PARTITIONS, KEEP_FOR_EVER);
        List<RawProducer.Addressed> before = script.seconds(0, script.savepointAt());
        List<RawProducer.Addressed> after = script.seconds(script.savepointAt(), script.end());
        try (RawProducer producer = new RawProducer(stack.broker.bootstrapServers(), topic)) {
            JobClient job = stack.startJob(new Configuration(), topic, topic, script.jobFlags());
            Map<TestStack.Coordinates, GeneratedMessage> sent = producer.sendAtEventTime(before);
            long rows = stack.awaitRows(topic, sent.size(), TIMEOUT);
            List<Object> open = stack.awaitAlert(script.patient(), "OPEN", TIMEOUT);
            if (rows != sent.size() || open == null) {
                throw new IllegalStateException(name + ": " + rows + " of " + sent.size() + " rows, alert " + open
                        + "; the script must leave an OPEN episode before its savepoint");
            }
            String savepoint = job.stopWithSavepoint(
                            false, work.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Files.createDirectories(to);
            FileUtils.copyDirectory(
                    Path.of(URI.create(savepoint)).toFile(),
                    to.resolve(SAVEPOINT).toFile());

            Properties p = new Properties();
            p.setProperty("release", release);
            p.setProperty("flink.version", EnvironmentInformation.getVersion());
            p.setProperty("script", script.toString());
            p.setProperty("topic", topic);
            p.setProperty("partitions", String.valueOf(PARTITIONS));
            p.setProperty("job.flags", String.join(" ", script.jobFlags()));
            p.setProperty("job.parallelism", "2");
            p.setProperty("customers.prefix", script.prefix() + "-");
            p.setProperty("patient", script.patient());
            p.setProperty("messages.before", String.valueOf(before.size()));
            p.setProperty("messages.after", String.valueOf(after.size()));
            endOffsets(sent).forEach((partition, end) -> p.setProperty("offsets.end." + partition, end.toString()));
            p.setProperty("alert.id", (String) open.get(0));
            p.setProperty(
                    "alert.started_at", ((Timestamp) open.get(1)).toInstant().toString());
            p.setProperty("alert.readings", open.get(2).toString());
            p.setProperty("alert.revision", open.get(3).toString());
            try (Writer w = Files.newBufferedWriter(to.resolve(PROPERTIES), StandardCharsets.UTF_8)) {
                p.store(w, "savepoint fixture of release " + release + " (SavepointFixture); do not edit");
            }
            List<String> lines = new ArrayList<>();
            before.forEach(m -> lines.add(line(BEFORE, m)));
            after.forEach(m -> lines.add(line(AFTER, m)));
            Files.write(to.resolve(MESSAGES), lines, StandardCharsets.UTF_8);
            System.out.printf(
                    "%s: %d messages before the savepoint, %d after; alert %s; savepoint %s%n",
                    name, before.size(), after.size(), open, savepoint);
        }
    }

    /** Per partition, the offset after the last message sent: where the savepoint's source resumes. */
    static Map<Integer, Long> endOffsets(Map<TestStack.Coordinates, GeneratedMessage> sent) {
        Map<Integer, Long> ends = new TreeMap<>();
        sent.keySet().forEach(at -> ends.merge(at.partition(), at.offset() + 1, Math::max));
        return ends;
    }

    private static String line(String phase, RawProducer.Addressed m) {
        InvalidKind kind = m.message().invalidKind();
        return m.partition() + "\t" + phase + "\t" + (kind == null ? VALID : kind.name()) + "\t"
                + new String(m.message().payload(), StandardCharsets.UTF_8);
    }

    /** Every fixture of every release on the test classpath, by release and script name. */
    static List<SavepointFixture> all() throws IOException {
        Path root;
        try {
            root = Path.of(SavepointFixture.class.getResource("/" + ROOT).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("no " + ROOT + " folder on the test classpath", e);
        }
        try (Stream<Path> files = Files.find(root, 3, (path, attributes) -> path.endsWith(PROPERTIES))) {
            List<SavepointFixture> fixtures = new ArrayList<>();
            for (Path file : files.sorted().toList()) {
                fixtures.add(read(file.getParent()));
            }
            return fixtures;
        }
    }

    static SavepointFixture read(Path dir) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(dir.resolve(PROPERTIES), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        List<RawProducer.Addressed> before = new ArrayList<>();
        List<RawProducer.Addressed> after = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(MESSAGES), StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", 4);
            JsonNode json = JSON.readTree(f[3]);
            GeneratedMessage message = new GeneratedMessage(
                    json.get("customer_id").asText(),
                    json.get("event_id").asText(),
                    Instant.parse(json.get("timestamp").asText()),
                    json.get("heart_rate").asInt(),
                    f[2].equals(VALID) ? null : InvalidKind.valueOf(f[2]),
                    f[3].getBytes(StandardCharsets.UTF_8));
            (f[1].equals(BEFORE) ? before : after).add(new RawProducer.Addressed(Integer.parseInt(f[0]), message));
        }
        return new SavepointFixture(dir, p, before, after);
    }

    String release() {
        return properties.getProperty("release");
    }

    String topic() {
        return properties.getProperty("topic");
    }

    int partitions() {
        return Integer.parseInt(properties.getProperty("partitions"));
    }

    String[] jobFlags() {
        return Arrays.stream(properties.getProperty("job.flags").split(" "))
                .filter(f -> !f.isEmpty())
                .toArray(String[]::new);
    }

    String patient() {
        return properties.getProperty("patient");
    }

    /** Every customer id of the fixture begins with this. */
    String customerPrefix() {
        return properties.getProperty("customers.prefix");
    }

    /** The end offset of each partition when the savepoint was taken. */
    Map<Integer, Long> endOffsets() {
        Map<Integer, Long> ends = new TreeMap<>();
        for (int partition = 0; partition < partitions(); partition++) {
            ends.put(partition, Long.parseLong(properties.getProperty("offsets.end." + partition, "0")));
        }
        return ends;
    }

    /** The patient's alert at the savepoint: alert_id, started_at, readings, revision. */
    List<Object> alertAtSavepoint() {
        return List.of(
                properties.getProperty("alert.id"),
                Timestamp.from(Instant.parse(properties.getProperty("alert.started_at"))),
                Integer.parseInt(properties.getProperty("alert.readings")),
                Integer.parseInt(properties.getProperty("alert.revision")));
    }

    List<RawProducer.Addressed> before() {
        return before;
    }

    List<RawProducer.Addressed> after() {
        return after;
    }

    /** A copy of the savepoint in {@code into}: a test resumes from the copy, as an operator from a moved one. */
    Path copySavepointTo(Path into) throws IOException {
        Path copy = into.resolve(release() + "-" + dir.getFileName());
        FileUtils.copyDirectory(dir.resolve(SAVEPOINT).toFile(), copy.toFile());
        return copy;
    }

    @Override
    public String toString() {
        return release() + "/" + dir.getFileName();
    }
}
