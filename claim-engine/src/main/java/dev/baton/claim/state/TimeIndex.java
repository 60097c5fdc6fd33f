package dev.baton.claim.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Live items by a time: when a lease runs out, when a wait ends, when a finished item may be
 * forgotten. A read up to now returns what is due, soonest first: the wall-clock tick reads a
 * range, it never scans the items. Entries go mostly from the head (a lease ends, a wait ends),
 * so a read starts at the <em>floor</em>, the smallest key that may still be there, and does not
 * step over what the head left deleted (see {@link ReadyIndex}).
 */
public final class TimeIndex {

    /** One entry: the key it is filed under and the item it names. */
    public record Entry(String key, String itemId) {}

    private final IndexTable table;
    /** No entry sorts before this key. */
    private String floor = "";
    /** When the next entry falls due, as far as the last read saw. */
    private final NextDue next = new NextDue();

    public TimeIndex(IndexTable table) {
        this.table = table;
    }

    public void add(Instant at, String itemId) {
        file(IndexKeys.timed(at, itemId), itemId);
    }

    public void add(long millis, String itemId) {
        file(IndexKeys.timed(millis, itemId), itemId);
    }

    private void file(String key, String itemId) {
        table.put(key, itemId);
        next.filed(key);
        if (key.compareTo(floor) < 0) {
            floor = key;
        }
    }

    public void remove(Instant at, String itemId) {
        table.remove(IndexKeys.timed(at, itemId));
    }

    /** Up to {@code budget} entries due by {@code nowMillis}, soonest first, copied out so the index can change. */
    public List<Entry> due(long nowMillis, int budget) {
        if (budget <= 0) {
            return List.of();
        }
        final String upTo = IndexKeys.after(nowMillis);
        if (next.nothingBefore(upTo)) {
            return List.of();
        }
        // One entry past the due ones says when the next falls due.
        final List<Entry> due = new ArrayList<>();
        String firstNotDue = NextDue.NONE;
        for (Map.Entry<String, String> e : table.range(floor, NextDue.NONE, budget + 1)) {
            if (e.getKey().compareTo(upTo) >= 0) {
                firstNotDue = e.getKey();
                break;
            }
            due.add(new Entry(e.getKey(), e.getValue()));
        }
        if (due.size() > budget) {
            due.remove(budget);
            next.read(null);
        } else {
            next.read(firstNotDue);
        }
        if (!due.isEmpty()) {
            floor = due.get(0).key();
        } else if (upTo.compareTo(floor) > 0) {
            floor = upTo;
        }
        return due;
    }

    /** Takes out every entry: only when the indexes are laid out anew. */
    public void clear() {
        table.clear();
        floor = "";
        next.forget();
    }

    /** Drops an entry whatever its item's state: it was acted on, or it outlived that state. */
    public void drop(Entry entry) {
        table.remove(entry.key());
    }
}
