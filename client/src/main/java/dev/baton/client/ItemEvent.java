package dev.baton.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One event of an item's history: its name ({@code ItemClaimed}, {@code LeaseRenewed},
 * {@code ItemCompleted}, ...), the lifecycle line the services log for it, when it happened, the
 * state it left the item in, and every field of the event as the service sent it.
 */
public record ItemEvent(
        String event, String line, Instant at, ItemState state, String agent, Long epoch, JsonNode fields) {}
