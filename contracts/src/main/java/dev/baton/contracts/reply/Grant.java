package dev.baton.contracts.reply;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** A lease granted to an agent: what it needs to work on the item and to fence its calls. */
public record Grant(String itemId, long epoch, Instant leaseUntil, Work item) {

    /** The item as the holder sees it. {@code attempt} counts from 1. */
    public record Work(String type, String title, JsonNode payload, int priority, List<String> labels, int attempt) {
        public Work {
            labels = labels == null ? List.of() : List.copyOf(labels);
        }
    }
}
