package dev.baton.backlog.readmodel;

import dev.baton.contracts.catalog.StoreNames;
import dev.baton.contracts.catalog.Topics;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.json.Codec;
import dev.baton.contracts.json.Decoded;
import dev.baton.contracts.limits.Text;
import dev.baton.service.trace.TraceHeaders;
import java.util.Locale;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.jboss.logging.Logger;

/**
 * The backlog's read model: the latest state of every item (from the compacted {@code claims})
 * and every item's history (from {@code item-events}), in local state stores that the query API
 * reads. Both inputs are keyed by item id with the same partition count, so an item's state and
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
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(StoreNames.ITEM_HISTORY), Serdes.String(), EVENTS.serde()),
                "history");
        return topology;
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

    /** Keeps the latest state of each item; a tombstone removes it. Says so to readers waiting for the item. */
    static final class ViewUpdater implements Processor<String, Decoded<Item>, Void, Void> {
        private final ViewChanges changes;
        private KeyValueStore<String, Item> views;

        ViewUpdater(ViewChanges changes) {
            this.changes = changes;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            views = context.getStateStore(StoreNames.ITEM_VIEWS);
        }

        @Override
        public void process(Record<String, Decoded<Item>> record) {
            if (record.key() == null) {
                return;
            }
            if (record.value() == null) {
                views.delete(record.key());
                changes.changed(record.key());
            } else if (record.value() instanceof Decoded.Ok<Item> ok) {
                views.put(record.key(), ok.value());
                changes.changed(record.key());
            } else {
                // The engine is the only writer of claims; a record it wrote that cannot be read is a bug to see, not
                // to stop on.
                LOG.errorf(
                        "backlog.readmodel status=unreadable topic=claims key=%s reason=\"%s\"",
                        Text.inert(record.key()), Text.inert(((Decoded.Failed<Item>) record.value()).reason()));
            }
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
