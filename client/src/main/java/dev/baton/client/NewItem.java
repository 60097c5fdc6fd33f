package dev.baton.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An item to submit. {@code type} and {@code title} are required; everything else is optional
 * and left to the service's defaults when null. {@code idempotencyKey} makes the submission
 * repeatable: the item id is derived from it, so a repeat answers with the existing item. When
 * it is null the client makes one per call, so its own retries never create a second item.
 */
public record NewItem(
        String type,
        String title,
        JsonNode payload,
        Integer priority,
        List<String> labels,
        Integer maxAttempts,
        Integer leaseSeconds,
        Instant notBefore,
        List<String> dependsOn,
        String idempotencyKey) {

    public NewItem {
        labels = labels == null ? List.of() : List.copyOf(labels);
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    }

    public static NewItem of(String type, String title) {
        return new NewItem(
                Objects.requireNonNull(type, "type"),
                Objects.requireNonNull(title, "title"),
                null,
                null,
                List.of(),
                null,
                null,
                null,
                List.of(),
                null);
    }

    /** The payload: a {@link JsonNode}, or anything Jackson can turn into JSON (a map, a record). */
    public NewItem payload(Object value) {
        return new NewItem(
                type,
                title,
                Wire.toTree(value),
                priority,
                labels,
                maxAttempts,
                leaseSeconds,
                notBefore,
                dependsOn,
                idempotencyKey);
    }

    public NewItem priority(int value) {
        return new NewItem(
                type, title, payload, value, labels, maxAttempts, leaseSeconds, notBefore, dependsOn, idempotencyKey);
    }

    public NewItem labels(List<String> value) {
        return new NewItem(
                type, title, payload, priority, value, maxAttempts, leaseSeconds, notBefore, dependsOn, idempotencyKey);
    }

    public NewItem maxAttempts(int value) {
        return new NewItem(
                type, title, payload, priority, labels, value, leaseSeconds, notBefore, dependsOn, idempotencyKey);
    }

    public NewItem leaseSeconds(int value) {
        return new NewItem(
                type, title, payload, priority, labels, maxAttempts, value, notBefore, dependsOn, idempotencyKey);
    }

    public NewItem notBefore(Instant value) {
        return new NewItem(
                type, title, payload, priority, labels, maxAttempts, leaseSeconds, value, dependsOn, idempotencyKey);
    }

    public NewItem dependsOn(List<String> value) {
        return new NewItem(
                type, title, payload, priority, labels, maxAttempts, leaseSeconds, notBefore, value, idempotencyKey);
    }

    public NewItem idempotencyKey(String value) {
        return new NewItem(
                type, title, payload, priority, labels, maxAttempts, leaseSeconds, notBefore, dependsOn, value);
    }
}
