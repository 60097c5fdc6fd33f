package dev.baton.backlog.readmodel;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Tells a reader waiting for an item's view (read your own write) that the view has just
 * changed, so it reads the store again when there is something new to see instead of polling it.
 * The read model's processor calls {@link #changed} after each write; that costs one map lookup
 * when nobody waits for the item.
 */
public final class ViewChanges {

    private final Map<String, Set<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();

    /**
     * Completes at the item's next change, or once {@code timeout} has passed, whichever is first;
     * never fails. Completed in any way (cancelled included), it is forgotten at once.
     */
    public CompletableFuture<Void> next(String itemId, Duration timeout) {
        final CompletableFuture<Void> waiter = new CompletableFuture<>();
        waiting.compute(itemId, (id, waiters) -> {
            final Set<CompletableFuture<Void>> set = waiters != null ? waiters : ConcurrentHashMap.newKeySet();
            set.add(waiter);
            return set;
        });
        waiter.whenComplete((nothing, error) -> waiting.computeIfPresent(itemId, (id, waiters) -> {
            waiters.remove(waiter);
            return waiters.isEmpty() ? null : waiters;
        }));
        waiter.completeOnTimeout(null, Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
        return waiter;
    }

    /** The item's view was just written: whoever waits for it reads it again. */
    void changed(String itemId) {
        final Set<CompletableFuture<Void>> waiters = waiting.remove(itemId);
        if (waiters != null) {
            waiters.forEach(waiter -> waiter.complete(null));
        }
    }

    /** How many waits are parked now. */
    int waiting() {
        return waiting.values().stream().mapToInt(Set::size).sum();
    }
}
