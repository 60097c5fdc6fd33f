package dev.baton.claim.engine;

import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.item.Result;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The evolve half of the rule: an item's state is the fold of its events. Each event names only
 * what it changes; the rest of the state carries over. Pure, and total over {@link ItemEvent}.
 */
final class ItemEvolution {

    private ItemEvolution() {}

    /** Applies one event. {@code item} is {@code null} only before {@code ItemSubmitted}. */
    static Item evolve(Item item, ItemEvent event) {
        if (event instanceof ItemEvent.ItemSubmitted e) {
            final ItemSpec spec = e.spec();
            final Instant wakeAt =
                    spec.notBefore() != null && spec.notBefore().isAfter(e.at()) ? spec.notBefore() : null;
            return new Item(
                    e.itemId(),
                    spec,
                    e.state(),
                    0,
                    null,
                    null,
                    0,
                    wakeAt,
                    spec.dependsOn(),
                    List.of(),
                    e.at(),
                    e.at(),
                    null,
                    null,
                    null,
                    null);
        }
        final Draft d = new Draft(item);
        d.updatedAt = event.at();
        d.state = event.state();
        if (event instanceof ItemEvent.ItemBecameReady) {
            d.wakeAt = null;
        } else if (event instanceof ItemEvent.ItemClaimed e) {
            d.epoch = e.epoch();
            d.owner = e.agent();
            d.leaseUntil = e.leaseUntil();
            d.leaseSeconds = Times.secondsBetween(e.at(), e.leaseUntil());
            d.progress = null;
            d.wakeAt = null;
        } else if (event instanceof ItemEvent.LeaseRenewed e) {
            d.leaseUntil = e.leaseUntil();
            if (e.progress() != null) {
                d.progress = e.progress();
            }
        } else if (event instanceof ItemEvent.ItemCompleted e) {
            d.letGo();
            d.result = e.result();
        } else if (event instanceof ItemEvent.ItemFailed e) {
            d.letGo();
            d.attempts = e.attempts();
            d.wakeAt = e.retryAt();
            d.lastError = e.error();
        } else if (event instanceof ItemEvent.ItemReleased) {
            d.letGo();
        } else if (event instanceof ItemEvent.LeaseExpired e) {
            d.letGo();
            d.attempts = e.attempts();
            d.lastError = "lease expired (held by " + e.agent() + ", epoch " + e.epoch() + ")";
        } else if (event instanceof ItemEvent.ItemDeadLettered e) {
            d.wakeAt = null;
            d.attempts = e.attempts();
            if (d.lastError == null) {
                d.lastError = e.reason();
            }
        } else if (event instanceof ItemEvent.ItemCancelled) {
            d.letGo();
            d.wakeAt = null;
        } else if (event instanceof ItemEvent.ItemRedriven) {
            d.attempts = 0;
            d.wakeAt = null;
        } else if (event instanceof ItemEvent.DependencySettled e) {
            d.waitingOn = new ArrayList<>(d.waitingOn);
            d.blockedBy = new ArrayList<>(d.blockedBy);
            d.waitingOn.remove(e.dependencyId());
            d.blockedBy.remove(e.dependencyId());
            if (e.outcome() != ItemState.DONE) {
                d.blockedBy.add(e.dependencyId());
            }
            if (e.state() == ItemState.READY) {
                d.wakeAt = null;
            }
        }
        return d.build();
    }

    static Item fold(Item item, List<ItemEvent> events) {
        Item current = item;
        for (ItemEvent event : events) {
            current = evolve(current, event);
        }
        return current;
    }

    /** A mutable copy of an item, so each event names only what it changes. */
    private static final class Draft {
        private final Item from;
        ItemState state;
        long epoch;
        String owner;
        Instant leaseUntil;
        int attempts;
        Instant wakeAt;
        Instant updatedAt;
        String lastError;
        Result result;
        String progress;
        Integer leaseSeconds;
        List<String> waitingOn;
        List<String> blockedBy;

        Draft(Item from) {
            this.from = from;
            state = from.state();
            epoch = from.epoch();
            owner = from.owner();
            leaseUntil = from.leaseUntil();
            attempts = from.attempts();
            wakeAt = from.wakeAt();
            updatedAt = from.updatedAt();
            lastError = from.lastError();
            result = from.result();
            progress = from.progress();
            leaseSeconds = from.leaseSeconds();
            waitingOn = from.waitingOn();
            blockedBy = from.blockedBy();
        }

        void letGo() {
            owner = null;
            leaseUntil = null;
        }

        Item build() {
            return new Item(
                    from.id(),
                    from.spec(),
                    state,
                    epoch,
                    owner,
                    leaseUntil,
                    attempts,
                    wakeAt,
                    waitingOn,
                    blockedBy,
                    from.submittedAt(),
                    updatedAt,
                    lastError,
                    result,
                    progress,
                    leaseSeconds);
        }
    }
}
