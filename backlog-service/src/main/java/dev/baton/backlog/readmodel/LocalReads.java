package dev.baton.backlog.readmodel;

import dev.baton.contracts.catalog.StoreNames;
import dev.baton.contracts.catalog.Topics;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads of the stores this instance holds, one named partition at a time: what this instance
 * answers for itself and for the others. Only active stores are read (never a standby's, which may
 * lag), and a partition that is not active here is refused as {@link ReadModel.Unavailable}, so a
 * part asked of the wrong instance is an error to retry, never an empty part.
 */
public final class LocalReads {

    private final KafkaStreams streams;
    private final Rates rates;

    public LocalReads(KafkaStreams streams, Rates rates) {
        this.streams = streams;
        this.rates = rates;
    }

    /** The view of an item held in {@code partition} here. */
    public Optional<Item> item(String id, int partition) {
        return guard(() -> Optional.ofNullable(
                this.<Item>store(StoreNames.ITEM_VIEWS, partition).get(id)));
    }

    /** An item's history, held in {@code partition} here, oldest first. */
    public List<ReadModel.Recorded> history(String id, int partition) {
        return guard(() -> {
            final List<ReadModel.Recorded> events = new ArrayList<>();
            try (KeyValueIterator<String, ItemEvent> it = this.<ItemEvent>store(StoreNames.ITEM_HISTORY, partition)
                    .prefixScan(ReadModelTopology.historyPrefix(id), new StringSerializer())) {
                it.forEachRemaining(
                        kv -> events.add(new ReadModel.Recorded(kv.value, ReadModelTopology.traceIdOf(kv.key))));
            }
            return events;
        });
    }

    /**
     * The first {@code limit} matches after {@code cursor} in id order among {@code partitions},
     * and whether there are more. Each partition gives its first {@code limit + 1} matches from the
     * index of the narrowest filter (or from the views, without a filter), and the smallest of them
     * make the part: it costs about {@code limit} entries per partition and state read, not the
     * backlog.
     */
    public Part page(Collection<Integer> partitions, ItemFilter filter, int limit, String cursor) {
        return guard(() -> {
            // One store per partition, each in key order but not merged: keep the smallest ids after the cursor.
            final TreeMap<String, Item> smallest = new TreeMap<>();
            for (int partition : partitions) {
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
            final List<Item> items = new ArrayList<>(smallest.values());
            final boolean more = items.size() > limit;
            return new Part(more ? items.subList(0, limit) : items, more);
        });
    }

    /** A part of a list: up to a page of items in id order, and whether more follow them in these partitions. */
    public record Part(List<Item> items, boolean more) {
        public Part {
            items = List.copyOf(items);
        }
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

    /**
     * The counts of {@code partitions} by type and state, their oldest ready submission per type,
     * and this instance's pace of work: the part of {@code GET /stats} this instance holds.
     */
    public Counts counts(Collection<Integer> partitions) {
        return guard(() -> {
            final Map<String, Map<ItemState, Long>> byType = new TreeMap<>();
            final Map<String, Instant> oldestReady = new TreeMap<>();
            for (int partition : partitions) {
                ViewCounts.addTo(store(StoreNames.VIEW_COUNTS, partition), byType, oldestReady);
            }
            return new Counts(
                    byType,
                    oldestReady,
                    rates.claimsLastMinute(),
                    rates.completionsLastMinute(),
                    rates.expiriesLastMinute());
        });
    }

    /**
     * Counts by type and state and the oldest ready submission per type, with the pace of work seen
     * by the instances that counted them: parts of the whole add up ({@link #plus}).
     */
    public record Counts(
            Map<String, Map<ItemState, Long>> byType,
            Map<String, Instant> oldestReadyByType,
            long claimsPerMinute,
            long completionsPerMinute,
            long leaseExpiriesPerMinute) {

        public static final Counts NONE = new Counts(Map.of(), Map.of(), 0, 0, 0);

        /** This part and {@code other} together: counts and paces summed, the older of the oldest kept. */
        public Counts plus(Counts other) {
            final Map<String, Map<ItemState, Long>> types = new TreeMap<>();
            for (Map<String, Map<ItemState, Long>> part : List.of(byType, other.byType)) {
                part.forEach((type, states) -> states.forEach(
                        (state, n) -> types.computeIfAbsent(type, t -> new java.util.EnumMap<>(ItemState.class))
                                .merge(state, n, Long::sum)));
            }
            final Map<String, Instant> oldest = new TreeMap<>(oldestReadyByType);
            other.oldestReadyByType.forEach((type, at) -> oldest.merge(type, at, (a, b) -> a.isBefore(b) ? a : b));
            return new Counts(
                    types,
                    oldest,
                    claimsPerMinute + other.claimsPerMinute,
                    completionsPerMinute + other.completionsPerMinute,
                    leaseExpiriesPerMinute + other.leaseExpiriesPerMinute);
        }
    }

    /** The partitions of the views active here; none while this instance starts or rebalances. */
    public SortedSet<Integer> partitionsHere() {
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
        return partitions;
    }

    /** Stores can refuse at any read while Streams (re)assigns them: that is "not ready", not an error. */
    static <T> T guard(Supplier<T> read) {
        try {
            return read.get();
        } catch (InvalidStateStoreException e) {
            throw new ReadModel.Unavailable(
                    "the read model is not ready here yet (" + e.getMessage() + "); retry shortly");
        }
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name, int partition) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore())
                .withPartition(partition));
    }
}
