package dev.baton.mcp.session;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One grant a session took: the item, the epoch that fences its calls, the lease's length and how
 * far it reaches now, and when it is next heartbeated (a third of the lease after the last renewal).
 */
public final class HeldGrant {

    private final String itemId;
    private final long epoch;
    private final Duration lease;
    private volatile Instant leaseUntil;
    private volatile Instant nextBeat;
    private final AtomicBoolean beating = new AtomicBoolean();

    HeldGrant(String itemId, long epoch, Instant leaseUntil, Instant now) {
        this.itemId = itemId;
        this.epoch = epoch;
        // The grant says until when, not for how long: the length is what is left of it now, which
        // is what each heartbeat extends it by again.
        this.lease = leaseUntil == null || !leaseUntil.isAfter(now)
                ? Duration.ofSeconds(1)
                : Duration.between(now, leaseUntil);
        this.leaseUntil = leaseUntil;
        this.nextBeat = now.plus(beatEvery());
    }

    public String itemId() {
        return itemId;
    }

    public long epoch() {
        return epoch;
    }

    public Instant leaseUntil() {
        return leaseUntil;
    }

    Duration beatEvery() {
        final Duration third = lease.dividedBy(3);
        return third.compareTo(Duration.ofMillis(200)) < 0 ? Duration.ofMillis(200) : third;
    }

    boolean due(Instant now) {
        return !now.isBefore(nextBeat);
    }

    /** Marks one heartbeat under way; false when one already is. */
    boolean startBeat() {
        return beating.compareAndSet(false, true);
    }

    void renewed(Instant until, Instant now) {
        if (until != null) {
            leaseUntil = until;
        }
        nextBeat = now.plus(beatEvery());
        beating.set(false);
    }

    void renewedByCaller(Instant until, Instant now) {
        if (until != null) {
            leaseUntil = until;
        }
        nextBeat = now.plus(beatEvery());
    }

    /** A heartbeat got no answer: try again soon, well within the lease. */
    void unanswered(Instant now) {
        final Duration soon = beatEvery().dividedBy(2);
        nextBeat = now.plus(soon.compareTo(Duration.ofMillis(200)) < 0 ? Duration.ofMillis(200) : soon);
        beating.set(false);
    }
}
