package dev.baton.backlog.readmodel;

import dev.baton.contracts.catalog.StoreNames;
import dev.baton.contracts.catalog.Topics;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.json.Codec;
import dev.baton.contracts.json.Decoded;
import dev.baton.contracts.limits.Text;
import dev.baton.service.trace.TraceHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.jboss.logging.Logger;

/**
 * The backlog's read model: the latest state of every item (from the compacted {@code claims})
 * and every item's history (from {@code item-events}), in local state stores that the query API
 * reads, with indexes of the views for each filter of the item list and counts for the stats,
 * kept in step by the processor that writes the views. Both inputs are keyed by item id with the same partition count, so an item's state and
 * history live in the same task. No database: the stores are Kafka Streams state, restored from
 * their changelogs.
 */
public final class ReadModelTopology {

    private static final Logger LOG = Logger.getLogger("backlog.readmodel");
    private static final Codec<Item> ITEMS = Codec.of(Item.class);
    private static final Codec<ItemEvent> EVENTS = Codec.of(ItemEvent.class);

    private ReadModelTopology() {}

    public static Topology build(Rates rates, ViewChanges changes) {
        final Topology topology = new Topology();
        topology.addSource(
                "claims-source", new StringDeserializer(), ITEMS.decodingSerde().deserializer(), Topics.CLAIMS.name());
        topology.addSource(
                "item-events-source",
                new StringDeserializer(),
                EVENTS.decodingSerde().deserializer(),
                Topics.ITEM_EVENTS.name());
        topology.addProcessor("views", () -> new ViewUpdater(changes), "claims-source");
        topology.addProcessor("history", () -> new HistoryAppender(rates), "item-events-source");
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(StoreNames.ITEM_VIEWS), Serdes.String(), ITEMS.serde()),
                "views");
        // The indexes and counts of the views: written with them, in the same task and transaction.
        topology.addStateStore(strings(StoreNames.VIEW_INDEXES), "views");
        // A count changes with nearly every view: the cache sends the changelog its last value per commit.
        topology.addStateStore(strings(StoreNames.VIEW_COUNTS).withCachingEnabled(), "views");
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(StoreNames.ITEM_HISTORY), Serdes.String(), EVENTS.serde()),
                "history");
        return topology;
    }

    private static StoreBuilder<KeyValueStore<String, String>> strings(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.String());
    }

    /**
     * History keys: {@code itemId NUL offset}, so a prefix read returns an item's events oldest
     * first; then {@code NUL traceId} when the event came with a trace context. The trace id rides
     * in the key rather than in a second store so that keeping it costs no extra write per event,
     * and histories written before it read as they were.
     */
    static String historyKey(String itemId, long offset, String traceId) {
        final String key = itemId + '\u0000' + String.format(Locale.ROOT, "%019d", offset);
        return traceId == null ? key : key + '\u0000' + traceId;
    }

    /** The trace id a history key holds, or {@code null}. */
    static String traceIdOf(String historyKey) {
        final int first = historyKey.indexOf('\u0000');
        final int second = first < 0 ? -1 : historyKey.indexOf('\u0000', first + 1);
        return second < 0 ? null : historyKey.substring(second + 1);
    }

    static String historyPrefix(String itemId) {
        return itemId + '\u0000';
    }

    /**
     * Keeps the latest state of each item, and its indexes and counts in step; a tombstone removes
     * it. Says so to readers waiting for the item.
     */
    static final class ViewUpdater implements Processor<String, Decoded<Item>, Void, Void> {
        /** Bump when a key of an index changes its layout: the views are then indexed anew once. */
        static final String LAYOUT = "1";
        /** The layout mark's key in the index store, a key part of its own. */
        static final String LAYOUT_KEY = ViewKeys.prefix("layout");
        /** While the views are indexed anew: the last id indexed, in the index store ({@code ""}: none yet). */
        static final String BUILT_UP_TO_KEY = ViewKeys.prefix("built-up-to");
        /** Views indexed per transaction while a build runs. */
        static final int SLICE = 5_000;

        private final ViewChanges changes;
        private KeyValueStore<String, Item> views;
        private KeyValueStore<String, String> indexes;
        private KeyValueStore<String, String> countStore;
        private ViewCounts counts;
        /** While a build runs, the last id it indexed; {@code null} once every view is indexed. */
        private String builtUpTo;

        ViewUpdater(ViewChanges changes) {
            this.changes = changes;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            views = context.getStateStore(StoreNames.ITEM_VIEWS);
            indexes = context.getStateStore(StoreNames.VIEW_INDEXES);
            countStore = context.getStateStore(StoreNames.VIEW_COUNTS);
            counts = new ViewCounts(countStore, indexes);
            if (!LAYOUT.equals(indexes.get(LAYOUT_KEY))) {
                final String resumed = indexes.get(BUILT_UP_TO_KEY);
                builtUpTo = resumed == null ? "" : resumed;
            }
            // Views an older build wrote are indexed a slice per record, and per second when none comes.
            context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, now -> indexed());
        }

        @Override
        public void process(Record<String, Decoded<Item>> record) {
            if (record.key() == null) {
                return;
            }
            indexed();
            if (record.value() == null) {
                final Item before = views.get(record.key());
                views.delete(record.key());
                index(before, null);
                changes.changed(record.key());
            } else if (record.value() instanceof Decoded.Ok<Item> ok) {
                final Item before = views.get(record.key());
                views.put(record.key(), ok.value());
                index(before, ok.value());
                changes.changed(record.key());
            } else {
                // The engine is the only writer of claims; a record it wrote that cannot be read is a bug to see, not
                // to stop on.
                LOG.errorf(
                        "backlog.readmodel status=unreadable topic=claims key=%s reason=\"%s\"",
                        Text.inert(record.key()), Text.inert(((Decoded.Failed<Item>) record.value()).reason()));
            }
        }

        private void index(Item before, Item after) {
            if (before == null && after == null) {
                return;
            }
            final String id = after != null ? after.id() : before.id();
            if (builtUpTo != null && id.compareTo(builtUpTo) > 0) {
                return; // the build indexes this view as it is when it reaches it
            }
            indexNow(before, after);
        }

        private void indexNow(Item before, Item after) {
            try {
                for (ViewIndex index : ViewIndex.values()) {
                    index.update(indexes, before, after);
                }
                counts.update(before, after);
            } catch (RuntimeException e) {
                final String id = after != null ? after.id() : before != null ? before.id() : "?";
                LOG.errorf(
                        "backlog.readmodel id=%s status=not-indexed reason=\"%s\"",
                        Text.inert(id), Text.inert(e.toString()));
            }
        }

        /**
         * Indexes the next slice of views while a build is due: only when the views were written by
         * a build that kept no indexes (or other ones). A slice per transaction, with how far it came
         * written down in it, so a backlog of any size is indexed in bounded transactions and a crash
         * resumes where the last commit left off; afterwards a start opens the stores and reads nothing.
         */
        private void indexed() {
            if (builtUpTo == null) {
                return;
            }
            if (indexes.get(BUILT_UP_TO_KEY) == null) {
                clear(indexes);
                clear(countStore);
                indexes.put(BUILT_UP_TO_KEY, "");
            }
            int indexed = 0;
            String last = null;
            boolean end;
            try (KeyValueIterator<String, Item> next =
                    builtUpTo.isEmpty() ? views.all() : views.range(builtUpTo + ViewKeys.SEP, null)) {
                while (indexed < SLICE && next.hasNext()) {
                    final var view = next.next();
                    last = view.key;
                    indexNow(null, view.value);
                    indexed++;
                }
                end = !next.hasNext();
            }
            if (end) {
                indexes.put(LAYOUT_KEY, LAYOUT);
                indexes.put(BUILT_UP_TO_KEY, null);
                builtUpTo = null;
            } else {
                builtUpTo = last;
                indexes.put(BUILT_UP_TO_KEY, last);
            }
            if (indexed > 0) {
                LOG.infof("backlog.readmodel status=indexed items=%d done=%s", indexed, end);
            }
        }

        private static void clear(KeyValueStore<String, String> store) {
            List<String> keys;
            do {
                keys = new ArrayList<>();
                try (KeyValueIterator<String, String> it = store.all()) {
                    while (it.hasNext() && keys.size() < 10_000) {
                        keys.add(it.next().key);
                    }
                }
                keys.forEach(key -> store.put(key, null));
            } while (keys.size() == 10_000);
        }
    }

    /** Appends each event to its item's history and counts the recent pace of work. */
    static final class HistoryAppender implements Processor<String, Decoded<ItemEvent>, Void, Void> {
        private final Rates rates;
        private ProcessorContext<Void, Void> context;
        private KeyValueStore<String, ItemEvent> history;

        HistoryAppender(Rates rates) {
            this.rates = rates;
        }

        @Override
        public void init(ProcessorContext<Void, Void> ctx) {
            this.context = ctx;
            history = ctx.getStateStore(StoreNames.ITEM_HISTORY);
        }

        @Override
        public void process(Record<String, Decoded<ItemEvent>> record) {
            if (!(record.value() instanceof Decoded.Ok<ItemEvent> ok)) {
                LOG.errorf("backlog.readmodel status=unreadable topic=item-events key=%s", Text.inert(record.key()));
                return;
            }
            final ItemEvent event = ok.value();
            final long offset = context.recordMetadata().map(m -> m.offset()).orElse(record.timestamp());
            history.put(historyKey(event.itemId(), offset, TraceHeaders.traceId(record.headers())), event);
            rates.record(event);
        }
    }
}
