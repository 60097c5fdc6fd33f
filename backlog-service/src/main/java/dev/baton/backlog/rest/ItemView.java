package dev.baton.backlog.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.item.Result;
import java.time.Instant;
import java.util.List;

/** An item as the HTTP API shows it: what was submitted, where it is now, and why it is not ready. */
@JsonInclude(JsonInclude.Include.NON_NULL)
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

    public static ItemView of(Item item) {
        return new ItemView(
                item.id(),
                item.state(),
                item.why(),
                item.spec().type(),
                item.spec().title(),
                item.spec().payload(),
                item.spec().priority(),
                item.spec().labels(),
                item.spec().maxAttempts(),
                item.spec().leaseSeconds(),
                item.spec().notBefore(),
                item.spec().dependsOn(),
                item.epoch(),
                item.owner(),
                item.leaseUntil(),
                item.attempts(),
                item.submittedAt(),
                item.updatedAt(),
                item.lastError(),
                item.result(),
                item.progress(),
                null);
    }

    public ItemView withWhy(String value) {
        return new ItemView(
                id,
                state,
                value,
                type,
                title,
                payload,
                priority,
                labels,
                maxAttempts,
                leaseSeconds,
                notBefore,
                dependsOn,
                epoch,
                owner,
                leaseUntil,
                attempts,
                submittedAt,
                updatedAt,
                lastError,
                result,
                progress,
                duplicate);
    }

    public ItemView withDuplicate(boolean value) {
        return new ItemView(
                id,
                state,
                why,
                type,
                title,
                payload,
                priority,
                labels,
                maxAttempts,
                leaseSeconds,
                notBefore,
                dependsOn,
                epoch,
                owner,
                leaseUntil,
                attempts,
                submittedAt,
                updatedAt,
                lastError,
                result,
                progress,
                value);
    }
}
