package dev.baton.claim.state;

import java.time.Instant;
import java.util.List;

/**
 * Live items by a time: when a lease runs out, when a wait ends, when a finished item may be
 * forgotten. A read up to now returns what is due, soonest first: the wall-clock tick reads a
 * range, it never scans the items.
 */
public final class TimeIndex {

    /** One entry: the key it is filed under and the item it names. */
    public record Entry(String key, String itemId) {}

    private final IndexTable table;

    public TimeIndex(IndexTable table) {
        this.table = table;
    }

    public void add(Instant at, String itemId) {
        table.put(IndexKeys.timed(at, itemId), itemId);
    }

    public void add(long millis, String itemId) {
        table.put(IndexKeys.timed(millis, itemId), itemId);
    }

    public void remove(Instant at, String itemId) {
        table.remove(IndexKeys.timed(at, itemId));
    }

    /** Up to {@code budget} entries due by {@code nowMillis}, soonest first, copied out so the index can change. */
    public List<Entry> due(long nowMillis, int budget) {
        return table.range("", IndexKeys.after(nowMillis), budget).stream()
                .map(e -> new Entry(e.getKey(), e.getValue()))
                .toList();
    }

    /** Drops an entry whatever its item's state: it was acted on, or it outlived that state. */
    public void drop(Entry entry) {
        table.remove(entry.key());
    }
}
