package dev.baton.claim.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Where one of the live indexes keeps its entries: ordered keys laid out by {@link IndexKeys},
 * each with a short value (an item id, or a count). The indexes ({@link ReadyIndex},
 * {@link TimeIndex}) read and write only through this. In the engine each table is a RocksDB
 * store of the task, changelogged and written in the same transaction as the items, so after a
 * crash the indexes are exactly as consistent with the items as the items are with the inputs,
 * and a task starts without reading its items; the table in the heap is for tests of an index
 * alone.
 */
public interface IndexTable {

    void put(String key, String value);

    /** The value filed under {@code key}; {@code null} when none. */
    String get(String key);

    void remove(String key);

    /**
     * Up to {@code limit} entries with {@code from <= key < to}, in key order, copied out so the
     * table may change while the caller works through them.
     */
    List<Map.Entry<String, String>> range(String from, String to, int limit);

    /** Takes out every entry: only when the indexes are laid out anew. */
    void clear();

    /** A table in the heap. */
    static IndexTable inMemory() {
        return new InMemory();
    }

    /** A table in a state store of the task, alone in it. */
    static IndexTable stored(KeyValueStore<String, String> store) {
        return new Stored(store, "");
    }

    /**
     * A table in a state store of the task shared with other tables, its keys under
     * {@code part NUL}: the store's entries of this table are one prefix range.
     */
    static IndexTable stored(KeyValueStore<String, String> store, String part) {
        return new Stored(store, IndexKeys.prefix(part));
    }

    /** Entries in a sorted map: range reads cost what they return, not what the table holds. */
    final class InMemory implements IndexTable {

        private final TreeMap<String, String> entries = new TreeMap<>();

        @Override
        public void put(String key, String value) {
            entries.put(key, value);
        }

        @Override
        public String get(String key) {
            return entries.get(key);
        }

        @Override
        public void remove(String key) {
            entries.remove(key);
        }

        @Override
        public List<Map.Entry<String, String>> range(String from, String to, int limit) {
            final List<Map.Entry<String, String>> out = new ArrayList<>();
            for (Map.Entry<String, String> entry :
                    entries.subMap(from, true, to, false).entrySet()) {
                if (out.size() >= limit) {
                    break;
                }
                out.add(Map.entry(entry.getKey(), entry.getValue()));
            }
            return out;
        }

        @Override
        public void clear() {
            entries.clear();
        }
    }

    /**
     * Entries in a key-value store, whose keys sort as their UTF-8 bytes; {@link IndexKeys} lays
     * keys out so that this is the order of the Java strings too.
     */
    final class Stored implements IndexTable {

        private static final int CLEAR_SLICE = 10_000;

        private final KeyValueStore<String, String> store;
        /** Put before each key of this table in the store. */
        private final String part;

        Stored(KeyValueStore<String, String> store, String part) {
            this.store = store;
            this.part = part;
        }

        @Override
        public void put(String key, String value) {
            store.put(part + key, value);
        }

        @Override
        public String get(String key) {
            return store.get(part + key);
        }

        @Override
        public void remove(String key) {
            // A null put is the store's delete without the read that delete() makes to return the old value.
            store.put(part + key, null);
        }

        @Override
        public List<Map.Entry<String, String>> range(String from, String to, int limit) {
            final List<Map.Entry<String, String>> out = new ArrayList<>();
            if (limit <= 0) {
                return out;
            }
            final String end = part + to;
            // The store's range includes its upper end; the table's does not.
            try (KeyValueIterator<String, String> it = store.range(part + from, end)) {
                while (it.hasNext() && out.size() < limit) {
                    final KeyValue<String, String> entry = it.next();
                    if (entry.key.equals(end)) {
                        break;
                    }
                    out.add(Map.entry(entry.key.substring(part.length()), entry.value));
                }
            }
            return out;
        }

        @Override
        public void clear() {
            // In slices, so a large table is not held in the heap as a list of keys.
            List<String> keys;
            do {
                keys = new ArrayList<>();
                try (KeyValueIterator<String, String> it =
                        part.isEmpty() ? store.all() : store.range(part, IndexKeys.prefixEnd(part))) {
                    while (it.hasNext() && keys.size() < CLEAR_SLICE) {
                        keys.add(it.next().key);
                    }
                }
                keys.forEach(key -> store.put(key, null));
            } while (keys.size() == CLEAR_SLICE);
        }
    }
}
