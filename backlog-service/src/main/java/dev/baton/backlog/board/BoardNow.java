package dev.baton.backlog.board;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.baton.contracts.item.ItemState;
import java.time.Instant;
import java.util.Map;

/**
 * What the board's live view pushes, about once a second: the counts, the flow, and the first page
 * of each panel. {@code at} is the server's clock, so a browser counts a lease down from the
 * server's time, not its own. While the read model cannot answer (starting, rebalancing), {@code
 * unavailable} says why and the rest is empty.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BoardNow(
        Instant at,
        String unavailable,
        Map<ItemState, Long> byState,
        Map<String, Map<ItemState, Long>> byType,
        Long oldestReadyAgeSeconds,
        Map<String, Long> oldestReadyAgeSecondsByType,
        Flow flow,
        Integer agentsActive,
        Map<ItemState, BoardPage> panels) {

    /** Items per second over the last minute. */
    public record Flow(double submitted, double granted, double completed, double expired) {}

    static BoardNow unavailable(Instant at, String why) {
        return new BoardNow(at, why, null, null, null, null, null, null, null);
    }
}
