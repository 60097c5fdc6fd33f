package dev.baton.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/**
 * A lease on one item: what the holder needs to do the work and to fence its later calls. Every
 * heartbeat, completion, failure or release must present this {@code epoch}.
 */
public record Grant(String itemId, long epoch, Instant leaseUntil, Work item) {

    /** The item as its holder sees it; {@code attempt} counts from 1. */
    public record Work(String type, String title, JsonNode payload, int priority, List<String> labels, int attempt) {
        public Work {
            labels = labels == null ? List.of() : List.copyOf(labels);
            payload = payload == null || payload.isNull() ? null : payload;
        }
    }
}
