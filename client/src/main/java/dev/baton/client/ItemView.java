package dev.baton.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * An item as the backlog service shows it: what was submitted, where it is now, and for an item
 * that is not ready, {@code why}. {@code duplicate} is set on a submission's answer only: true
 * when the idempotency key had already made this item.
 */
public record ItemView(
        String id,
        ItemState state,
        String why,
        String type,
        String title,
        JsonNode payload,
        int priority,
        List<String> labels,
        int maxAttempts,
        Integer leaseSeconds,
        Instant notBefore,
        List<String> dependsOn,
        long epoch,
        String owner,
        Instant leaseUntil,
        int attempts,
        Instant submittedAt,
        Instant updatedAt,
        String lastError,
        Result result,
        String progress,
        Boolean duplicate) {

    public ItemView {
        labels = labels == null ? List.of() : List.copyOf(labels);
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        payload = payload == null || payload.isNull() ? null : payload;
    }
}
