package dev.baton.claim.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where one of the live indexes keeps its entries: ordered keys laid out by {@link IndexKeys},
 * each naming an item id. The indexes ({@link ReadyIndex}, {@link TimeIndex}) read and write
 * only through this, so their storage can change behind them: today a map in memory, rebuilt
 * from the items when a task starts and costing no changelog write per transition; a table in a
 * RocksDB store can stand in when the backlog outgrows the heap or the rebuild the start.
 */
public interface IndexTable {

    void put(String key, String itemId);

    void remove(String key);

    /**
     * Up to {@code limit} entries with {@code from <= key < to}, in key order, copied out so the
     * table may change while the caller works through them.
     */
    List<Map.Entry<String, String>> range(String from, String to, int limit);

    /** A table in the heap. */
    static IndexTable inMemory() {
        return new InMemory();
    }

    /** Entries in a sorted map: range reads cost what they return, not what the table holds. */
    final class InMemory implements IndexTable {

        private final TreeMap<String, String> entries = new TreeMap<>();

        @Override
        public void put(String key, String itemId) {
            entries.put(key, itemId);
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
    }
}
