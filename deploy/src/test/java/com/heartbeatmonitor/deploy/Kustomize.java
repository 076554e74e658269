package com.heartbeatmonitor.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of {@code kustomize build} the manifests use, so the test reads what a cluster would get
 * without kustomize installed: {@code resources} (files or directories), {@code components},
 * strategic-merge {@code patches} by path, and {@code namespace}. A kustomization with any other field
 * fails rather than being rendered wrong. The merge is what kustomize does for a custom resource, whose
 * schema it does not know: maps merge key by key, lists whose items all have a {@code name} merge item
 * by item on it (the only key kustomize infers), any other list and every scalar is replaced, and a
 * {@code null} removes the key.
 */
final class Kustomize {

    static final YAMLMapper YAML = new YAMLMapper();

    private static final Set<String> SUPPORTED =
            Set.of("apiVersion", "kind", "namespace", "resources", "components", "patches");
    private static final String MERGE_KEY = "name";

    private Kustomize() {}

    /** The resources the kustomization in {@code dir} produces, in order. */
    static List<ObjectNode> build(Path dir) {
        ObjectNode kustomization = read(dir.resolve("kustomization.yaml")).get(0);
        kustomization.fieldNames().forEachRemaining(field -> {
            if (!SUPPORTED.contains(field)) {
                throw new IllegalArgumentException(dir + ": '" + field + "' is not rendered by this test's kustomize");
            }
        });
        List<ObjectNode> resources = new ArrayList<>();
        for (JsonNode entry : kustomization.path("resources")) {
            Path path = dir.resolve(entry.asText()).normalize();
            resources.addAll(Files.isDirectory(path) ? build(path) : read(path));
        }
        // A component sees the resources so far and patches them, as kustomize applies it.
        for (JsonNode entry : kustomization.path("components")) {
            Path component = dir.resolve(entry.asText()).normalize();
            String kind = read(component.resolve("kustomization.yaml"))
                    .get(0)
                    .path("kind")
                    .asText();
            if (!kind.equals("Component")) {
                throw new IllegalArgumentException(component + " is a " + kind + ", not a Component");
            }
            resources = build(component, resources);
        }
        applyPatches(dir, kustomization, resources);
        if (kustomization.has("namespace")) {
            String namespace = kustomization.get("namespace").asText();
            resources.forEach(r -> ((ObjectNode) r.with("metadata")).put("namespace", namespace));
        }
        return resources;
    }

    /** A component: its own resources added to {@code before}, then its patches over all of them. */
    private static List<ObjectNode> build(Path component, List<ObjectNode> before) {
        ObjectNode kustomization = read(component.resolve("kustomization.yaml")).get(0);
        List<ObjectNode> resources = new ArrayList<>(before);
        for (JsonNode entry : kustomization.path("resources")) {
            resources.addAll(read(component.resolve(entry.asText()).normalize()));
        }
        applyPatches(component, kustomization, resources);
        return resources;
    }

    private static void applyPatches(Path dir, ObjectNode kustomization, List<ObjectNode> resources) {
        for (JsonNode entry : kustomization.path("patches")) {
            for (ObjectNode patch : read(dir.resolve(entry.path("path").asText()))) {
                List<ObjectNode> targets =
                        resources.stream().filter(r -> id(r).equals(id(patch))).toList();
                if (targets.size() != 1) {
                    throw new IllegalArgumentException(entry + " matches " + targets.size() + " resources");
                }
                merge(targets.get(0), patch);
            }
        }
    }

    /** Kind and name: what kustomize matches a patch on. */
    private static String id(JsonNode resource) {
        return resource.path("apiVersion").asText() + "/"
                + resource.path("kind").asText() + "/"
                + resource.path("metadata").path("name").asText();
    }

    /** Merges {@code patch} into {@code target} in place. */
    static void merge(ObjectNode target, JsonNode patch) {
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            JsonNode existing = target.get(key);
            if (value.isNull()) {
                target.remove(key);
            } else if (value.isObject() && existing != null && existing.isObject()) {
                merge((ObjectNode) existing, value);
            } else if (value.isArray() && existing != null && existing.isArray() && named(value) && named(existing)) {
                target.set(key, mergeByName((ArrayNode) existing, (ArrayNode) value));
            } else {
                target.set(key, value.deepCopy());
            }
        }
    }

    private static boolean named(JsonNode list) {
        for (JsonNode item : list) {
            if (!item.isObject() || !item.has(MERGE_KEY)) {
                return false;
            }
        }
        return !list.isEmpty();
    }

    private static ArrayNode mergeByName(ArrayNode existing, ArrayNode patch) {
        Map<String, ObjectNode> byName = new LinkedHashMap<>();
        existing.forEach(item -> byName.put(item.get(MERGE_KEY).asText(), (ObjectNode) item.deepCopy()));
        patch.forEach(item -> byName.merge(item.get(MERGE_KEY).asText(), (ObjectNode) item.deepCopy(), (a, b) -> {
            merge(a, b);
            return a;
        }));
        ArrayNode merged = existing.arrayNode();
        byName.values().forEach(merged::add);
        return merged;
    }

    /** Every YAML document of a file, each a mapping. */
    static List<ObjectNode> read(Path file) {
        try {
            List<ObjectNode> documents = new ArrayList<>();
            YAML.readValues(YAML.createParser(file.toFile()), JsonNode.class).forEachRemaining(document -> {
                if (!document.isObject()) {
                    throw new IllegalArgumentException(file + ": a document that is not a mapping");
                }
                documents.add((ObjectNode) document);
            });
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }

    static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }
}
