package dev.baton.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The client's JSON: ISO-8601 times, nulls left out, tolerant of fields a newer service adds;
 * and the one place an error answer becomes a typed exception.
 */
final class Wire {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private static final int EXCERPT = 500;

    private Wire() {}

    static JsonNode toTree(Object value) {
        if (value == null || value instanceof JsonNode) {
            return (JsonNode) value;
        }
        return MAPPER.valueToTree(value);
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The answer's body as a tree; an answer that is not JSON is an {@link UnexpectedResponseException}. */
    static JsonNode tree(Http.Answer answer) {
        try {
            final JsonNode node = MAPPER.readTree(answer.body());
            if (node == null || node.isMissingNode()) {
                throw new UnexpectedResponseException(
                        answer.call() + " answered " + answer.status() + " with an empty body",
                        answer.status(),
                        "",
                        null);
            }
            return node;
        } catch (IOException e) {
            throw new UnexpectedResponseException(
                    answer.call() + " answered " + answer.status() + " with a body that is not JSON",
                    answer.status(),
                    excerpt(answer.body()),
                    e);
        }
    }

    static <T> T read(Http.Answer answer, Class<T> type) {
        return convert(answer, tree(answer), type);
    }

    static <T> T convert(Http.Answer answer, JsonNode node, Class<T> type) {
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new UnexpectedResponseException(
                    answer.call() + " answered a " + type.getSimpleName() + " this client cannot read: "
                            + e.getMessage(),
                    answer.status(),
                    excerpt(answer.body()),
                    e);
        }
    }

    /** The exception for an error answer: rejected (404, 409), invalid (400, 422), or unexpected. */
    static BatonException failure(Http.Answer answer) {
        final int status = answer.status();
        final JsonNode problem = problemOf(answer.body());
        final String detail = text(problem, "detail", text(problem, "title", null));
        if (status == 400 || status == 422) {
            final List<InvalidRequestException.Violation> violations = new ArrayList<>();
            for (JsonNode v : problem.path("violations")) {
                violations.add(new InvalidRequestException.Violation(text(v, "field", null), text(v, "message", null)));
            }
            return new InvalidRequestException(
                    status,
                    text(problem, "field", null),
                    detail == null ? answer.call() + " answered " + status : detail,
                    violations);
        }
        if (status == 404 || status == 409) {
            return rejection(
                    status, problem, detail != null ? detail : status == 404 ? "nothing at " + answer.call() : null);
        }
        return new UnexpectedResponseException(
                answer.call() + " answered " + status + (detail == null ? "" : ": " + detail),
                status,
                excerpt(answer.body()),
                null);
    }

    /** The refusal a problem document describes (of a call, or of one item of a batch call's answer). */
    static RejectedException rejection(int status, JsonNode problem, String detail) {
        final String reasonName = text(problem, "reason", null);
        final String name = reasonName != null ? reasonName : fallbackReason(problem, status);
        return new RejectedException(
                status,
                Reason.parse(reasonName),
                name,
                text(problem, "itemId", null),
                text(problem, "owner", null),
                instant(problem, "leaseUntil"),
                problem.hasNonNull("epoch") ? problem.get("epoch").asLong() : null,
                state(problem),
                detail,
                problem);
    }

    /** A 404 or 409 with no {@code reason}: the problem type's last word (e.g. {@code no-material}), or the status. */
    private static String fallbackReason(JsonNode problem, int status) {
        final String type = text(problem, "type", null);
        if (type != null && !type.isBlank() && !type.endsWith("/")) {
            return type.substring(type.lastIndexOf('/') + 1)
                    .toUpperCase(Locale.ROOT)
                    .replace('-', '_');
        }
        return status == 404 ? "NOT_FOUND" : "CONFLICT";
    }

    private static JsonNode problemOf(byte[] body) {
        try {
            final JsonNode node = MAPPER.readTree(body);
            return node != null && node.isObject() ? node : object();
        } catch (IOException e) {
            return object();
        }
    }

    static String text(JsonNode node, String field, String otherwise) {
        final JsonNode value = node.get(field);
        return value == null || value.isNull() ? otherwise : value.asText();
    }

    static Instant instant(JsonNode node, String field) {
        final String value = text(node, field, null);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static ItemState state(JsonNode node) {
        final String value = text(node, "state", null);
        try {
            return value == null ? null : ItemState.valueOf(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String excerpt(byte[] body) {
        final String text = new String(body, StandardCharsets.UTF_8);
        return text.length() <= EXCERPT ? text : text.substring(0, EXCERPT) + "...";
    }
}
