package dev.baton.backlog.readmodel;

import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemState;
import dev.baton.engine.client.EngineGateway;
import dev.baton.http.Async;
import io.quarkus.arc.Arc;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.IntSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The read model's one query API: what the REST resources, the meters and the board read through.
 * Each instance holds the views and histories of the partitions Streams gave it ({@link LocalReads});
 * a key's question is answered here when this instance holds the key and asked of its holder when
 * not ({@link Peers}); a list or the stats are gathered from every holder and merged, so they read
 * as they would from one instance holding everything ({@link Placement} says who holds what). While
 * any part cannot be had, the answer is {@link Unavailable} (503, retry), never a part as the whole.
 */
@ApplicationScoped
public class ReadModel {

    @Inject
    KafkaStreams streams;

    @Inject
    Rates rates;

    @Inject
    ViewChanges changes;

    @Inject
    Instance<SecurityIdentity> identity;

    /**
     * Every item-keyed topic has the same number of partitions, made with the topics; the gateway
     * has read it from the broker ({@code claim-requests}), which is also the count of {@code claims}.
     */
    @Inject
    Instance<EngineGateway> gateway;

    /** How many partitions the views' input has; from the gateway unless set before {@link #connect}. */
    IntSupplier partitions;

    /** How long another instance may take to answer beyond a wait asked of it. */
    @ConfigProperty(name = "baton.backlog.peer-timeout", defaultValue = "5s")
    Duration peerTimeout;

    /** A token to ask the others with when a read has no caller's token of its own (a background reader). */
    @ConfigProperty(name = "baton.backlog.peer-token")
    Optional<String> peerToken;

    /**
     * A waiting read looks again at least this often even without a signal: the signal comes from
     * this instance's processor, and a view restored from the changelog after a rebalance sends none.
     */
    static final Duration RECHECK = Duration.ofSeconds(1);

    /** While the stores are not open (starting, rebalancing), a waiting read tries again this often. */
    static final Duration REOPEN = Duration.ofMillis(50);

    Clock clock = Clock.systemUTC();

    private LocalReads local;
    private Placement placement;
    private Peers peers;

    @PostConstruct
    void connect() {
        local = new LocalReads(streams, rates);
        if (partitions == null) {
            partitions = () -> gateway.get().partitions();
        }
        placement = new Placement(streams, local, partitions);
        peers = new Peers(peerTimeout);
    }

    /** This instance's own stores. */
    LocalReads local() {
        return local;
    }

    /** Thrown while the stores cannot answer (starting, rebalancing, a holder gone). */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message);
        }
    }

    /**
     * An item's view, from whichever instance holds it. Like {@link #history}, {@link #list} and
     * {@link #stats}, it may wait for another instance's answer: call it on a worker thread, never
     * on an event loop ({@link #awaitItem} waits holding no thread).
     */
    public Optional<Item> item(String id) {
        return item(id, token());
    }

    private Optional<Item> item(String id, String token) {
        final Placement.Owner owner = placement.ownerOf(id);
        if (owner.here()) {
            return local.item(id, owner.partition());
        }
        return join(peers.item(owner.host(), id, null, null, Duration.ZERO, token));
    }

    /**
     * The item once it shows at least the given epoch or state (read your own write), waiting up
     * to {@code wait}; the latest view when the wait runs out. The instance that holds the item
     * waits for it (its processor signals the change) and this one waits for that answer: a write
     * read through any instance is seen as soon as its holder shows it. No thread waits: the read
     * is made again when the read model's processor writes the item (see {@link ViewChanges}), at
     * least every {@link #RECHECK}, and at the deadline. Cancelling the future ends the wait.
     */
    public CompletableFuture<Optional<Item>> awaitItem(String id, Long minEpoch, ItemState state, Duration wait) {
        return await(id, minEpoch, state, wait, false, token());
    }

    /**
     * As {@link #awaitItem}, with why the item is not ready, its dependency cycle said when there
     * is one (found by walking the items it waits on, wherever they are held).
     */
    public CompletableFuture<Optional<Explained>> awaitExplained(
            String id, Long minEpoch, ItemState state, Duration wait) {
        final String token = token();
        return await(id, minEpoch, state, wait, false, token)
                .thenCompose(found -> found.isEmpty()
                        ? CompletableFuture.completedFuture(Optional.<Explained>empty())
                        : why(found.get(), token).thenApply(why -> Optional.of(new Explained(found.get(), why))));
    }

    /** An item and why it is not ready ({@code null} when it is). */
    public record Explained(Item item, String why) {}

    /**
     * The item as this instance holds it, waiting as {@link #awaitItem} does: what another instance
     * asks of this one. Unavailable when the item is not (or no longer) held here.
     */
    public CompletableFuture<Optional<Item>> awaitItemHere(String id, Long minEpoch, ItemState state, Duration wait) {
        return await(id, minEpoch, state, wait, true, null);
    }

    private CompletableFuture<Optional<Item>> await(
            String id, Long minEpoch, ItemState state, Duration wait, boolean hereOnly, String token) {
        final ItemWait waiting =
                new ItemWait(id, minEpoch, state, System.nanoTime() + wait.toNanos(), Async.here(), hereOnly, token);
        waiting.look();
        return waiting.answer;
    }

    /**
     * The dependencies of a waiting item may be held anywhere: the walk asks their holders, so it
     * runs on a worker, never on the event loop that answers everyone. A dependency that cannot be
     * read now is taken as not waiting: the answer may then miss a cycle, but does not fail for it.
     */
    private CompletableFuture<String> why(Item item, String token) {
        if (item.state() != ItemState.WAITING || item.waitingOn().isEmpty()) {
            return CompletableFuture.completedFuture(item.why());
        }
        return CompletableFuture.supplyAsync(
                () -> DependencyCycles.why(item, other -> {
                    try {
                        return item(other, token).orElse(null);
                    } catch (Unavailable notNow) {
                        return null;
                    }
                }),
                Infrastructure.getDefaultWorkerPool());
    }

    /** One read-your-write wait: look, and if the view is not there yet, look again at its next change. */
    private final class ItemWait {
        final CompletableFuture<Optional<Item>> answer = new CompletableFuture<>();
        private final String id;
        private final Long minEpoch;
        private final ItemState state;
        private final long deadline;
        private final Executor here;
        private final boolean hereOnly;
        private final String token;
        private volatile CompletableFuture<?> parked;

        ItemWait(
                String id,
                Long minEpoch,
                ItemState state,
                long deadline,
                Executor here,
                boolean hereOnly,
                String token) {
            this.id = id;
            this.minEpoch = minEpoch;
            this.state = state;
            this.deadline = deadline;
            this.here = here;
            this.hereOnly = hereOnly;
            this.token = token;
            // A caller that went away frees its parked wait (or its question to the holder) at once.
            answer.whenComplete((item, error) -> forget(parked));
        }

        void look() {
            if (answer.isDone()) {
                return;
            }
            final long left = deadline - System.nanoTime();
            final Placement.Owner owner;
            try {
                owner = placement.ownerOf(id);
            } catch (Unavailable e) {
                again(e, left);
                return;
            }
            if (!owner.here()) {
                if (hereOnly) {
                    // Asked by another instance that thought this one holds it: a rebalance moved it; it asks again.
                    again(new Unavailable("item " + id + " is not held by this instance now; retry shortly"), left);
                } else {
                    askHolder(owner, left);
                }
                return;
            }
            // Asked for before the read: a write between the read and the wait still wakes it.
            final CompletableFuture<Void> change =
                    left <= 0 ? null : changes.next(id, Duration.ofNanos(Math.min(left, RECHECK.toNanos())));
            final Optional<Item> item;
            try {
                item = local.item(id, owner.partition());
            } catch (RuntimeException e) {
                forget(change);
                if (e instanceof Unavailable unavailable) {
                    again(unavailable, left);
                } else {
                    answer.completeExceptionally(e);
                }
                return;
            }
            final boolean caughtUp = item.isPresent()
                    && (minEpoch == null || item.get().epoch() >= minEpoch)
                    && (state == null || item.get().state() == state);
            if (caughtUp || change == null) {
                forget(change);
                answer.complete(item);
                return;
            }
            park(change);
        }

        /** The holder waits for the view; its answer is this one's. */
        private void askHolder(Placement.Owner owner, long left) {
            final CompletableFuture<Optional<Item>> asked =
                    peers.item(owner.host(), id, minEpoch, state, Duration.ofNanos(Math.max(0, left)), token);
            parked = asked;
            if (answer.isDone()) {
                asked.cancel(false);
                return;
            }
            asked.whenCompleteAsync(
                    (item, error) -> {
                        if (error == null) {
                            answer.complete(item);
                        } else if (Async.cause(error) instanceof Unavailable unavailable) {
                            again(unavailable, deadline - System.nanoTime());
                        } else {
                            answer.completeExceptionally(Async.cause(error));
                        }
                    },
                    here);
        }

        /** The stores (here or the holder's) open in a moment: look again within the caller's deadline. */
        private void again(Unavailable why, long left) {
            if (left <= 0) {
                answer.completeExceptionally(why);
                return;
            }
            park(changes.next(id, Duration.ofNanos(Math.min(left, REOPEN.toNanos()))));
        }

        private void forget(CompletableFuture<?> change) {
            if (change != null) {
                change.cancel(false);
            }
        }

        private void park(CompletableFuture<Void> change) {
            parked = change;
            if (answer.isDone()) {
                change.cancel(false);
                return;
            }
            change.thenRunAsync(this::look, here);
        }
    }

    /** An event of an item's history, with the trace id of the call that caused it when it was traced. */
    public record Recorded(ItemEvent event, String traceId) {}

    /** An item's history, oldest first, from whichever instance holds it; empty when it has none. */
    public List<Recorded> history(String id) {
        final Placement.Owner owner = placement.ownerOf(id);
        if (owner.here()) {
            return local.history(id, owner.partition());
        }
        return join(peers.history(owner.host(), id, token()));
    }

    /** The history as this instance holds it: what another instance asks of this one. */
    public List<Recorded> historyHere(String id) {
        final Placement.Owner owner = placement.ownerOf(id);
        if (!owner.here()) {
            throw new Unavailable("item " + id + " is not held by this instance now; retry shortly");
        }
        return local.history(id, owner.partition());
    }

    /**
     * A page of items matching the filter, in id order, starting after {@code cursor}. Each holder
     * gives the first {@code limit} matches of its partitions and whether it has more; the
     * smallest {@code limit} of them all are the page, and there is a next one when more were
     * left anywhere. That is the page one instance holding everything would give, and the cursor
     * (the last id of the page) means the same to every instance.
     */
    public Page list(ItemFilter filter, int limit, String cursor) {
        final List<LocalReads.Part> parts = gather(
                partitions -> local.page(partitions, filter, limit, cursor),
                (peer, partitions, token) -> peers.page(peer, partitions, filter, limit, cursor, token));
        return Page.merge(parts, limit);
    }

    /** A part of a list from the named partitions, all of which this instance must hold. */
    public LocalReads.Part pageHere(List<Integer> partitions, ItemFilter filter, int limit, String cursor) {
        return local.page(partitions, filter, limit, cursor);
    }

    /**
     * Counts by state and type and the oldest ready item's age, overall and per type, summed over
     * every holder's partitions from the counts kept as the views change: a few entries per type and
     * partition, not every item. The paces are each instance's own, summed.
     */
    public Stats stats() {
        return Stats.of(
                gather(local::counts, peers::counts).stream().reduce(LocalReads.Counts.NONE, LocalReads.Counts::plus),
                clock.instant());
    }

    /** The stats of the partitions this instance holds alone: each instance's share, for its own meters. */
    public Stats statsHere() {
        final SortedSet<Integer> held = local.partitionsHere();
        if (held.isEmpty()) {
            throw new Unavailable("no partition of the read model is held here yet; retry shortly");
        }
        return Stats.of(local.counts(held), clock.instant());
    }

    /** The counts of the named partitions, all of which this instance must hold: what another instance asks. */
    public LocalReads.Counts countsHere(List<Integer> partitions) {
        return local.counts(partitions);
    }

    /** A question one holder answers for its partitions. */
    private interface Ask<T> {
        CompletableFuture<T> of(HostInfo peer, SortedSet<Integer> partitions, String token);
    }

    /**
     * Every holder's part: the others' asked first, all at once, then this instance's read while
     * they answer. Every partition is in exactly one part.
     */
    private <T> List<T> gather(Function<SortedSet<Integer>, T> here, Ask<T> there) {
        final Map<HostInfo, SortedSet<Integer>> holders = placement.holders();
        final SortedSet<Integer> held = local.partitionsHere();
        final SortedSet<Integer> mine = new TreeSet<>();
        final String token = token();
        final List<CompletableFuture<T>> asked = new ArrayList<>();
        holders.forEach((host, partitions) -> {
            if (held.containsAll(partitions)) {
                mine.addAll(partitions);
            } else {
                asked.add(there.of(host, partitions, token));
            }
        });
        final List<T> parts = new ArrayList<>();
        try {
            if (!mine.isEmpty()) {
                parts.add(here.apply(mine));
            }
            for (CompletableFuture<T> part : asked) {
                parts.add(join(part));
            }
        } finally {
            asked.forEach(part -> part.cancel(false));
        }
        return parts;
    }

    public record Page(List<Item> items, String nextCursor) {

        /**
         * The page made of every holder's part: each part is its holder's first {@code limit}
         * matches, so the first {@code limit} of them all are the page's; a next page exists when
         * they are more than that, or when a holder had more than it sent.
         */
        static Page merge(List<LocalReads.Part> parts, int limit) {
            final TreeMap<String, Item> merged = new TreeMap<>();
            boolean more = false;
            for (LocalReads.Part part : parts) {
                part.items().forEach(item -> merged.put(item.id(), item));
                more |= part.more();
            }
            final List<Item> items = new ArrayList<>(merged.values());
            if (items.size() > limit) {
                return new Page(
                        List.copyOf(items.subList(0, limit)),
                        items.get(limit - 1).id());
            }
            return new Page(items, more ? items.get(items.size() - 1).id() : null);
        }
    }

    public record Stats(
            Map<ItemState, Long> byState,
            Map<String, Map<ItemState, Long>> byType,
            Long oldestReadyAgeSeconds,
            Map<String, Long> oldestReadyAgeSecondsByType,
            long claimsPerMinute,
            long completionsPerMinute,
            long leaseExpiriesPerMinute) {

        static Stats of(LocalReads.Counts counts, Instant now) {
            final Map<ItemState, Long> byState = new EnumMap<>(ItemState.class);
            counts.byType()
                    .values()
                    .forEach(states -> states.forEach((state, n) -> byState.merge(state, n, Long::sum)));
            final Map<String, Long> ageByType = new TreeMap<>();
            counts.oldestReadyByType()
                    .forEach((type, at) ->
                            ageByType.put(type, Duration.between(at, now).toSeconds()));
            final Long oldestReadySeconds = counts.oldestReadyByType().values().stream()
                    .min(Instant::compareTo)
                    .map(at -> Duration.between(at, now).toSeconds())
                    .orElse(null);
            return new Stats(
                    byState,
                    new TreeMap<>(counts.byType()),
                    oldestReadySeconds,
                    ageByType,
                    counts.claimsPerMinute(),
                    counts.completionsPerMinute(),
                    counts.leaseExpiriesPerMinute());
        }
    }

    /**
     * The caller's token, to ask the others with: read now, while the call's request is active (a
     * later step of an answer may run outside it); the configured peer token for a reader that is
     * not a call.
     */
    private String token() {
        if (Arc.container().requestContext().isActive()) {
            final SecurityIdentity caller = identity.get();
            if (!caller.isAnonymous() && caller.getPrincipal() instanceof JsonWebToken jwt) {
                return jwt.getRawToken();
            }
        }
        return peerToken.orElse(null);
    }

    /** A peer's answer, waited for on a worker thread (a list's parts, a history). */
    private <T> T join(CompletableFuture<T> asked) {
        try {
            return asked.get(peerTimeout.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new Unavailable("another instance failed to answer (" + e.getCause() + "); retry shortly");
        } catch (TimeoutException e) {
            asked.cancel(true);
            throw new Unavailable("another instance did not answer in time; retry shortly");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted while another instance answered");
        }
    }

    /** Wiring: the topology and its pace counter, for Quarkus to run. */
    @ApplicationScoped
    public static class Wiring {
        @Produces
        @Singleton
        Rates rates() {
            return new Rates(Clock.systemUTC());
        }

        @Produces
        @Singleton
        ViewChanges viewChanges() {
            return new ViewChanges();
        }

        @Produces
        Topology topology(Rates rates, ViewChanges changes) {
            return ReadModelTopology.build(rates, changes);
        }
    }
}
