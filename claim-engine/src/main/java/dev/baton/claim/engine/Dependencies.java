package dev.baton.claim.engine;

import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** What the end of a dependency does to the item that waits for it. */
final class Dependencies {

    private Dependencies() {}

    /**
     * A dependency of a waiting item ended. {@code DONE} clears it; {@code DEAD} or
     * {@code CANCELLED} blocks the item until the dependency is redriven and done. The item is
     * ready once nothing is open or blocked and no not-before or backoff time is ahead. A report
     * about a dependency the item no longer waits on, or for an item that is not waiting, changes
     * nothing.
     */
    static List<ItemEvent> settle(Item item, String dependencyId, ItemState outcome, Instant now) {
        if (item == null || item.state() != ItemState.WAITING) {
            return List.of();
        }
        final boolean open = item.waitingOn().contains(dependencyId);
        final boolean blocked = item.blockedBy().contains(dependencyId);
        if (!open && !blocked || blocked && outcome != ItemState.DONE) {
            return List.of();
        }
        final List<String> waitingOn = new ArrayList<>(item.waitingOn());
        final List<String> blockedBy = new ArrayList<>(item.blockedBy());
        waitingOn.remove(dependencyId);
        blockedBy.remove(dependencyId);
        if (outcome != ItemState.DONE) {
            blockedBy.add(dependencyId);
        }
        final boolean timeAhead = item.wakeAt() != null && now.isBefore(item.wakeAt());
        final ItemState state =
                waitingOn.isEmpty() && blockedBy.isEmpty() && !timeAhead ? ItemState.READY : ItemState.WAITING;
        return List.of(new ItemEvent.DependencySettled(item.id(), now, state, dependencyId, outcome));
    }
}
