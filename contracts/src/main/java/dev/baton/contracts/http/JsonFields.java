package dev.baton.contracts.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contracts.json.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the fields of a JSON request body, collecting a {@link Violation} for each field that is
 * missing or of the wrong shape, so a caller learns every problem at once and which field it is.
 * Bodies are read by hand rather than bound by a framework so that every bad input, even one
 * that is not JSON, gets the same precise answer.
 */
public final class JsonFields {

    private final JsonNode body;
    private final String prefix;
    private final List<Violation> violations;

    private JsonFields(JsonNode body, String prefix, List<Violation> violations) {
        this.body = body;
        this.prefix = prefix;
        this.violations = violations;
    }

    /** Parses a body that must be a JSON object. */
    public static JsonFields parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidRequest("$", "is empty; a JSON object is expected");
        }
        final JsonNode tree;
        try {
            tree = Json.mapper().readTree(raw);
        } catch (JsonProcessingException e) {
            throw new InvalidRequest("$", "is not JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
        return of(tree);
    }

    /** Reads an already parsed node, which must be a JSON object. */
    public static JsonFields of(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new InvalidRequest("$", "must be a JSON object");
        }
        return new JsonFields(node, "", new ArrayList<>());
    }

    /** An empty body stands for an empty object (for calls whose fields are all optional). */
    public static JsonFields parseOrEmpty(String raw) {
        return raw == null || raw.isBlank() ? of(Json.mapper().createObjectNode()) : parse(raw);
    }

    public JsonNode body() {
        return body;
    }

    public boolean has(String field) {
        return body.hasNonNull(field);
    }

    public void violation(String field, String message) {
        violations.add(new Violation(prefix + field, message));
    }

    /** Throws {@link InvalidRequest} if any field was wrong. */
    public void done() {
        if (!violations.isEmpty()) {
            throw new InvalidRequest(violations);
        }
    }

    public String text(String field, boolean required, int maxLength) {
        final JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                violation(field, "is required");
            }
            return null;
        }
        if (!node.isTextual()) {
            violation(field, "must be a string");
            return null;
        }
        final String value = node.asText().strip();
        if (value.isEmpty()) {
            violation(field, "must not be blank");
            return null;
        }
        if (value.length() > maxLength) {
            violation(field, "must be at most " + maxLength + " characters");
            return null;
        }
        return value;
    }

    /** An optional integer within bounds; {@code null} when absent. */
    public Integer integer(String field, int min, int max) {
        final JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            violation(field, "must be an integer");
            return null;
        }
        if (node.intValue() < min || node.intValue() > max) {
            violation(field, "must be between " + min + " and " + max);
            return null;
        }
        return node.intValue();
    }

    public Long requiredLong(String field) {
        final JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
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
        final JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            violation(field, "must be true or false");
            return null;
        }
        return node.booleanValue();
    }

    public List<String> strings(String field, int maxSize, int maxLength) {
        final JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            violation(field, "must be an array of strings");
            return List.of();
        }
        if (node.size() > maxSize) {
            violation(field, "must have at most " + maxSize + " entries");
            return List.of();
        }
        final List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            final JsonNode element = node.get(i);
            if (!element.isTextual() || element.asText().isBlank()) {
                violation(field + "[" + i + "]", "must be a non-blank string");
            } else if (element.asText().length() > maxLength) {
                violation(field + "[" + i + "]", "must be at most " + maxLength + " characters");
            } else {
                values.add(element.asText().strip());
            }
        }
        return values;
    }

    public Instant instant(String field) {
        final JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            try {
                return Instant.parse(node.asText());
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        violation(field, "must be an ISO-8601 UTC instant such as 2026-02-05T09:12:07Z");
        return null;
    }

    /** A nested object, read with its own field names prefixed by {@code field.}. */
    public JsonFields object(String field) {
        final JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            violation(field, "must be a JSON object");
            return null;
        }
        return new JsonFields(node, prefix + field + ".", violations);
    }
}
