package dev.baton.contracts.item;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * What a submitter asks for: the item as it was submitted. Validation happens at the edges
 * (the backlog service) before a spec is ever written to a topic.
 *
 * @param leaseSeconds the item's default lease, {@code null} for the engine's default
 * @param notBefore    not claimable before this instant, {@code null} for at once
 * @param dependsOn    ids of items that must be {@code DONE} first
 */
public record ItemSpec(
        String type,
        String title,
        JsonNode payload,
        int priority,
        List<String> labels,
        int maxAttempts,
        Integer leaseSeconds,
        Instant notBefore,
        List<String> dependsOn) {

    public static final int DEFAULT_MAX_ATTEMPTS = 3;

    public ItemSpec {
        labels = labels == null ? List.of() : List.copyOf(labels);
        dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        if (maxAttempts <= 0) {
            maxAttempts = DEFAULT_MAX_ATTEMPTS;
        }
    }

    /** A minimal spec, for tests and simple callers. */
    public static ItemSpec of(String type, String title) {
        return new ItemSpec(type, title, null, 0, List.of(), DEFAULT_MAX_ATTEMPTS, null, null, List.of());
    }

    public ItemSpec withPriority(int newPriority) {
        return new ItemSpec(type, title, payload, newPriority, labels, maxAttempts, leaseSeconds, notBefore, dependsOn);
    }

    public ItemSpec withMaxAttempts(int attempts) {
        return new ItemSpec(type, title, payload, priority, labels, attempts, leaseSeconds, notBefore, dependsOn);
    }

    public ItemSpec withNotBefore(Instant instant) {
        return new ItemSpec(type, title, payload, priority, labels, maxAttempts, leaseSeconds, instant, dependsOn);
    }

    public ItemSpec withDependsOn(List<String> ids) {
        return new ItemSpec(type, title, payload, priority, labels, maxAttempts, leaseSeconds, notBefore, ids);
    }
}
