package com.heartbeatmonitor.generator;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The ground truth: every simulated episode, pathological or benign, as one JSON line,
 * {@code {"customer_id":"...","type":"PAROXYSMAL_TACHYCARDIA","category":"PATHOLOGICAL","start":"...Z","end":"...Z"}}.
 * The category follows from the type; {@link #read} also reads lines of older files, which have none.
 */
public final class TruthFile implements Consumer<AnomalyEpisode>, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedWriter out;

    public TruthFile(Path path) throws IOException {
        this.out = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void accept(AnomalyEpisode episode) {
        Map<String, String> line = new LinkedHashMap<>();
        line.put("customer_id", episode.customerId());
        line.put("type", episode.type().name());
        line.put("category", episode.category().name());
        line.put("start", episode.start().toString());
        line.put("end", episode.end().toString());
        try {
            out.write(JSON.writeValueAsString(line));
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the truth file", e);
        }
    }

    public static List<AnomalyEpisode> read(Path path) throws IOException {
        List<AnomalyEpisode> episodes = new ArrayList<>();
        for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
            var node = JSON.readTree(line);
            episodes.add(new AnomalyEpisode(
                    node.get("customer_id").asText(),
                    AnomalyType.valueOf(node.get("type").asText()),
                    Instant.parse(node.get("start").asText()),
                    Instant.parse(node.get("end").asText())));
        }
        return episodes;
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
