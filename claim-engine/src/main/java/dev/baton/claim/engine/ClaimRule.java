package dev.baton.claim.engine;

import dev.baton.contracts.command.Command;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.item.ItemSummary;
import dev.baton.contracts.reply.Reason;
import dev.baton.contracts.reply.Rejection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The ownership rule: the one place where Baton decides who holds an item.
 *
 * <p>{@code decide} validates a command against an item's state and returns the events it
 * causes, or a typed rejection; {@code evolve} applies one event to the state
 * ({@link ItemEvolution}). Both are pure: no Kafka, no clock (the caller passes {@code now}), so
 * the rule is tested without a broker.
 *
 * <p>Guarantees, for every sequence of commands: at most one holder at a time; every grant
 * raises the epoch; a command from anyone but the holder of the current epoch changes nothing
 * ({@link HolderCommands}); a lease that has run out is over, whether or not the expiry has been
 * processed yet (callers apply {@link #due} before deciding); a command is refused rather than
 * accepted when the state it would leave cannot be stored ({@link Storable}), so accepting never
 * fails afterwards. {@code decide} is total: it answers every kind of command and never throws.
 *
 * <p>Time never overflows here: leases, backoffs and not-before times saturate ({@link Times}).
 */
public final class ClaimRule {

    private final Settings settings;
    private final Leases leases;
    private final HolderCommands holder;

    public ClaimRule(Settings settings) {
        this.settings = settings;
        this.leases = new Leases(settings);
        this.holder = new HolderCommands(settings, leases);
    }

    public Settings settings() {
        return settings;
    }

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

    /**
     * Decides {@code command} against {@code item} ({@code null}: not known here) as of {@code now}.
     * Every kind of command has an answer:
     * <ul>
     *   <li>claim-next, given one of its candidates, is a claim of that item; given none it grants nothing;</li>
     *   <li>a watch between partitions changes nothing about the item (the watcher is bookkeeping of the caller's);</li>
     *   <li>a dependency's notice settles it ({@link Dependencies});</li>
     *   <li>any other command about an unknown item is {@code UNKNOWN_ITEM}.</li>
     * </ul>
     */
    public Decision decide(Item item, Command command, Instant now) {
        return Storable.bounded(item, unbounded(item, command, now));
    }

    private Decision unbounded(Item item, Command command, Instant now) {
        if (command instanceof Command.ClaimNext next) {
            return item == null ? Decision.accept() : grant(item, next.agent(), next.leaseSeconds(), now);
        }
        if (command instanceof Command.WatchDependency) {
            return Decision.accept();
        }
        if (item == null) {
            return Decision.reject(Rejection.unknownItem(command.itemId()));
        }
        if (command instanceof Command.ClaimItem c) {
            return grant(item, c.agent(), c.leaseSeconds(), now);
        } else if (command instanceof Command.RenewLease c) {
            return holder.renew(item, c, now);
        } else if (command instanceof Command.CompleteItem c) {
            return holder.complete(item, c, now);
        } else if (command instanceof Command.FailItem c) {
            return holder.fail(item, c, now);
        } else if (command instanceof Command.ReleaseItem c) {
            return holder.release(item, c, now);
        } else if (command instanceof Command.CancelItem c) {
            return cancel(item, c, now);
        } else if (command instanceof Command.RedriveItem) {
            return redrive(item, now);
        } else if (command instanceof Command.SettleDependency c) {
            return Decision.accept(Dependencies.settle(item, c.dependencyId(), c.outcome(), now));
        }
        // Only a command kind added to the contracts without a rule for it gets here.
        return Decision.reject(Rejection.invalid(
                item.id(), "the engine does not decide " + command.getClass().getSimpleName()));
    }

    /**
     * What is wrong with a claim request whatever the item (no agent, a lease out of range); empty
     * when nothing is. Claim-next asks once, before its candidates.
     */
    public Optional<Rejection> claimRequestProblem(String itemId, String agent, Integer leaseSeconds) {
        return leases.requestProblem(itemId, agent, leaseSeconds);
    }

    /** Grant the item to {@code agent} if it is ready. */
    private Decision grant(Item item, String agent, Integer leaseSeconds, Instant now) {
        final Optional<Rejection> badRequest = leases.requestProblem(item.id(), agent, leaseSeconds);
        if (badRequest.isPresent()) {
            return Decision.reject(badRequest.get());
        }
        return switch (item.state()) {
            case READY ->
                Decision.accept(new ItemEvent.ItemClaimed(
                        item.id(),
                        now,
                        ItemState.CLAIMED,
                        agent,
                        item.epoch() + 1,
                        Times.plus(now, leases.grantLength(item, leaseSeconds)),
                        item.attempts() + 1,
                        item.summary()));
            case CLAIMED ->
                Decision.reject(Rejection.alreadyClaimed(item.id(), item.owner(), item.leaseUntil(), item.epoch()));
            case WAITING -> Decision.reject(Rejection.notReady(item.id(), item.state(), item.why()));
            default -> Decision.reject(Rejection.terminal(item.id(), item.state()));
        };
    }

    private static Decision cancel(Item item, Command.CancelItem c, Instant now) {
        if (item.state().terminal()) {
            return Decision.reject(Rejection.terminal(item.id(), item.state()));
        }
        return Decision.accept(new ItemEvent.ItemCancelled(item.id(), now, ItemState.CANCELLED, c.reason()));
    }

    private static Decision redrive(Item item, Instant now) {
        if (item.state() != ItemState.DEAD) {
            return Decision.reject(new Rejection(
                    Reason.NOT_DEAD,
                    item.id(),
                    null,
                    null,
                    item.epoch(),
                    item.state(),
                    "only a DEAD item can be redriven; this one is " + item.state()));
        }
        return Decision.accept(new ItemEvent.ItemRedriven(item.id(), now, ItemState.READY));
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
                        new ItemEvent.LeaseExpired(
                                item.id(), now, ItemState.DEAD, item.owner(), item.epoch(), attempts, summary),
                        new ItemEvent.ItemDeadLettered(
                                item.id(),
                                now,
                                ItemState.DEAD,
                                "attempts exhausted (" + attempts + " of "
                                        + item.spec().maxAttempts() + "): lease expired",
                                attempts,
                                summary));
            }
            return List.of(new ItemEvent.LeaseExpired(
                    item.id(), now, ItemState.READY, item.owner(), item.epoch(), attempts, summary));
        }
        if (item.state() == ItemState.WAITING
                && item.wakeAt() != null
                && !now.isBefore(item.wakeAt())
                && item.waitingOn().isEmpty()
                && item.blockedBy().isEmpty()) {
            final String cause =
                    item.attempts() > 0 && item.lastError() != null ? "backoff over" : "not-before reached";
            return List.of(new ItemEvent.ItemBecameReady(item.id(), now, ItemState.READY, cause));
        }
        return List.of();
    }

    /** Applies one event. {@code item} is {@code null} only before {@code ItemSubmitted}. */
    public static Item evolve(Item item, ItemEvent event) {
        return ItemEvolution.evolve(item, event);
    }

    /** Applies events in order. */
    public static Item fold(Item item, List<ItemEvent> events) {
        return ItemEvolution.fold(item, events);
    }
}
