package dev.baton.backlog.submit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contracts.item.ItemSpec;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place that decides whether a submission is acceptable, for every path it arrives by
 * (HTTP, Kafka ingest). Reads a JSON object and returns a spec, or throws
 * {@link InvalidSubmission} naming each offending field.
 */
public final class SubmissionValidator {

    public static final int MAX_TYPE_LENGTH = 64;
    public static final int MAX_TITLE_LENGTH = 500;
    public static final int MAX_LABELS = 32;
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;
    public static final int MAX_ATTEMPTS = 100;
    public static final int MAX_LEASE_SECONDS = 24 * 3600;
    public static final int MAX_DEPENDENCIES = 100;

    private SubmissionValidator() {
    }

    public static ItemSpec validate(JsonNode body) {
        final List<Violation> violations = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw new InvalidSubmission(List.of(new Violation("$", "must be a JSON object")));
        }
        final String type = requiredText(body, "type", MAX_TYPE_LENGTH, violations);
        if (type != null && !type.matches("[A-Za-z0-9][A-Za-z0-9._:-]*")) {
            violations.add(new Violation("type", "must be letters, digits and . _ : - (got \"" + type + "\")"));
        }
        final String title = requiredText(body, "title", MAX_TITLE_LENGTH, violations);
        final JsonNode payload = body.get("payload");
        if (payload != null && payload.toString().length() > MAX_PAYLOAD_BYTES) {
            violations.add(new Violation("payload", "must be at most " + MAX_PAYLOAD_BYTES + " bytes of JSON"));
        }
        final int priority = optionalInt(body, "priority", 0, Integer.MIN_VALUE + 1, Integer.MAX_VALUE, violations);
        final List<String> labels = stringList(body, "labels", MAX_LABELS, violations);
        final int maxAttempts = optionalInt(body, "maxAttempts", ItemSpec.DEFAULT_MAX_ATTEMPTS, 1, MAX_ATTEMPTS,
                violations);
        final Integer leaseSeconds = body.hasNonNull("leaseSeconds")
                ? optionalInt(body, "leaseSeconds", 0, 1, MAX_LEASE_SECONDS, violations) : null;
        final Instant notBefore = optionalInstant(body, "notBefore", violations);
        final List<String> dependsOn = stringList(body, "dependsOn", MAX_DEPENDENCIES, violations);
        if (!violations.isEmpty()) {
            throw new InvalidSubmission(violations);
        }
        return new ItemSpec(type, title, payload == null || payload.isNull() ? null : payload, priority, labels,
                maxAttempts, leaseSeconds, notBefore, dependsOn);
    }

    private static String requiredText(JsonNode body, String field, int maxLength, List<Violation> violations) {
        final JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            violations.add(new Violation(field, "is required"));
            return null;
        }
        if (!node.isTextual()) {
            violations.add(new Violation(field, "must be a string"));
            return null;
        }
        final String value = node.asText().strip();
        if (value.isEmpty()) {
            violations.add(new Violation(field, "must not be blank"));
            return null;
        }
        if (value.length() > maxLength) {
            violations.add(new Violation(field, "must be at most " + maxLength + " characters"));
            return null;
        }
        return value;
    }

    private static int optionalInt(JsonNode body, String field, int fallback, int min, int max,
            List<Violation> violations) {
        final JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            violations.add(new Violation(field, "must be an integer"));
            return fallback;
        }
        final int value = node.intValue();
        if (value < min || value > max) {
            violations.add(new Violation(field, "must be between " + min + " and " + max));
            return fallback;
        }
        return value;
    }

    private static List<String> stringList(JsonNode body, String field, int maxSize, List<Violation> violations) {
        final JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            violations.add(new Violation(field, "must be an array of strings"));
            return List.of();
        }
        if (node.size() > maxSize) {
            violations.add(new Violation(field, "must have at most " + maxSize + " entries"));
            return List.of();
        }
        final List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            final JsonNode element = node.get(i);
            if (!element.isTextual() || element.asText().isBlank()) {
                violations.add(new Violation(field + "[" + i + "]", "must be a non-blank string"));
            } else {
                values.add(element.asText().strip());
            }
        }
        return values;
    }

    private static Instant optionalInstant(JsonNode body, String field, List<Violation> violations) {
        final JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            violations.add(new Violation(field, "must be an ISO-8601 instant such as 2026-02-05T09:12:07Z"));
            return null;
        }
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            violations.add(new Violation(field, "must be an ISO-8601 instant such as 2026-02-05T09:12:07Z"));
            return null;
        }
    }
}
