package com.heartbeatmonitor.settings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings messages of {@code settings/rejected.tsv} and {@code settings/accepted.tsv}, one file each so that the
 * parser's tests and the published schema's ({@link SettingsContractTest}) judge the same messages. All have the
 * record key {@link #KEY} and are judged under {@link SettingsBounds#DEFAULT}.
 */
final class SettingsCases {

    static final String KEY = "c-1";

    /** A message the parser rejects, with its reason and a part of the detail it gives. */
    record Rejected(String name, SettingsRejectReason reason, String detail, String json) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A message the parser accepts. */
    record Accepted(String name, String json) {
        @Override
        public String toString() {
            return name;
        }
    }

    private SettingsCases() {}

    static List<Rejected> rejected() {
        return lines("/settings/rejected.tsv", 4).stream()
                .map(c -> new Rejected(c[0], SettingsRejectReason.valueOf(c[1]), c[2], c[3]))
                .toList();
    }

    static List<Accepted> accepted() {
        return lines("/settings/accepted.tsv", 2).stream()
                .map(c -> new Accepted(c[0], c[1]))
                .toList();
    }

    private static List<String[]> lines(String resource, int columns) {
        String text;
        try (InputStream in = SettingsCases.class.getResourceAsStream(resource)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
        List<String[]> cases = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] fields = line.split("\t", columns);
            if (fields.length != columns) {
                throw new IllegalArgumentException(
                        resource + ": " + columns + " tab-separated columns needed: " + line);
            }
            cases.add(fields);
        }
        return cases;
    }
}
