package dev.baton.claim.engine;

import dev.baton.contracts.command.Command;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.item.ItemSummary;
import dev.baton.contracts.item.Result;
import dev.baton.contracts.reply.Reason;
import dev.baton.contracts.reply.Rejection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The ownership rule: the one place where Baton decides who holds an item.
 *
 * <p>{@code decide} validates a command against an item's state and returns the events it
 * causes, or a typed rejection; {@code evolve} applies one event to the state. Both are pure:
 * no Kafka, no clock (the caller passes {@code now}), so the rule is tested without a broker.
 *
 * <p>Guarantees, for every sequence of commands: at most one holder at a time; every grant
 * raises the epoch; a command from anyone but the holder of the current epoch changes nothing;
 * a lease that has run out is over, whether or not the expiry has been processed yet (callers
 * apply {@link #due} before deciding); a command is refused rather than accepted when the state
 * it would leave cannot be stored ({@link Storable}), so accepting never fails afterwards.
 *
 * <p>Time never overflows here: leases, backoffs and not-before times saturate ({@link Times}).
 */
public final class ClaimRule {

    private final Settings settings;

    public ClaimRule(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    // ---------------------------------------------------------------- decide

    /** A new submission. A repeated submission of a known id changes nothing. */
    public List<ItemEvent> submit(Item existing, ItemEvent.ItemSubmitted submitted, Instant now) {
        if (existing != null) {
            return List.of();
        }
        final ItemSpec spec = submitted.spec();
        final boolean later = spec.notBefore() != null && spec.notBefore().isAfter(now);
        final ItemState state = later || !spec.dependsOn().isEmpty() ? ItemState.WAITING : ItemState.READY;
        return List.of(new ItemEvent.ItemSubmitted(submitted.itemId(), now, state, spec, submitted.requestId()));
    }

    /** Any command about one item ({@link Command.ClaimNext} is decided item by item through {@link #claim}). */
    public Decision decide(Item item, Command command, Instant now) {
        if (command instanceof Command.ClaimNext) {
            throw new IllegalArgumentException("claim-next is decided per candidate through claim()");
        }
        if (item == null) {
            return Decision.reject(Rejection.unknownItem(command.itemId()));
        }
        if (command instanceof Command.ClaimItem c) {
            return claim(item, c.agent(), c.leaseSeconds(), now);
        } else if (command instanceof Command.RenewLease c) {
            return renew(item, c, now);
        } else if (command instanceof Command.CompleteItem c) {
            return complete(item, c, now);
        } else if (command instanceof Command.FailItem c) {
            return fail(item, c, now);
        } else if (command instanceof Command.ReleaseItem c) {
            return release(item, c, now);
        } else if (command instanceof Command.CancelItem c) {
            return cancel(item, c, now);
        } else if (command instanceof Command.SettleDependency c) {
            return storable(item, Decision.accept(settle(item, c.dependencyId(), c.outcome(), now)));
        } else if (command instanceof Command.RedriveItem c) {
            return redrive(item, c, now);
        }
        throw new IllegalArgumentException("not an item command: " + command.getClass().getSimpleName());
    }

    /** Grant the item to {@code agent} if it is ready. */
    public Decision claim(Item item, String agent, Integer leaseSeconds, Instant now) {
        return storable(item, grant(item, agent, leaseSeconds, now));
    }

    /** The decision itself, or its refusal when what it would leave cannot be stored. */
    private static Decision storable(Item item, Decision decision) {
        if (decision.rejected()) {
            return decision;
        }
        final Rejection tooLarge = Storable.check(item, decision.events());
        return tooLarge == null ? decision : Decision.reject(tooLarge);
    }

    /**
     * What is wrong with a claim request whatever the item (no agent, a lease out of range);
     * {@code null} when nothing is. Claim-next asks once, before its candidates.
     */
    public Rejection claimRequestProblem(String itemId, String agent, Integer leaseSeconds) {
        if (agent == null || agent.isBlank()) {
            return Rejection.invalid(itemId, "agent is required");
        }
        return checkLease(itemId, leaseSeconds);
    }

    private Decision grant(Item item, String agent, Integer leaseSeconds, Instant now) {
        final Rejection badRequest = claimRequestProblem(item.id(), agent, leaseSeconds);
        if (badRequest != null) {
            return Decision.reject(badRequest);
        }
        switch (item.state()) {
            case READY -> {
                final long epoch = item.epoch() + 1;
                final Instant until = Times.plus(now, lease(item, leaseSeconds));
                return Decision.accept(new ItemEvent.ItemClaimed(item.id(), now, ItemState.CLAIMED, agent, epoch, until,
                        item.attempts() + 1, item.summary()));
            }
            case CLAIMED -> {
                return Decision.reject(Rejection.alreadyClaimed(item.id(), item.owner(), item.leaseUntil(),
                        item.epoch()));
            }
            case WAITING -> {
                return Decision.reject(Rejection.notReady(item.id(), item.state(), item.why()));
            }
            default -> {
                return Decision.reject(Rejection.terminal(item.id(), item.state()));
            }
        }
    }

    public Decision renew(Item item, Command.RenewLease c, Instant now) {
        return storable(item, renewUnbounded(item, c, now));
    }

    private Decision renewUnbounded(Item item, Command.RenewLease c, Instant now) {
        final Rejection refused = holderCheck(item, c.agent(), c.epoch());
        if (refused != null) {
            return Decision.reject(refused);
        }
        final Rejection badLease = checkLease(item.id(), c.leaseSeconds());
        if (badLease != null) {
            return Decision.reject(badLease);
        }
        final Duration length = c.leaseSeconds() != null ? Duration.ofSeconds(c.leaseSeconds())
                : item.leaseSeconds() != null ? Duration.ofSeconds(item.leaseSeconds()) : lease(item, null);
        final Instant extended = Times.plus(now, length);
        // A heartbeat never shortens a lease.
        final Instant until = extended.isAfter(item.leaseUntil()) ? extended : item.leaseUntil();
        return Decision.accept(new ItemEvent.LeaseRenewed(item.id(), now, ItemState.CLAIMED, c.agent(), c.epoch(), until,
                c.progress()));
    }

    public Decision complete(Item item, Command.CompleteItem c, Instant now) {
        return storable(item, completeUnbounded(item, c, now));
    }

    private Decision completeUnbounded(Item item, Command.CompleteItem c, Instant now) {
        final Rejection refused = holderCheck(item, c.agent(), c.epoch());
        if (refused != null) {
            return Decision.reject(refused);
        }
        final Result result = c.result() == null ? Result.of(null) : c.result();
        return Decision.accept(new ItemEvent.ItemCompleted(item.id(), now, ItemState.DONE, c.agent(), c.epoch(), result,
                item.summary()));
    }

    public Decision fail(Item item, Command.FailItem c, Instant now) {
        return storable(item, failUnbounded(item, c, now));
    }

    private Decision failUnbounded(Item item, Command.FailItem c, Instant now) {
        final Rejection refused = holderCheck(item, c.agent(), c.epoch());
        if (refused != null) {
            return Decision.reject(refused);
        }
        final int attempts = item.attempts() + 1;
        final ItemSummary summary = item.summary();
        if (c.retryable() && attempts < item.spec().maxAttempts()) {
            final Instant retryAt = Times.plus(now, settings.backoff(attempts));
            return Decision.accept(new ItemEvent.ItemFailed(item.id(), now, ItemState.WAITING, c.agent(), c.epoch(),
                    c.error(), true, attempts, retryAt, summary));
        }
        final String reason = c.retryable()
                ? "attempts exhausted (" + attempts + " of " + item.spec().maxAttempts() + "): " + c.error()
                : "failed, not retryable: " + c.error();
        return Decision.accept(
                new ItemEvent.ItemFailed(item.id(), now, ItemState.DEAD, c.agent(), c.epoch(), c.error(), c.retryable(),
                        attempts, null, summary),
                new ItemEvent.ItemDeadLettered(item.id(), now, ItemState.DEAD, reason, attempts, summary));
    }

    /** Give the item back at once; the attempt does not count. */
    public Decision release(Item item, Command.ReleaseItem c, Instant now) {
        return storable(item, releaseUnbounded(item, c, now));
    }

    private Decision releaseUnbounded(Item item, Command.ReleaseItem c, Instant now) {
        final Rejection refused = holderCheck(item, c.agent(), c.epoch());
        if (refused != null) {
            return Decision.reject(refused);
        }
        return Decision.accept(new ItemEvent.ItemReleased(item.id(), now, ItemState.READY, c.agent(), c.epoch(),
                c.reason()));
    }

    public Decision cancel(Item item, Command.CancelItem c, Instant now) {
        return storable(item, cancelUnbounded(item, c, now));
    }

    private Decision cancelUnbounded(Item item, Command.CancelItem c, Instant now) {
        if (item.state().terminal()) {
            return Decision.reject(Rejection.terminal(item.id(), item.state()));
        }
        return Decision.accept(new ItemEvent.ItemCancelled(item.id(), now, ItemState.CANCELLED, c.reason()));
    }

    public Decision redrive(Item item, Command.RedriveItem c, Instant now) {
        return storable(item, redriveUnbounded(item, c, now));
    }

    private Decision redriveUnbounded(Item item, Command.RedriveItem c, Instant now) {
        if (item.state() != ItemState.DEAD) {
            return Decision.reject(new Rejection(Reason.NOT_DEAD, item.id(), null, null, item.epoch(), item.state(),
                    "only a DEAD item can be redriven; this one is " + item.state()));
        }
        return Decision.accept(new ItemEvent.ItemRedriven(item.id(), now, ItemState.READY));
    }

    /**
     * A dependency of a waiting item ended. {@code DONE} clears it; {@code DEAD} or
     * {@code CANCELLED} blocks the item until the dependency is redriven and done. The item is
     * ready once nothing is open or blocked and no not-before or backoff time is ahead. A report
     * about a dependency the item no longer waits on, or for an item that is not waiting, changes
     * nothing.
     */
    public List<ItemEvent> settle(Item item, String dependencyId, ItemState outcome, Instant now) {
        if (item == null || item.state() != ItemState.WAITING) {
            return List.of();
        }
        final boolean open = item.waitingOn().contains(dependencyId);
        final boolean blocked = item.blockedBy().contains(dependencyId);
        if (!open && !blocked || blocked && outcome != ItemState.DONE) {
            return List.of();
        }
        final List<String> waitingOn = new java.util.ArrayList<>(item.waitingOn());
        final List<String> blockedBy = new java.util.ArrayList<>(item.blockedBy());
        waitingOn.remove(dependencyId);
        blockedBy.remove(dependencyId);
        if (outcome != ItemState.DONE) {
            blockedBy.add(dependencyId);
        }
        final boolean timeAhead = item.wakeAt() != null && now.isBefore(item.wakeAt());
        final ItemState state = waitingOn.isEmpty() && blockedBy.isEmpty() && !timeAhead
                ? ItemState.READY : ItemState.WAITING;
        return List.of(new ItemEvent.DependencySettled(item.id(), now, state, dependencyId, outcome));
    }

    /** What time alone does to an item by {@code now}: a lease runs out, a wait ends. */
    public List<ItemEvent> due(Item item, Instant now) {
        if (item == null) {
            return List.of();
        }
        if (item.state() == ItemState.CLAIMED && !now.isBefore(item.leaseUntil())) {
            final int attempts = item.attempts() + 1;
            final ItemSummary summary = item.summary();
            if (attempts >= item.spec().maxAttempts()) {
                return List.of(
                        new ItemEvent.LeaseExpired(item.id(), now, ItemState.DEAD, item.owner(), item.epoch(), attempts,
                                summary),
                        new ItemEvent.ItemDeadLettered(item.id(), now, ItemState.DEAD,
                                "attempts exhausted (" + attempts + " of " + item.spec().maxAttempts()
                                        + "): lease expired", attempts, summary));
            }
            return List.of(new ItemEvent.LeaseExpired(item.id(), now, ItemState.READY, item.owner(), item.epoch(),
                    attempts, summary));
        }
        if (item.state() == ItemState.WAITING && item.wakeAt() != null && !now.isBefore(item.wakeAt())
                && item.waitingOn().isEmpty() && item.blockedBy().isEmpty()) {
            final String cause = item.attempts() > 0 && item.lastError() != null ? "backoff over" : "not-before reached";
            return List.of(new ItemEvent.ItemBecameReady(item.id(), now, ItemState.READY, cause));
        }
        return List.of();
    }

    private Rejection holderCheck(Item item, String agent, long epoch) {
        if (epoch != item.epoch()) {
            return Rejection.staleEpoch(item.id(), epoch, item.epoch());
        }
        if (item.state() == ItemState.CLAIMED) {
            return java.util.Objects.equals(item.owner(), agent) ? null
                    : Rejection.notOwner(item.id(), agent, item.epoch());
        }
        if (item.state().terminal()) {
            return Rejection.terminal(item.id(), item.state());
        }
        // Same epoch, but the grant it names is over (expired or given back) and not yet regranted.
        return new Rejection(Reason.STALE_EPOCH, item.id(), null, null, item.epoch(), item.state(),
                "the lease of epoch " + epoch + " has ended; the item is " + item.state());
    }

    private Rejection checkLease(String itemId, Integer leaseSeconds) {
        if (leaseSeconds != null && (leaseSeconds < 1 || leaseSeconds > settings.maxLease().toSeconds())) {
            return Rejection.invalid(itemId, "leaseSeconds must be between 1 and " + settings.maxLease().toSeconds());
        }
        return null;
    }

    private Duration lease(Item item, Integer requested) {
        if (requested != null) {
            return Duration.ofSeconds(requested);
        }
        if (item.spec().leaseSeconds() != null) {
            final Duration own = Duration.ofSeconds(item.spec().leaseSeconds());
            return own.compareTo(settings.maxLease()) > 0 ? settings.maxLease() : own;
        }
        return settings.defaultLease();
    }

    // ---------------------------------------------------------------- evolve

    /** Applies one event. {@code item} is {@code null} only before {@code ItemSubmitted}. */
    public static Item evolve(Item item, ItemEvent event) {
        if (event instanceof ItemEvent.ItemSubmitted e) {
            final ItemSpec spec = e.spec();
            final Instant wakeAt = spec.notBefore() != null && spec.notBefore().isAfter(e.at()) ? spec.notBefore() : null;
            return new Item(e.itemId(), spec, e.state(), 0, null, null, 0, wakeAt, spec.dependsOn(), List.of(), e.at(),
                    e.at(), null, null, null, null);
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
            d.waitingOn = new java.util.ArrayList<>(d.waitingOn);
            d.blockedBy = new java.util.ArrayList<>(d.blockedBy);
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

    public static Item fold(Item item, List<ItemEvent> events) {
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
            return new Item(from.id(), from.spec(), state, epoch, owner, leaseUntil, attempts, wakeAt, waitingOn,
                    blockedBy, from.submittedAt(), updatedAt, lastError, result, progress, leaseSeconds);
        }
    }
}
