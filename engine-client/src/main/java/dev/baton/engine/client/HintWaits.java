package dev.baton.engine.client;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets a long poll wait for the ready hints to change without holding a thread. A waiter is a
 * future: the hint listener completes every waiter when a hint arrives, the timer completes one
 * when its time is up, and a waiter completed in any way (cancelled included) is forgotten at
 * once, so a thousand polls parked on an idle backlog cost a thousand small objects and nothing
 * else.
 */
final class HintWaits {

    private final ScheduledExecutorService timer;
    private final AtomicLong version = new AtomicLong();
    private final Set<CompletableFuture<Void>> waiting = ConcurrentHashMap.newKeySet();

    HintWaits(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** Grows by one with every hint: what a caller saw before it looked at the hints. */
    long version() {
        return version.get();
    }

    /**
     * Completes when a hint newer than {@code seen} has arrived (at once if one already has), or
     * once {@code timeout} has passed, whichever is first. It never fails.
     */
    CompletableFuture<Void> after(long seen, Duration timeout) {
        final CompletableFuture<Void> waiter = new CompletableFuture<>();
        waiting.add(waiter);
        waiter.whenComplete((nothing, error) -> waiting.remove(waiter));
        // In the set before the version is read: a hint arriving in between either finds the
        // waiter there or shows in the version, so no wake-up is lost.
        if (version.get() != seen || timeout.isNegative() || timeout.isZero()) {
            waiter.complete(null);
            return waiter;
        }
        try {
            final ScheduledFuture<?> timeUp =
                    timer.schedule(() -> waiter.complete(null), timeout.toNanos(), TimeUnit.NANOSECONDS);
            waiter.whenComplete((nothing, error) -> timeUp.cancel(false));
        } catch (RejectedExecutionException closing) {
            waiter.complete(null);
        }
        return waiter;
    }

    /** A hint arrived: every waiter goes on. */
    void changed() {
        version.incrementAndGet();
        for (CompletableFuture<Void> waiter : waiting) {
            waiter.complete(null);
        }
    }

    /** How many waits are parked now. */
    int waiting() {
        return waiting.size();
    }
}
