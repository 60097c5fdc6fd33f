package dev.baton.contracts.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.baton.contracts.limits.Limits;
import dev.baton.contracts.limits.Text;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads the fields of a JSON request body, collecting a {@link Violation} for each field that is
 * missing or of the wrong shape, so a caller learns every problem at once and which field it is.
 * The HTTP services bind their request records through it (one reader per field's type) and the
 * Kafka ingest reads CloudEvents with it, so that every bad input, even one that is not JSON, gets
 * the same precise answer wherever it arrives.
 *
 * <p>The work is split: this class judges shape (present, a string, an integer, an array of
 * strings); the {@code Rules} of {@code contracts.limits} judge range, length and character set,
 * handed in through {@link #rule} or {@link #check}. {@link #done} reports both together, in the
 * order the fields were read, a field that is already wrong in shape not named twice.
 *
 * <p>Parsing is strict: one JSON value and nothing after it, nested at most
 * {@link Limits#MAX_BODY_DEPTH} levels; and every string in the body, field names included, must
 * be well-formed Unicode.
 */
public final class JsonFields {

    /** Most strings reported as malformed in one body; the rest are the same mistake. */
    private static final int MAX_MALFORMED_REPORTED = 10;

    private static final ObjectMapper STRICT = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(Limits.MAX_BODY_DEPTH)
                            .maxDocumentLength(Limits.MAX_BATCH_BODY_BYTES)
                            .maxStringLength(Limits.MAX_BATCH_BODY_BYTES)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final JsonNode body;
    private final String prefix;
    private final Collected collected;

    /** What every reader of one body shares, nested objects included. */
    private static final class Collected {
        final List<Violation> shape = new ArrayList<>();
        final List<Violation> ruled = new ArrayList<>();
        /** Top-level fields in the order they were read or named: the order of the answer. */
        final LinkedHashSet<String> order = new LinkedHashSet<>();
    }

    private JsonFields(JsonNode body, String prefix, Collected collected) {
        this.body = body;
        this.prefix = prefix;
        this.collected = collected;
    }

    /** Parses a body that must be a JSON object. */
    public static JsonFields parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidRequest("$", "is empty; a JSON object is expected");
        }
        return of(tree(raw));
    }

    /** An empty body stands for an empty object (for calls whose fields are all optional). */
    public static JsonFields parseOrEmpty(String raw) {
        return raw == null || raw.isBlank() ? of(STRICT.createObjectNode()) : parse(raw);
    }

    /**
     * Parses any JSON value strictly (one value, nothing after it, not too deep) without judging
     * its strings; {@link #of} does that for each object read from it.
     */
    public static JsonNode tree(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidRequest("$", "is empty; a JSON value is expected");
        }
        try (JsonParser parser = STRICT.createParser(raw)) {
            try {
                final JsonNode tree = STRICT.readTree(parser);
                if (tree == null || tree.isMissingNode()) {
                    throw new InvalidRequest("$", "is empty; a JSON value is expected");
                }
                return tree;
            } catch (StreamConstraintsException e) {
                final JsonStreamContext context = parser.getParsingContext();
                if (context != null && context.getNestingDepth() >= Limits.MAX_BODY_DEPTH) {
                    throw tooDeep(topLevel(context));
                }
                throw new InvalidRequest("$", "is not acceptable JSON: " + e.getOriginalMessage());
            } catch (JsonProcessingException e) {
                throw new InvalidRequest("$", "is not JSON: " + e.getOriginalMessage() + at(e.getLocation()));
            }
        } catch (IOException e) {
            // reading a String fails only as above; closing one cannot fail
            throw new InvalidRequest("$", "is not JSON: " + e.getMessage());
        }
    }

    /**
     * Reads an already parsed node, which must be a JSON object. Every string in it is checked
     * for lone surrogates and the nesting for {@link Limits#MAX_BODY_DEPTH}, so a tree parsed
     * elsewhere (a Kafka record) is held to the same bounds as an HTTP body.
     */
    public static JsonFields of(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidRequest("$", "must be a JSON object");
        }
        final JsonFields fields = new JsonFields(node, "", new Collected());
        fields.inspect();
        return fields;
    }

    public JsonNode body() {
        return body;
    }

    public boolean has(String field) {
        return body.hasNonNull(field);
    }

    /** A violation of this body's shape, or of a value that is not in the body (a path, a header). */
    public void violation(String field, String message) {
        seen(field);
        collected.shape.add(new Violation(prefix + field, message));
    }

    /**
     * Violations found by the rules over values read from this object; their fields are named
     * as this object names them (under {@code data.} in a CloudEvent, say).
     */
    public void rule(List<Violation> violations) {
        for (Violation violation : violations) {
            collected.ruled.add(new Violation(prefix + violation.field(), violation.message()));
        }
    }

    /**
     * Runs a rule over a value and keeps what it finds, in the order of the call:
     * {@code fields.check(out -> Rules.itemId(out, "itemId", id))}.
     */
    public void check(Consumer<List<Violation>> rule) {
        final List<Violation> found = new ArrayList<>();
        rule.accept(found);
        for (Violation violation : found) {
            seen(violation.field());
        }
        rule(found);
    }

    /** Throws {@link InvalidRequest} if any field was wrong. */
    public void done() {
        final List<Violation> all = violations();
        if (!all.isEmpty()) {
            throw new InvalidRequest(all);
        }
    }

    /**
     * Every violation so far: shape first within a field, a rule's violation left out where the
     * same field (or one inside it) is already wrong in shape, ordered by the field's first read.
     */
    public List<Violation> violations() {
        return merge(collected.shape, collected.ruled, new ArrayList<>(collected.order));
    }

    /** What was wrong in the shape of this body (and of values named through {@link #violation}). */
    public List<Violation> shapeViolations() {
        return List.copyOf(collected.shape);
    }

    /** The top-level fields in the order they were read or named. */
    public List<String> order() {
        return List.copyOf(collected.order);
    }

    /**
     * One answer from what is wrong in shape and what the rules found: shape first within a
     * field, a rule's violation left out where the same field (or one inside it) is already wrong
     * in shape or was reported already, ordered by the field's place in {@code order} (fields it
     * does not name last, in the order found).
     */
    public static List<Violation> merge(List<Violation> shape, List<Violation> ruled, List<String> order) {
        final List<Violation> all = new ArrayList<>(shape);
        for (Violation rule : ruled) {
            if (!all.contains(rule) && shape.stream().noneMatch(s -> covers(rule.field(), s.field()))) {
                all.add(rule);
            }
        }
        all.sort((a, b) -> Integer.compare(rank(order, a.field()), rank(order, b.field())));
        return all;
    }

    // ------------------------------------------------------------------ shape readers

    /** The field's value as it is, any JSON; {@code null} when absent or null. */
    public JsonNode node(String field) {
        seen(field);
        final JsonNode node = body.get(field);
        return node == null || node.isNull() ? null : node;
    }

    /** A string, stripped of surrounding white space; {@code null} (and a violation) when absent, blank or not a string. */
    public String string(String field, boolean required) {
        final JsonNode node = node(field);
        if (node == null) {
            if (required) {
                violation(field, "is required");
            }
            return null;
        }
        if (!node.isTextual()) {
            violation(field, "must be a string");
            return null;
        }
        final String value = node.textValue().strip();
        if (value.isEmpty()) {
            violation(field, "must not be blank");
            return null;
        }
        return value;
    }

    /** An optional integer; {@code null} when absent or not an integer. */
    public Integer integer(String field) {
        final JsonNode node = node(field);
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            violation(field, "must be an integer");
            return null;
        }
        return node.intValue();
    }

    public Long requiredLong(String field) {
        final JsonNode node = node(field);
        if (node == null) {
            violation(field, "is required");
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            violation(field, "must be an integer");
            return null;
        }
        return node.longValue();
    }

    public Boolean bool(String field) {
        final JsonNode node = node(field);
        if (node == null) {
            return null;
        }
        if (!node.isBoolean()) {
            violation(field, "must be true or false");
            return null;
        }
        return node.booleanValue();
    }

    /** An array of non-blank strings, each stripped; empty when absent. Counts and lengths are the rules' to judge. */
    public List<String> strings(String field) {
        final JsonNode node = node(field);
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            violation(field, "must be an array of strings");
            return List.of();
        }
        final List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            final JsonNode element = node.get(i);
            if (!element.isTextual() || element.textValue().isBlank()) {
                violation(field + "[" + i + "]", "must be a non-blank string");
            } else {
                values.add(element.textValue().strip());
            }
        }
        return values;
    }

    public Instant instant(String field) {
        final JsonNode node = node(field);
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            try {
                return Instant.parse(node.textValue());
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        violation(field, "must be an ISO-8601 UTC instant such as 2026-02-05T09:12:07Z");
        return null;
    }

    /** A nested object, read with its own field names prefixed by {@code field.}. */
    public JsonFields object(String field) {
        final JsonNode node = node(field);
        if (node == null) {
            return null;
        }
        if (!node.isObject()) {
            violation(field, "must be a JSON object");
            return null;
        }
        return new JsonFields(node, prefix + field + ".", collected);
    }

    /**
     * An array of objects, each read with its field names prefixed by {@code field[i].}; empty
     * when absent. An element that is not an object is a violation and {@code null} in its place,
     * so the others keep their index.
     */
    public List<JsonFields> objects(String field, boolean required) {
        final JsonNode node = node(field);
        if (node == null) {
            if (required) {
                violation(field, "is required");
            }
            return List.of();
        }
        if (!node.isArray()) {
            violation(field, "must be an array of JSON objects");
            return List.of();
        }
        final List<JsonFields> elements = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            final JsonNode element = node.get(i);
            if (element.isObject()) {
                elements.add(new JsonFields(element, prefix + field + "[" + i + "].", collected));
            } else {
                violation(field + "[" + i + "]", "must be a JSON object");
                elements.add(null);
            }
        }
        return Collections.unmodifiableList(elements);
    }

    // ------------------------------------------------------------------ inside

    private void seen(String field) {
        collected.order.add(root(prefix + field));
    }

    /**
     * Walks the whole body once, without recursion: a string or field name with a lone surrogate
     * is a violation at its path; nesting past {@link Limits#MAX_BODY_DEPTH} (possible only in a
     * tree parsed elsewhere) is refused outright.
     */
    private void inspect() {
        final Deque<Object[]> pending = new ArrayDeque<>();
        pending.push(new Object[] {body, "", 1});
        int reported = 0;
        while (!pending.isEmpty() && reported < MAX_MALFORMED_REPORTED) {
            final Object[] next = pending.pop();
            final JsonNode node = (JsonNode) next[0];
            final String path = (String) next[1];
            final int depth = (Integer) next[2];
            if (node.isContainerNode() && depth > Limits.MAX_BODY_DEPTH) {
                throw tooDeep(path.isEmpty() ? "$" : root(path));
            }
            if (node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    final Map.Entry<String, JsonNode> entry = it.next();
                    final String inner = path.isEmpty() ? entry.getKey() : path + "." + entry.getKey();
                    if (!Text.isWellFormed(entry.getKey())) {
                        collected.shape.add(new Violation(
                                inner, "must be a well-formed Unicode name (it has a lone " + "surrogate)"));
                        reported++;
                    }
                    pending.push(new Object[] {entry.getValue(), inner, depth + 1});
                }
            } else if (node.isArray()) {
                for (int i = node.size() - 1; i >= 0; i--) {
                    pending.push(new Object[] {node.get(i), path + "[" + i + "]", depth + 1});
                }
            } else if (node.isTextual() && !Text.isWellFormed(node.textValue())) {
                collected.shape.add(new Violation(
                        path.isEmpty() ? "$" : path, "must be well-formed Unicode (it has a lone surrogate)"));
                reported++;
            }
        }
    }

    private static InvalidRequest tooDeep(String field) {
        return new InvalidRequest(
                field,
                "is nested too deeply: a request body may nest at most " + Limits.MAX_BODY_DEPTH
                        + " levels, a payload at most " + Limits.MAX_PAYLOAD_DEPTH);
    }

    /** The top-level member the parser was inside, or {@code $} when the body is not an object. */
    private static String topLevel(JsonStreamContext context) {
        JsonStreamContext at = context;
        while (at.getParent() != null && !at.getParent().inRoot()) {
            at = at.getParent();
        }
        return at.inObject() && at.getCurrentName() != null ? at.getCurrentName() : "$";
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    /** The top-level field a path starts with: {@code result} of {@code result.tags[2]}. */
    public static String root(String path) {
        int end = path.length();
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '.' || path.charAt(i) == '[') {
                end = i;
                break;
            }
        }
        return path.substring(0, end);
    }

    private static boolean covers(String ruled, String shape) {
        return shape.equals(ruled) || shape.startsWith(ruled + ".") || shape.startsWith(ruled + "[");
    }

    private static int rank(List<String> order, String field) {
        final int index = order.indexOf(root(field));
        return index < 0 ? order.size() : index;
    }
}
