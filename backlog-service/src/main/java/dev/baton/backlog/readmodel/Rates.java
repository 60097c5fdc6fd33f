package dev.baton.backlog.readmodel;

import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.limits.Limits;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The recent pace of work: submissions, claims, completions and lease expiries per minute, over
 * the last minute, and the agents that acted in it, counted as the events go by (in memory: a
 * restarted instance starts counting again).
 */
public final class Rates {

    private static final int SECONDS = 60;
    private final Clock clock;
    private final AtomicLongArray submissions = new AtomicLongArray(SECONDS);
    private final AtomicLongArray claims = new AtomicLongArray(SECONDS);
    private final AtomicLongArray completions = new AtomicLongArray(SECONDS);
    private final AtomicLongArray expiries = new AtomicLongArray(SECONDS);
    private final AtomicLongArray stamps = new AtomicLongArray(SECONDS);
    /** Agent name to the last second it claimed, heartbeat, completed, failed or released. */
    private final Map<String, Long> agents = new ConcurrentHashMap<>();

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
            submissions.set(slot, 0);
            claims.set(slot, 0);
            completions.set(slot, 0);
            expiries.set(slot, 0);
        }
        if (event instanceof ItemEvent.ItemSubmitted) {
            submissions.incrementAndGet(slot);
        } else if (event instanceof ItemEvent.ItemClaimed claimed) {
            claims.incrementAndGet(slot);
            active(claimed.agent(), second);
        } else if (event instanceof ItemEvent.ItemCompleted completed) {
            completions.incrementAndGet(slot);
            active(completed.agent(), second);
        } else if (event instanceof ItemEvent.LeaseExpired) {
            expiries.incrementAndGet(slot);
        } else if (event instanceof ItemEvent.LeaseRenewed renewed) {
            active(renewed.agent(), second);
        } else if (event instanceof ItemEvent.ItemFailed failed) {
            active(failed.agent(), second);
        } else if (event instanceof ItemEvent.ItemReleased released) {
            active(released.agent(), second);
        }
    }

    private void active(String agent, long second) {
        if (agent == null) {
            return;
        }
        if (agents.size() >= Limits.MAX_ACTIVE_AGENTS_COUNTED && !agents.containsKey(agent)) {
            forgetIdle();
            if (agents.size() >= Limits.MAX_ACTIVE_AGENTS_COUNTED) {
                return; // a bounded memory: the count then reads as a floor
            }
        }
        agents.merge(agent, second, Math::max);
    }

    private void forgetIdle() {
        final long now = clock.instant().getEpochSecond();
        agents.values().removeIf(last -> now - last >= SECONDS);
    }

    public long submissionsLastMinute() {
        return sum(submissions);
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

    /** Agents that claimed, heartbeat, completed, failed or released in the last minute. */
    public int agentsActiveLastMinute() {
        forgetIdle();
        return agents.size();
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
