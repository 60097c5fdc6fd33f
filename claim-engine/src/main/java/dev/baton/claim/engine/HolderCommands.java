package dev.baton.claim.engine;

import dev.baton.contracts.command.Command;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.item.ItemSummary;
import dev.baton.contracts.item.Result;
import dev.baton.contracts.reply.Reason;
import dev.baton.contracts.reply.Rejection;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the holder of a grant may do: heartbeat, complete, fail, release. Each goes through the
 * one fencing check ({@link #asHolder}) before it decides anything, so "only the holder of the
 * current epoch" is written once.
 */
final class HolderCommands {

    private final Settings settings;
    private final Leases leases;

    HolderCommands(Settings settings, Leases leases) {
        this.settings = settings;
        this.leases = leases;
    }

    /**
     * The fencing check: the command must name the item's current epoch (else {@code STALE_EPOCH}),
     * come from its holder (else {@code NOT_OWNER}) and find the item held (a finished item is
     * {@code TERMINAL}; a grant of the current epoch that is already over, expired or given back
     * and not yet regranted, is {@code STALE_EPOCH}: the token names a grant, and that grant is over).
     * Only then does {@code then} decide.
     */
    static Decision asHolder(Item item, String agent, long epoch, Supplier<Decision> then) {
        if (epoch != item.epoch()) {
            return Decision.reject(Rejection.staleEpoch(item.id(), epoch, item.epoch()));
        }
        if (item.state() == ItemState.CLAIMED) {
            return Objects.equals(item.owner(), agent)
                    ? then.get()
                    : Decision.reject(Rejection.notOwner(item.id(), agent, item.epoch()));
        }
        if (item.state().terminal()) {
            return Decision.reject(Rejection.terminal(item.id(), item.state()));
        }
        return Decision.reject(new Rejection(
                Reason.STALE_EPOCH,
                item.id(),
                null,
                null,
                item.epoch(),
                item.state(),
                "the lease of epoch " + epoch + " has ended; the item is " + item.state()));
    }

    /** Heartbeat: extend the lease, never shorten it; without a length, by the grant's own. */
    Decision renew(Item item, Command.RenewLease c, Instant now) {
        return asHolder(item, c.agent(), c.epoch(), () -> {
            final Optional<Rejection> badLease = leases.lengthProblem(item.id(), c.leaseSeconds());
            if (badLease.isPresent()) {
                return Decision.reject(badLease.get());
            }
            final Duration length = c.leaseSeconds() != null
                    ? Duration.ofSeconds(c.leaseSeconds())
                    : item.leaseSeconds() != null
                            ? Duration.ofSeconds(item.leaseSeconds())
                            : leases.grantLength(item, null);
            final Instant extended = Times.plus(now, length);
            final Instant until = extended.isAfter(item.leaseUntil()) ? extended : item.leaseUntil();
            return Decision.accept(new ItemEvent.LeaseRenewed(
                    item.id(), now, ItemState.CLAIMED, c.agent(), c.epoch(), until, c.progress()));
        });
    }

    Decision complete(Item item, Command.CompleteItem c, Instant now) {
        return asHolder(item, c.agent(), c.epoch(), () -> {
            final Result result = c.result() == null ? Result.of(null) : c.result();
            return Decision.accept(new ItemEvent.ItemCompleted(
                    item.id(), now, ItemState.DONE, c.agent(), c.epoch(), result, item.summary()));
        });
    }

    /** A retryable failure waits out its backoff while attempts remain; otherwise the item is dead. */
    Decision fail(Item item, Command.FailItem c, Instant now) {
        return asHolder(item, c.agent(), c.epoch(), () -> {
            final int attempts = item.attempts() + 1;
            final ItemSummary summary = item.summary();
            if (c.retryable() && attempts < item.spec().maxAttempts()) {
                final Instant retryAt = Times.plus(now, settings.backoff(attempts));
                return Decision.accept(new ItemEvent.ItemFailed(
                        item.id(),
                        now,
                        ItemState.WAITING,
                        c.agent(),
                        c.epoch(),
                        c.error(),
                        true,
                        attempts,
                        retryAt,
                        summary));
            }
            final String reason = c.retryable()
                    ? "attempts exhausted (" + attempts + " of " + item.spec().maxAttempts() + "): " + c.error()
                    : "failed, not retryable: " + c.error();
            return Decision.accept(
                    new ItemEvent.ItemFailed(
                            item.id(),
                            now,
                            ItemState.DEAD,
                            c.agent(),
                            c.epoch(),
                            c.error(),
                            c.retryable(),
                            attempts,
                            null,
                            summary),
                    new ItemEvent.ItemDeadLettered(item.id(), now, ItemState.DEAD, reason, attempts, summary));
        });
    }

    /** Give the item back at once; the attempt does not count. */
    Decision release(Item item, Command.ReleaseItem c, Instant now) {
        return asHolder(
                item,
                c.agent(),
                c.epoch(),
                () -> Decision.accept(
                        new ItemEvent.ItemReleased(item.id(), now, ItemState.READY, c.agent(), c.epoch(), c.reason())));
    }
}
