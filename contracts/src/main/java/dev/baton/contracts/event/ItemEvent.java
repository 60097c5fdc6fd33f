package dev.baton.contracts.event;

import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.item.ItemSummary;
import dev.baton.contracts.item.Result;
import java.time.Instant;

/**
 * A fact about one item, past tense. The claim engine writes every transition to
 * {@code item-events}; the state of an item is the fold of its events.
 *
 * <p>Each event says which state it left the item in, so a consumer can follow the life of an
 * item without folding the events itself.
 */
public sealed interface ItemEvent {

    String itemId();

    Instant at();

    /** The item's state right after this event. */
    ItemState state();

    /**
     * A new item. The backlog service writes it to {@code backlog-items} with no state; the
     * engine, once it has accepted it, writes it again to {@code item-events} with the state it
     * chose ({@code READY} or {@code WAITING}).
     */
    record ItemSubmitted(String itemId, Instant at, ItemState state, ItemSpec spec, String requestId)
            implements ItemEvent {}

    /** A waiting item's not-before time, backoff or dependencies are over. */
    record ItemBecameReady(String itemId, Instant at, ItemState state, String cause) implements ItemEvent {}

    record ItemClaimed(
            String itemId,
            Instant at,
            ItemState state,
            String agent,
            long epoch,
            Instant leaseUntil,
            int attempt,
            ItemSummary item)
            implements ItemEvent {}

    record LeaseRenewed(
            String itemId, Instant at, ItemState state, String agent, long epoch, Instant leaseUntil, String progress)
            implements ItemEvent {}

    record ItemCompleted(
            String itemId, Instant at, ItemState state, String agent, long epoch, Result result, ItemSummary item)
            implements ItemEvent {}

    /** A failure reported by the holder; {@code retryAt} is set when the item will be retried. */
    record ItemFailed(
            String itemId,
            Instant at,
            ItemState state,
            String agent,
            long epoch,
            String error,
            boolean retryable,
            int attempts,
            Instant retryAt,
            ItemSummary item)
            implements ItemEvent {}

    record ItemReleased(String itemId, Instant at, ItemState state, String agent, long epoch, String reason)
            implements ItemEvent {}

    /** The holder's lease ran out; the attempt counts. */
    record LeaseExpired(
            String itemId, Instant at, ItemState state, String agent, long epoch, int attempts, ItemSummary item)
            implements ItemEvent {}

    /** Attempts exhausted, or a non-retryable failure: the item is {@code DEAD}. */
    record ItemDeadLettered(String itemId, Instant at, ItemState state, String reason, int attempts, ItemSummary item)
            implements ItemEvent {}

    record ItemCancelled(String itemId, Instant at, ItemState state, String reason) implements ItemEvent {}

    record ItemRedriven(String itemId, Instant at, ItemState state) implements ItemEvent {}

    /**
     * A dependency of this item ended: {@code DONE} removes it from what the item waits on;
     * {@code DEAD} or {@code CANCELLED} blocks the item (it stays waiting, saying why) until the
     * dependency is redriven and done, or an operator cancels the item.
     */
    record DependencySettled(String itemId, Instant at, ItemState state, String dependencyId, ItemState outcome)
            implements ItemEvent {}
}
