package dev.baton.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Renders a kustomization the way {@code kustomize build} does, for the part of Kustomize that
 * Baton's overlays use, so that the manifests are checked on a machine with nothing but a JDK.
 * Anything outside that part is refused by name rather than rendered differently, and where a
 * real {@code kustomize} (or {@code kubectl}) is installed a test compares the two renderings.
 *
 * <p>What it follows: {@code resources} (files of one or more documents, and folders with a
 * kustomization of their own, rendered first); then this kustomization's transformers in
 * Kustomize's order: {@code patches} (JSON 6902, with a target by group, version, kind, name
 * and namespace, each a regular expression the whole value must match), {@code namespace} (set on every namespaced
 * object), {@code labels} (added to every object's metadata; neither selectors nor templates),
 * {@code replicas}, {@code images} (every {@code containers} and {@code initContainers} entry
 * at any depth). A patch target or replica entry that matches nothing is an error, which
 * Kustomize is not always that strict about.
 */
public final class Kustomize {

    private static final Set<String> FIELDS =
            Set.of("apiVersion", "kind", "resources", "namespace", "labels", "patches", "replicas", "images");
    private static final Set<String> TARGET_FIELDS = Set.of("group", "version", "kind", "name", "namespace");
    private static final Set<String> WORKLOADS =
            Set.of("Deployment", "StatefulSet", "ReplicaSet", "ReplicationController");
    /** Kinds without a namespace, which the namespace transformer leaves alone. */
    private static final Set<String> CLUSTER_SCOPED = Set.of(
            "Namespace",
            "CustomResourceDefinition",
            "ClusterRole",
            "ClusterRoleBinding",
            "PersistentVolume",
            "StorageClass",
            "PriorityClass",
            "IngressClass",
            "ValidatingWebhookConfiguration",
            "MutatingWebhookConfiguration",
            "APIService",
            "RuntimeClass");

    private Kustomize() {}

    /** A rendering error: the file and what in it could not be rendered. */
    public static final class KustomizeException extends RuntimeException {
        KustomizeException(String message) {
            super(message);
        }
    }

    /** Every object the kustomization in {@code dir} renders, in the order they were accumulated. */
    public static List<ObjectNode> build(Path dir) {
        final Path file = kustomizationFile(dir);
        final List<ObjectNode> documents = Yaml.documents(file);
        if (documents.size() != 1) {
            throw new KustomizeException(file + ": one document expected");
        }
        final ObjectNode k = documents.get(0);
        k.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                throw new KustomizeException(
                        file + ": '" + field + "' is not rendered by this renderer (it knows " + FIELDS + ")");
            }
        });
        requireText(k, "apiVersion", "kustomize.config.k8s.io/v1beta1", file);
        requireText(k, "kind", "Kustomization", file);

        final List<ObjectNode> objects = new ArrayList<>();
        final Set<String> ids = new HashSet<>();
        for (JsonNode entry : k.path("resources")) {
            final Path path = dir.resolve(entry.asText()).normalize();
            final List<ObjectNode> loaded = Files.isDirectory(path) ? build(path) : Yaml.documents(path);
            for (ObjectNode object : loaded) {
                if (!ids.add(id(object))) {
                    throw new KustomizeException(file + ": " + id(object) + " is defined twice");
                }
                objects.add(object);
            }
        }
        for (JsonNode patch : k.path("patches")) {
            applyPatch(dir, file, patch, objects);
        }
        if (k.has("namespace")) {
            final String namespace = k.get("namespace").asText();
            for (ObjectNode object : objects) {
                if (object.path("kind").asText().equals("Namespace")) {
                    throw new KustomizeException(file + ": a Namespace object with 'namespace' is not rendered here");
                }
                if (!CLUSTER_SCOPED.contains(object.path("kind").asText())) {
                    metadata(object).put("namespace", namespace);
                }
            }
        }
        for (JsonNode label : k.path("labels")) {
            label.fieldNames().forEachRemaining(field -> {
                if (!field.equals("pairs") && !(field.equals("includeSelectors") || field.equals("includeTemplates"))) {
                    throw new KustomizeException(file + ": labels." + field + " is not rendered here");
                }
            });
            if (label.path("includeSelectors").asBoolean(false)
                    || label.path("includeTemplates").asBoolean(false)) {
                throw new KustomizeException(
                        file + ": labels with includeSelectors or includeTemplates are not" + " rendered here");
            }
            for (ObjectNode object : objects) {
                final ObjectNode labels = objectAt(metadata(object), "labels");
                label.path("pairs").fields().forEachRemaining(e -> labels.set(e.getKey(), e.getValue()));
            }
        }
        for (JsonNode replica : k.path("replicas")) {
            final String name = replica.path("name").asText();
            boolean matched = false;
            for (ObjectNode object : objects) {
                if (WORKLOADS.contains(object.path("kind").asText())
                        && object.path("metadata").path("name").asText().equals(name)) {
                    objectAt(object, "spec")
                            .put("replicas", replica.path("count").asInt());
                    matched = true;
                }
            }
            if (!matched) {
                throw new KustomizeException(file + ": replicas for '" + name + "' match no workload");
            }
        }
        for (JsonNode image : k.path("images")) {
            for (ObjectNode object : objects) {
                retag(object, image);
            }
        }
        return objects;
    }

    /** {@code apiVersion/kind/namespace/name}: what Kustomize tells objects apart by. */
    public static String id(JsonNode object) {
        return object.path("apiVersion").asText() + "/" + object.path("kind").asText() + "/"
                + object.path("metadata").path("namespace").asText("~") + "/"
                + object.path("metadata").path("name").asText();
    }

    private static Path kustomizationFile(Path dir) {
        for (String name : List.of("kustomization.yaml", "kustomization.yml", "Kustomization")) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        throw new KustomizeException(dir + ": no kustomization.yaml");
    }

    private static void applyPatch(Path dir, Path file, JsonNode patch, List<ObjectNode> objects) {
        final String text;
        if (patch.has("path")) {
            text = Yaml.read(dir.resolve(patch.get("path").asText()));
        } else if (patch.has("patch")) {
            text = patch.get("patch").asText();
        } else {
            throw new KustomizeException(file + ": a patch needs 'path' or 'patch'");
        }
        final JsonNode ops;
        try {
            ops = Yaml.mapper().readTree(text);
        } catch (Exception e) {
            throw new KustomizeException(file + ": a patch is not YAML: " + e.getMessage());
        }
        if (ops == null || !ops.isArray()) {
            throw new KustomizeException(file + ": only JSON 6902 patches (a list of operations) are rendered here;"
                    + " strategic merge patches are not");
        }
        final JsonNode target = patch.path("target");
        if (!target.isObject()) {
            throw new KustomizeException(file + ": a JSON 6902 patch needs a target");
        }
        target.fieldNames().forEachRemaining(field -> {
            if (!TARGET_FIELDS.contains(field)) {
                throw new KustomizeException(file + ": target." + field + " is not rendered here");
            }
        });
        boolean matched = false;
        for (ObjectNode object : objects) {
            if (matches(target, object)) {
                for (JsonNode op : ops) {
                    JsonPatch.apply(object, op, file + " on " + id(object));
                }
                matched = true;
            }
        }
        if (!matched) {
            throw new KustomizeException(file + ": patch target " + target + " matches nothing");
        }
    }

    private static boolean matches(JsonNode target, ObjectNode object) {
        final String apiVersion = object.path("apiVersion").asText();
        final int slash = apiVersion.indexOf('/');
        final String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        final String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        return field(target, "group", group)
                && field(target, "version", version)
                && field(target, "kind", object.path("kind").asText())
                && field(
                        target,
                        "namespace",
                        object.path("metadata").path("namespace").asText())
                && field(target, "name", object.path("metadata").path("name").asText());
    }

    /** Kustomize reads each field of a target as a regular expression the whole value must match. */
    private static boolean field(JsonNode target, String name, String value) {
        return !target.has(name) || Pattern.matches(target.get(name).asText(), value);
    }

    /** Rewrites every container image whose name is the entry's, anywhere in the object. */
    private static void retag(JsonNode node, JsonNode image) {
        if (node.isObject()) {
            final Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                final Map.Entry<String, JsonNode> field = fields.next();
                if ((field.getKey().equals("containers") || field.getKey().equals("initContainers"))
                        && field.getValue().isArray()) {
                    for (JsonNode container : field.getValue()) {
                        if (container.isObject() && container.path("image").isTextual()) {
                            final String updated =
                                    Images.retag(container.get("image").asText(), image);
                            ((ObjectNode) container).set("image", TextNode.valueOf(updated));
                        }
                    }
                }
                retag(field.getValue(), image);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                retag(element, image);
            }
        }
    }

    /** Kustomize's images transformer on one reference: {@code name[:tag][@digest]}. */
    static final class Images {

        private Images() {}

        static String retag(String reference, JsonNode entry) {
            String name = reference;
            String tag = null;
            String digest = null;
            final int at = name.indexOf('@');
            if (at >= 0) {
                digest = name.substring(at + 1);
                name = name.substring(0, at);
            }
            final int colon = name.lastIndexOf(':');
            if (colon > name.lastIndexOf('/')) {
                tag = name.substring(colon + 1);
                name = name.substring(0, colon);
            }
            if (!name.equals(entry.path("name").asText())) {
                return reference;
            }
            if (entry.has("newName")) {
                name = entry.get("newName").asText();
            }
            if (entry.has("newTag")) {
                tag = entry.get("newTag").asText();
                digest = null;
            }
            if (entry.has("digest")) {
                digest = entry.get("digest").asText();
                tag = null;
            }
            return name + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
        }
    }

    private static ObjectNode metadata(ObjectNode object) {
        return objectAt(object, "metadata");
    }

    private static ObjectNode objectAt(ObjectNode parent, String field) {
        final JsonNode existing = parent.get(field);
        if (existing instanceof ObjectNode object) {
            return object;
        }
        return parent.putObject(field);
    }

    private static void requireText(ObjectNode k, String field, String value, Path file) {
        if (!k.path(field).asText().equals(value)) {
            throw new KustomizeException(file + ": " + field + " must be " + value);
        }
    }

    /** RFC 6902 operations on a Jackson tree, as Kustomize applies them (evanphx/json-patch). */
    static final class JsonPatch {

        private JsonPatch() {}

        static void apply(ObjectNode document, JsonNode op, String where) {
            final String kind = op.path("op").asText();
            final List<String> path = pointer(op.path("path").asText(), where);
            switch (kind) {
                case "add" -> add(document, path, value(op, where), where);
                case "replace" -> {
                    remove(document, path, where);
                    add(document, path, value(op, where), where);
                }
                case "remove" -> remove(document, path, where);
                case "test" -> {
                    if (!get(document, path, where).equals(value(op, where))) {
                        throw new KustomizeException(
                                where + ": test failed at " + op.path("path").asText());
                    }
                }
                case "copy", "move" -> {
                    final List<String> from = pointer(op.path("from").asText(), where);
                    final JsonNode value = get(document, from, where).deepCopy();
                    if (kind.equals("move")) {
                        remove(document, from, where);
                    }
                    add(document, path, value, where);
                }
                default -> throw new KustomizeException(where + ": unknown patch operation '" + kind + "'");
            }
        }

        private static JsonNode value(JsonNode op, String where) {
            if (!op.has("value")) {
                throw new KustomizeException(where + ": operation without a value: " + op);
            }
            return op.get("value").deepCopy();
        }

        private static List<String> pointer(String text, String where) {
            if (!text.startsWith("/")) {
                throw new KustomizeException(where + ": a JSON pointer starts with '/': " + text);
            }
            final List<String> tokens = new ArrayList<>();
            for (String token : text.substring(1).split("/", -1)) {
                tokens.add(token.replace("~1", "/").replace("~0", "~"));
            }
            return tokens;
        }

        private static JsonNode get(JsonNode document, List<String> path, String where) {
            JsonNode node = document;
            for (String token : path) {
                node = child(node, token, where, path);
            }
            return node;
        }

        private static JsonNode child(JsonNode node, String token, String where, List<String> path) {
            final JsonNode child;
            if (node.isObject()) {
                child = node.get(token);
            } else if (node.isArray()) {
                child = node.get(index(token, node.size() - 1, where));
            } else {
                child = null;
            }
            if (child == null) {
                throw new KustomizeException(where + ": no /" + String.join("/", path) + " (missing '" + token + "')");
            }
            return child;
        }

        private static void add(ObjectNode document, List<String> path, JsonNode value, String where) {
            final JsonNode parent = get(document, path.subList(0, path.size() - 1), where);
            final String last = path.get(path.size() - 1);
            if (parent instanceof ObjectNode object) {
                object.set(last, value);
            } else if (parent instanceof ArrayNode array) {
                if (last.equals("-")) {
                    array.add(value);
                } else {
                    array.insert(index(last, array.size(), where), value);
                }
            } else {
                throw new KustomizeException(where + ": cannot add under a scalar at /" + String.join("/", path));
            }
        }

        private static void remove(ObjectNode document, List<String> path, String where) {
            final JsonNode parent = get(document, path.subList(0, path.size() - 1), where);
            final String last = path.get(path.size() - 1);
            if (parent instanceof ObjectNode object && object.has(last)) {
                object.remove(last);
            } else if (parent instanceof ArrayNode array) {
                array.remove(index(last, array.size() - 1, where));
            } else {
                throw new KustomizeException(where + ": no /" + String.join("/", path) + " to replace or remove");
            }
        }

        private static int index(String token, int max, String where) {
            try {
                final int index = Integer.parseInt(token);
                if (index < 0 || index > max) {
                    throw new KustomizeException(where + ": index " + token + " out of range");
                }
                return index;
            } catch (NumberFormatException e) {
                throw new KustomizeException(where + ": '" + token + "' is not an array index");
            }
        }
    }
}
