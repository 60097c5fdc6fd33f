package dev.baton.claim.state;

import dev.baton.claim.engine.Times;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemState;
import java.time.Duration;
import java.util.List;

/**
 * How long a finished item is kept. A {@code DONE} or {@code CANCELLED} item stays for the
 * retention, so late commands about it are answered {@code TERMINAL}; then it may be forgotten,
 * and the store holds the live backlog plus recent history, not everything that ever ran.
 * {@code DEAD} items stay until redriven or cancelled.
 */
public final class Retention {

    private final TimeIndex forgettable;
    private final Duration keep;

    public Retention(TimeIndex forgettable, Duration keep) {
        this.forgettable = forgettable;
        this.keep = keep;
    }

    public static boolean finished(Item item) {
        return item.state() == ItemState.DONE || item.state() == ItemState.CANCELLED;
    }

    /** Files an item that has just finished under the time it may be forgotten. */
    public void track(Item before, Item after) {
        if (finished(after) && after.updatedAt() != null && (before == null || !finished(before))) {
            forgettable.add(forgetAt(after), after.id());
        }
    }

    /**
     * Up to {@code budget} items whose retention may be over by now, their entries dropped. The
     * stored item has the last word ({@link #over}): it may have changed since it was filed.
     */
    public List<String> due(long nowMillis, int budget) {
        final List<TimeIndex.Entry> due = forgettable.due(nowMillis, budget);
        due.forEach(forgettable::drop);
        return due.stream().map(TimeIndex.Entry::itemId).toList();
    }

    /** Takes out every entry: only when the indexes are laid out anew. */
    void clear() {
        forgettable.clear();
    }

    /** Whether the stored item is finished and kept long enough by {@code nowMillis}. */
    public boolean over(Item item, long nowMillis) {
        return item != null && finished(item) && forgetAt(item) <= nowMillis;
    }

    private long forgetAt(Item item) {
        return Times.millis(Times.plus(item.updatedAt(), keep));
    }
}
