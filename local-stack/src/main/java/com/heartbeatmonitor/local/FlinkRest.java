package com.heartbeatmonitor.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The Flink REST calls of the web UI's pages: "Submit New Job" ({@code POST /jars/upload}, then
 * {@code POST /jars/:jarid/run}), {@code GET /jobs/:jobid}, "Cancel Job" ({@code PATCH /jobs/:jobid?mode=cancel}),
 * the uploaded jars ({@code GET /jars}), the JobManager's configuration, and stop with a savepoint
 * ({@code POST /jobs/:jobid/stop}), as the upgrade steps do it. JSON in and out through Jackson. Uses only the
 * JDK and Jackson, so {@link JobSubmitter}'s jar can carry it.
 */
public final class FlinkRest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SERVICE_UNAVAILABLE = 503;

    private final String baseUrl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public FlinkRest(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Uploads a jar as "Submit New Job" does ({@code POST /jars/upload}); returns the id to run it by. */
    public String uploadJar(Path jar) throws IOException, InterruptedException {
        String boundary = "----heartbeat-monitor-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                        + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        JsonNode uploaded = send(HttpRequest.newBuilder(URI.create(baseUrl + "/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, Files.readAllBytes(jar), tail))));
        // The stored file's name is the jar's id: /tmp/flink-web-.../flink-web-upload/<id>_<name>.jar
        String stored = uploaded.path("filename").asText();
        if (stored.isEmpty()) {
            throw new IOException("upload of " + jar + " to " + baseUrl + " answered without a file name: " + uploaded);
        }
        return stored.substring(stored.lastIndexOf('/') + 1);
    }

    /**
     * What to run an uploaded jar with ({@code POST /jars/:jarid/run}): program arguments one by one (so any
     * may hold spaces), a parallelism or null for the cluster's, and a checkpoint or savepoint to restore from
     * or null.
     */
    public record RunRequest(
            List<String> programArgs, Integer parallelism, String savepointPath, boolean allowNonRestoredState) {}

    /** Runs an uploaded jar; returns the new job's id. */
    public String runJar(String jarId, RunRequest run) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode args = body.putArray("programArgsList");
        run.programArgs().forEach(args::add);
        if (run.parallelism() != null) {
            body.put("parallelism", run.parallelism());
        }
        if (run.savepointPath() != null) {
            body.put("savepointPath", run.savepointPath());
            body.put("allowNonRestoredState", run.allowNonRestoredState());
        }
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/jars/" + jarId + "/run"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))))
                .path("jobid")
                .asText();
    }

    /** One setting of the JobManager's configuration ({@code GET /jobmanager/config}), or empty. */
    public Optional<String> clusterSetting(String key) throws IOException, InterruptedException {
        for (JsonNode entry : send(HttpRequest.newBuilder(URI.create(baseUrl + "/jobmanager/config"))
                .GET())) {
            if (entry.path("key").asText().equals(key)) {
                return Optional.of(entry.path("value").asText());
            }
        }
        return Optional.empty();
    }

    public List<String> jarNames() throws IOException, InterruptedException {
        List<String> names = new ArrayList<>();
        send(HttpRequest.newBuilder(URI.create(baseUrl + "/jars")).GET())
                .get("files")
                .forEach(file -> names.add(file.get("name").asText()));
        return names;
    }

    public String jobState(String jobId) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/jobs/" + jobId))
                        .GET())
                .get("state")
                .asText();
    }

    public void cancel(String jobId) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(URI.create(baseUrl + "/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()));
    }

    /**
     * Stops the job with a savepoint, without draining (open episodes stay open in the savepoint), and
     * waits until the savepoint is written and the job has finished. Returns the savepoint's location,
     * to resume from with {@link JobSubmitter}'s {@code --resume-from}.
     */
    public String stopWithSavepoint(String jobId, Duration timeout) throws IOException, InterruptedException {
        String trigger = send(HttpRequest.newBuilder(URI.create(baseUrl + "/jobs/" + jobId + "/stop"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"drain\": false}")))
                .get("request-id")
                .asText();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode status =
                    send(HttpRequest.newBuilder(URI.create(baseUrl + "/jobs/" + jobId + "/savepoints/" + trigger))
                            .GET());
            if (status.path("status").path("id").asText().equals("COMPLETED")) {
                JsonNode operation = status.path("operation");
                if (operation.has("failure-cause")) {
                    String trace =
                            operation.path("failure-cause").path("stack-trace").asText();
                    throw new IllegalStateException("stop with savepoint of job " + jobId + " failed: "
                            + trace.lines()
                                    .findFirst()
                                    .orElse(operation.get("failure-cause").toString()));
                }
                awaitJobState(jobId, "FINISHED", timeout);
                return operation.get("location").asText();
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("no savepoint of job " + jobId + " within " + timeout);
    }

    /**
     * Waits until the job runs and every one of its tasks too (a job is RUNNING while its tasks still
     * deploy; a checkpoint or savepoint needs them all running); fails if the job fails instead.
     */
    public void awaitTasksRunning(String jobId, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = send(HttpRequest.newBuilder(URI.create(baseUrl + "/jobs/" + jobId))
                    .GET());
            String state = job.get("state").asText();
            if (state.equals("FAILED")) {
                throw new IllegalStateException("job " + jobId + " FAILED: " + exceptions(jobId));
            }
            JsonNode vertices = job.path("vertices");
            boolean allRunning = state.equals("RUNNING") && vertices.size() > 0;
            for (JsonNode vertex : vertices) {
                allRunning &= vertex.path("status").asText().equals("RUNNING");
            }
            if (allRunning) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("tasks of job " + jobId + " not all running after " + timeout);
    }

    /**
     * Where the job's tasks run: for each TaskManager (by resource id) how many of the job's subtasks are
     * RUNNING on it, over all vertices ({@code GET /jobs/:jobid/vertices/:vertexid/taskmanagers}).
     */
    public Map<String, Integer> runningSubtasksByTaskManager(String jobId) throws IOException, InterruptedException {
        Map<String, Integer> running = new TreeMap<>();
        for (JsonNode vertex : send(HttpRequest.newBuilder(URI.create(baseUrl + "/jobs/" + jobId))
                        .GET())
                .path("vertices")) {
            URI uri = URI.create(
                    baseUrl + "/jobs/" + jobId + "/vertices/" + vertex.get("id").asText() + "/taskmanagers");
            for (JsonNode taskManager : send(HttpRequest.newBuilder(uri).GET()).path("taskmanagers")) {
                running.merge(
                        taskManager.path("taskmanager-id").asText(),
                        taskManager.path("status-counts").path("RUNNING").asInt(0),
                        Integer::sum);
            }
        }
        return running;
    }

    /** Waits until the job's exception history has more than {@code failures} entries; fails if it does not. */
    public void awaitFailure(String jobId, int failures, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (failures(jobId) <= failures) {
            if (System.nanoTime() >= deadline) {
                throw new IllegalStateException(
                        "job " + jobId + " recorded no failure after " + failures + " within " + timeout);
            }
            Thread.sleep(100);
        }
    }

    /** Waits until the job is in {@code state}; fails with the job's exceptions if it fails instead. */
    public void awaitJobState(String jobId, String state, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String current = "";
        while (System.nanoTime() < deadline) {
            current = jobState(jobId);
            if (current.equals(state)) {
                return;
            }
            if (current.equals("FAILED")) {
                throw new IllegalStateException("job " + jobId + " FAILED: " + exceptions(jobId));
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("job " + jobId + " still " + current + " after " + timeout + ", not " + state);
    }

    /** How many failures the job has recovered from, or is recovering from: its exception history. */
    public int failures(String jobId) throws IOException, InterruptedException {
        JsonNode history = send(HttpRequest.newBuilder(URI.create(baseUrl + "/jobs/" + jobId + "/exceptions"))
                        .GET())
                .path("exceptionHistory")
                .path("entries");
        return history.size();
    }

    /** Full size in bytes of the job's latest completed checkpoint, or -1 if none has completed yet. */
    public long latestCheckpointSize(String jobId) throws IOException, InterruptedException {
        JsonNode latest = send(HttpRequest.newBuilder(URI.create(baseUrl + "/jobs/" + jobId + "/checkpoints"))
                        .GET())
                .path("latest")
                .path("completed");
        return latest.isMissingNode() || latest.isNull()
                ? -1
                : latest.path("state_size").asLong(-1);
    }

    /**
     * A completed checkpoint as the web UI's Checkpoints tab shows it: {@code stateSize} is the whole
     * state it stands for, {@code checkpointedSize} what this checkpoint wrote (less than the state when
     * incremental), {@code durationMillis} from trigger to the last acknowledgement.
     */
    public record Checkpoint(long id, long stateSize, long checkpointedSize, long durationMillis) {}

    /**
     * The job's latest completed checkpoint, and the longest end-to-end duration of all it completed
     * (empty before the first one).
     */
    public Optional<Checkpoint> latestCheckpoint(String jobId) throws IOException, InterruptedException {
        JsonNode latest = send(HttpRequest.newBuilder(URI.create(baseUrl + "/jobs/" + jobId + "/checkpoints"))
                        .GET())
                .path("latest")
                .path("completed");
        return latest.isMissingNode() || latest.isNull()
                ? Optional.empty()
                : Optional.of(new Checkpoint(
                        latest.path("id").asLong(),
                        latest.path("state_size").asLong(),
                        latest.path("checkpointed_size").asLong(),
                        latest.path("end_to_end_duration").asLong()));
    }

    /** The state backend the running job uses, as Flink names its class, e.g. {@code HashMapStateBackend}. */
    public String stateBackend(String jobId) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/jobs/" + jobId + "/checkpoints/config"))
                        .GET())
                .path("state_backend")
                .asText();
    }

    /** Ids of the jobs named {@code name} that the JobManager knows, with their states. */
    public Map<String, String> jobsNamed(String name) throws IOException, InterruptedException {
        Map<String, String> jobs = new LinkedHashMap<>();
        send(HttpRequest.newBuilder(URI.create(baseUrl + "/jobs/overview")).GET())
                .path("jobs")
                .forEach(job -> {
                    if (job.path("name").asText().equals(name)) {
                        jobs.put(job.path("jid").asText(), job.path("state").asText());
                    }
                });
        return jobs;
    }

    /** How many checkpoints of the job have completed so far. */
    public long completedCheckpoints(String jobId) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/jobs/" + jobId + "/checkpoints"))
                        .GET())
                .path("counts")
                .path("completed")
                .asLong(0);
    }

    /** The checkpoint or savepoint path the job was restored from, or empty if it started afresh (or not yet). */
    public String restoredFrom(String jobId) throws IOException, InterruptedException {
        JsonNode restored = send(HttpRequest.newBuilder(URI.create(baseUrl + "/jobs/" + jobId + "/checkpoints"))
                        .GET())
                .path("latest")
                .path("restored");
        return restored.isMissingNode() || restored.isNull()
                ? ""
                : restored.path("external_path").asText("");
    }

    public String exceptions(String jobId) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/jobs/" + jobId + "/exceptions"))
                        .GET())
                .toString();
    }

    /** Waits until the REST endpoint answers and at least {@code slots} task slots are registered. */
    void awaitSlots(int slots, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                JsonNode overview = send(HttpRequest.newBuilder(URI.create(baseUrl + "/overview"))
                        .GET());
                if (overview.get("slots-total").asInt() >= slots) {
                    return;
                }
            } catch (ConnectException e) {
                // not listening yet
            } catch (StatusException e) {
                if (e.status != SERVICE_UNAVAILABLE) {
                    throw e;
                }
                // the JobManager's leader election is still running: not ready yet either
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("Flink cluster at " + baseUrl + " did not offer " + slots
                + " task slot(s) within " + timeout + "; see its logs");
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new StatusException(response);
        }
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    /** A REST call answered with an error status; the message has the call, the status and the body. */
    static final class StatusException extends IOException {
        final int status;

        StatusException(HttpResponse<String> response) {
            super(response.request().method() + " " + response.request().uri() + " answered " + response.statusCode()
                    + ": " + response.body());
            this.status = response.statusCode();
        }
    }
}
