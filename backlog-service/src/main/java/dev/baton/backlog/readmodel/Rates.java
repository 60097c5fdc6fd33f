package dev.baton.backlog.readmodel;

import dev.baton.contracts.event.ItemEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The recent pace of work: claims, completions and lease expiries per minute, over the last
 * minute, counted as the events go by (in memory: a restarted instance starts counting again).
 */
public final class Rates {

    private static final int SECONDS = 60;
    private final Clock clock;
    private final AtomicLongArray claims = new AtomicLongArray(SECONDS);
    private final AtomicLongArray completions = new AtomicLongArray(SECONDS);
    private final AtomicLongArray expiries = new AtomicLongArray(SECONDS);
    private final AtomicLongArray stamps = new AtomicLongArray(SECONDS);

    public Rates(Clock clock) {
        this.clock = clock;
    }

    void record(ItemEvent event) {
        if (Duration.between(event.at(), clock.instant()).getSeconds() >= SECONDS) {
            return; // history being restored: not recent
        }
        final long second = event.at().getEpochSecond();
        final int slot = (int) Math.floorMod(second, (long) SECONDS);
        if (stamps.getAndSet(slot, second) != second) {
            claims.set(slot, 0);
            completions.set(slot, 0);
            expiries.set(slot, 0);
        }
        if (event instanceof ItemEvent.ItemClaimed) {
            claims.incrementAndGet(slot);
        } else if (event instanceof ItemEvent.ItemCompleted) {
            completions.incrementAndGet(slot);
        } else if (event instanceof ItemEvent.LeaseExpired) {
            expiries.incrementAndGet(slot);
        }
    }

    public long claimsLastMinute() {
        return sum(claims);
    }

    public long completionsLastMinute() {
        return sum(completions);
    }

    public long expiriesLastMinute() {
        return sum(expiries);
    }

    private long sum(AtomicLongArray counts) {
        final long now = clock.instant().getEpochSecond();
        long total = 0;
        for (int i = 0; i < SECONDS; i++) {
            if (now - stamps.get(i) < SECONDS) {
                total += counts.get(i);
            }
        }
        return total;
    }
}
