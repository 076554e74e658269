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
 * fails rather than being rendered wrong. The merge: maps merge key by key, a scalar is replaced, a
 * {@code null} removes the key. Lists depend on the kind. Kustomize knows the schema of Kubernetes' own
 * kinds, whose lists of containers, variables and volumes merge item by item on {@code name} (the only
 * lists the patches here touch). It does not know a custom resource's (the FlinkDeployment, the Prometheus
 * Operator's): there it replaces every list whole, so a patch must carry the whole list.
 * {@code ClusterObjectsTest} compares this render with kubectl's kustomize where kubectl is installed.
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
                merge(targets.get(0), patch, builtIn(targets.get(0)));
            }
        }
    }

    /** Kind and name: what kustomize matches a patch on. */
    private static String id(JsonNode resource) {
        return resource.path("apiVersion").asText() + "/"
                + resource.path("kind").asText() + "/"
                + resource.path("metadata").path("name").asText();
    }

    /**
     * Whether kustomize knows the kind's schema: Kubernetes' own API groups have no dot in their name (the
     * core group, {@code apps}, {@code batch}) or end in {@code .k8s.io}; a custom resource's group has a dot.
     */
    static boolean builtIn(JsonNode resource) {
        String apiVersion = resource.path("apiVersion").asText();
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        return !group.contains(".") || group.endsWith(".k8s.io");
    }

    /** Merges {@code patch} into {@code target} in place, lists of named items by name. */
    static void merge(ObjectNode target, JsonNode patch) {
        merge(target, patch, true);
    }

    /** Merges {@code patch} into {@code target} in place; {@code byName}: lists of named items by name, else whole. */
    static void merge(ObjectNode target, JsonNode patch, boolean byName) {
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            JsonNode existing = target.get(key);
            if (value.isNull()) {
                target.remove(key);
            } else if (value.isObject() && existing != null && existing.isObject()) {
                merge((ObjectNode) existing, value, byName);
            } else if (byName
                    && value.isArray()
                    && existing != null
                    && existing.isArray()
                    && named(value)
                    && named(existing)) {
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
