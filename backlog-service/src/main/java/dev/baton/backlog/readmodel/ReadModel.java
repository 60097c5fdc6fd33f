package dev.baton.backlog.readmodel;

import dev.baton.contracts.catalog.StoreNames;
import dev.baton.contracts.catalog.Topics;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemState;
import dev.baton.http.Async;
import jakarta.enterprise.context.ApplicationScoped;
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
import java.util.concurrent.Executor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Queries over the read model's stores. One instance holds every partition; with several
 * replicas a query would be routed to the one that owns the item (not needed yet).
 */
@ApplicationScoped
public class ReadModel {

    @Inject
    KafkaStreams streams;

    @Inject
    Rates rates;

    @Inject
    ViewChanges changes;

    /**
     * A waiting read looks again at least this often even without a signal: the signal comes from
     * this instance's processor, and a view restored from the changelog after a rebalance sends none.
     */
    static final Duration RECHECK = Duration.ofSeconds(1);

    /** While the stores are not open (starting, rebalancing), a waiting read tries again this often. */
    static final Duration REOPEN = Duration.ofMillis(50);

    Clock clock = Clock.systemUTC();

    /** Thrown while the stores cannot answer (starting, rebalancing). */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message);
        }
    }

    public Optional<Item> item(String id) {
        return guard(() -> Optional.ofNullable(views().get(id)));
    }

    /**
     * The item once it shows at least the given epoch or state (read your own write), waiting up
     * to {@code wait}; the latest view when the wait runs out. No thread waits: the read is made
     * again when the read model's processor writes the item (see {@link ViewChanges}), at least
     * every {@link #RECHECK}, and at the deadline. Cancelling the future ends the wait.
     */
    public CompletableFuture<Optional<Item>> awaitItem(String id, Long minEpoch, ItemState state, Duration wait) {
        final ItemWait waiting = new ItemWait(id, minEpoch, state, System.nanoTime() + wait.toNanos(), Async.here());
        waiting.look();
        return waiting.answer;
    }

    /** One read-your-write wait: look, and if the view is not there yet, look again at its next change. */
    private final class ItemWait {
        final CompletableFuture<Optional<Item>> answer = new CompletableFuture<>();
        private final String id;
        private final Long minEpoch;
        private final ItemState state;
        private final long deadline;
        private final Executor here;
        private volatile CompletableFuture<Void> parked;

        ItemWait(String id, Long minEpoch, ItemState state, long deadline, Executor here) {
            this.id = id;
            this.minEpoch = minEpoch;
            this.state = state;
            this.deadline = deadline;
            this.here = here;
            // A caller that went away frees its parked wait at once.
            answer.whenComplete((item, error) -> forget(parked));
        }

        void look() {
            if (answer.isDone()) {
                return;
            }
            final long left = deadline - System.nanoTime();
            // Asked for before the read: a write between the read and the wait still wakes it.
            final CompletableFuture<Void> change =
                    left <= 0 ? null : changes.next(id, Duration.ofNanos(Math.min(left, RECHECK.toNanos())));
            final Optional<Item> item;
            try {
                item = item(id);
            } catch (RuntimeException e) {
                forget(change);
                if (e instanceof Unavailable && left > 0) {
                    // The stores open in a moment: look again within the caller's deadline.
                    park(changes.next(id, Duration.ofNanos(Math.min(left, REOPEN.toNanos()))));
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

        private void forget(CompletableFuture<Void> change) {
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

    public List<Recorded> history(String id) {
        return guard(() -> readHistory(id));
    }

    private List<Recorded> readHistory(String id) {
        final List<Recorded> events = new ArrayList<>();
        try (KeyValueIterator<String, ItemEvent> it =
                history().prefixScan(ReadModelTopology.historyPrefix(id), new StringSerializer())) {
            it.forEachRemaining(kv -> events.add(new Recorded(kv.value, ReadModelTopology.traceIdOf(kv.key))));
        }
        return events;
    }

    /**
     * A page of items matching the filter, in id order, starting after {@code cursor}. Each
     * partition gives its first {@code limit + 1} matches from the index of the narrowest filter
     * (or from the views, without a filter), and the smallest of them make the page: it costs
     * about {@code limit} entries per partition and state read, not the backlog.
     */
    public Page list(ItemFilter filter, int limit, String cursor) {
        return guard(() -> readPage(filter, limit, cursor));
    }

    private Page readPage(ItemFilter filter, int limit, String cursor) {
        // One store per partition, each in key order but not merged: keep the smallest ids after the cursor.
        final TreeMap<String, Item> smallest = new TreeMap<>();
        for (int partition : partitions()) {
            final ReadOnlyKeyValueStore<String, Item> views = store(StoreNames.ITEM_VIEWS, partition);
            if (filter.index() == null) {
                try (KeyValueIterator<String, Item> it =
                        cursor == null ? views.all() : views.range(cursor + ViewKeys.SEP, null)) {
                    keep(smallest, it, null, filter, limit);
                }
                continue;
            }
            final ReadOnlyKeyValueStore<String, String> index = store(ViewIndex.STORE, partition);
            for (String prefix : filter.prefixes()) {
                try (KeyValueIterator<String, String> it =
                        index.range(ViewKeys.after(prefix, cursor), ViewKeys.prefixEnd(prefix))) {
                    keep(smallest, it, views, filter, limit);
                }
            }
        }
        final List<Item> page = new ArrayList<>(smallest.values());
        if (page.size() > limit) {
            page.remove(limit);
            return new Page(page, page.get(limit - 1).id());
        }
        return new Page(page, null);
    }

    /**
     * Adds up to {@code limit + 1} matches from one range, in id order, to the smallest kept so far
     * (keeping no more than {@code limit + 1}). An index entry names an item read from {@code views}.
     */
    private static void keep(
            TreeMap<String, Item> smallest,
            KeyValueIterator<String, ?> range,
            ReadOnlyKeyValueStore<String, Item> views,
            ItemFilter filter,
            int limit) {
        int taken = 0;
        while (range.hasNext() && taken <= limit) {
            final var entry = range.next();
            final String id = views == null ? entry.key : ViewKeys.lastPart(entry.key);
            if (smallest.size() > limit && id.compareTo(smallest.lastKey()) >= 0) {
                return; // a range is in id order: nothing further in it can be among the smallest
            }
            final Item item = views == null ? (Item) entry.value : views.get(id);
            if (item == null || !filter.test(item)) {
                continue;
            }
            taken++;
            smallest.put(item.id(), item);
            if (smallest.size() > limit + 1) {
                smallest.pollLastEntry();
            }
        }
    }

    /** The partitions of the views this instance holds; none while it starts or rebalances. */
    private SortedSet<Integer> partitions() {
        final SortedSet<Integer> partitions = new TreeSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                for (TopicPartition partition : task.topicPartitions()) {
                    if (partition.topic().equals(Topics.CLAIMS.name())) {
                        partitions.add(partition.partition());
                    }
                }
            }
        }
        if (partitions.isEmpty()) {
            throw new InvalidStateStoreException("no partition of the views is assigned here yet");
        }
        return partitions;
    }

    /**
     * Counts by state and type and the oldest ready item's age, overall and per type, from the
     * counts kept as the views change: a few entries per type and partition, not every item.
     */
    public Stats stats() {
        return guard(this::readStats);
    }

    private Stats readStats() {
        final Map<String, Map<ItemState, Long>> byType = new TreeMap<>();
        final Map<String, Instant> oldestByType = new TreeMap<>();
        ViewCounts.addTo(store(StoreNames.VIEW_COUNTS), byType, oldestByType);
        final Map<ItemState, Long> byState = new EnumMap<>(ItemState.class);
        byType.values().forEach(states -> states.forEach((state, n) -> byState.merge(state, n, Long::sum)));
        final Instant now = clock.instant();
        final Map<String, Long> ageByType = new TreeMap<>();
        oldestByType.forEach(
                (type, at) -> ageByType.put(type, Duration.between(at, now).toSeconds()));
        final Long oldestReadySeconds = oldestByType.values().stream()
                .min(Instant::compareTo)
                .map(at -> Duration.between(at, now).toSeconds())
                .orElse(null);
        return new Stats(
                byState,
                byType,
                oldestReadySeconds,
                ageByType,
                rates.claimsLastMinute(),
                rates.completionsLastMinute(),
                rates.expiriesLastMinute());
    }

    public record Page(List<Item> items, String nextCursor) {}

    public record Stats(
            Map<ItemState, Long> byState,
            Map<String, Map<ItemState, Long>> byType,
            Long oldestReadyAgeSeconds,
            Map<String, Long> oldestReadyAgeSecondsByType,
            long claimsPerMinute,
            long completionsPerMinute,
            long leaseExpiriesPerMinute) {}

    /** Stores can refuse at any read while Streams (re)assigns them: that is "not ready", not an error. */
    private static <T> T guard(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (InvalidStateStoreException e) {
            throw new Unavailable("the read model is not ready yet (" + e.getMessage() + "); retry shortly");
        }
    }

    private ReadOnlyKeyValueStore<String, Item> views() {
        return store(StoreNames.ITEM_VIEWS);
    }

    private ReadOnlyKeyValueStore<String, ItemEvent> history() {
        return store(StoreNames.ITEM_HISTORY);
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name, int partition) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore())
                .withPartition(partition));
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
