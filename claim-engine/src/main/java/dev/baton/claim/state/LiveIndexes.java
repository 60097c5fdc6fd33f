package dev.baton.claim.state;

import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.limits.Text;
import java.time.Duration;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * The indexes derived from the items: ready items, leases, wakes, and finished items by the time
 * they may be forgotten. They hold live items only and are kept in step with each transition
 * ({@link #update}). In the engine their tables are state stores of the task, written in the
 * transaction that writes the item, so a task starts by opening them, not by reading its items;
 * {@link #rebuild} is only for stores laid out by another build ({@link IndexLayout}).
 */
public final class LiveIndexes {

    private static final Logger LOG = Logger.getLogger("backlog.claim");

    private final ReadyIndex ready;
    private final TimeIndex leases;
    private final TimeIndex wakes;
    private final Retention retention;

    /** Where each index keeps its entries. */
    public record Tables(
            IndexTable ready, IndexTable readyCounts, IndexTable leases, IndexTable wakes, IndexTable forgettable) {

        /** The tables of a task, each under its own key part of the task's {@code live-indexes-store}. */
        public static Tables in(KeyValueStore<String, String> store) {
            return new Tables(
                    IndexTable.stored(store, "ready"),
                    IndexTable.stored(store, "ready-count"),
                    IndexTable.stored(store, "lease"),
                    IndexTable.stored(store, "wake"),
                    IndexTable.stored(store, "forget"));
        }

        public static Tables inMemory() {
            return new Tables(
                    IndexTable.inMemory(),
                    IndexTable.inMemory(),
                    IndexTable.inMemory(),
                    IndexTable.inMemory(),
                    IndexTable.inMemory());
        }
    }

    /** Which layout the tables of {@link Tables#in} hold, under its own key part of the same store. */
    public static IndexLayout layout(KeyValueStore<String, String> store) {
        return new IndexLayout(IndexTable.stored(store, "layout"));
    }

    /** Indexes in the heap, for tests of the indexes alone. */
    public LiveIndexes(Duration doneRetention) {
        this(doneRetention, Tables.inMemory());
    }

    public LiveIndexes(Duration doneRetention, Tables tables) {
        this.ready = new ReadyIndex(tables.ready(), tables.readyCounts());
        this.leases = new TimeIndex(tables.leases());
        this.wakes = new TimeIndex(tables.wakes());
        this.retention = new Retention(new TimeIndex(tables.forgettable()), doneRetention);
    }

    public ReadyIndex ready() {
        return ready;
    }

    public TimeIndex leases() {
        return leases;
    }

    public TimeIndex wakes() {
        return wakes;
    }

    public Retention retention() {
        return retention;
    }

    /**
     * Moves an item's entries from its state {@code before} (null: new) to {@code after}; {@code true}
     * when the ready hint must reach the API at once.
     */
    public boolean update(Item before, Item after) {
        boolean urgent = false;
        if (before != null) {
            if (before.state() == ItemState.READY) {
                urgent = ready.remove(before);
            } else if (before.state() == ItemState.CLAIMED && before.leaseUntil() != null) {
                leases.remove(before.leaseUntil(), before.id());
            } else if (before.state() == ItemState.WAITING && before.wakeAt() != null) {
                wakes.remove(before.wakeAt(), before.id());
            }
        }
        retention.track(before, after);
        if (after.state() == ItemState.READY) {
            urgent |= ready.add(after);
        } else if (after.state() == ItemState.CLAIMED && after.leaseUntil() != null) {
            leases.add(after.leaseUntil(), after.id());
        } else if (after.state() == ItemState.WAITING
                && after.wakeAt() != null
                && after.waitingOn().isEmpty()
                && after.blockedBy().isEmpty()) {
            wakes.add(after.wakeAt(), after.id());
        }
        return urgent;
    }

    /** Takes out every entry of every index. */
    public void clear() {
        ready.clear();
        leases.clear();
        wakes.clear();
        retention.clear();
    }

    /**
     * Indexes every stored item; returns how many were left out. An item that cannot be read or
     * indexed (stored by an older build, or damaged) is left out and said so: the rest of the
     * partition must come up and serve, and a command about that item is refused with the reason.
     */
    public int rebuild(KeyValueIterator<String, Item> all) {
        int skipped = 0;
        while (all.hasNext()) {
            final KeyValue<String, Item> entry;
            try {
                // Reading the value may fail; the iterator has moved past it by then.
                entry = all.next();
            } catch (StreamsException e) {
                throw e;
            } catch (RuntimeException e) {
                skipped++;
                LOG.errorf("backlog.claim status=unreadable-item reason=\"%s\"", Text.inert(e.toString()));
                continue;
            }
            try {
                update(null, entry.value);
            } catch (RuntimeException e) {
                skipped++;
                LOG.errorf(
                        "backlog.claim id=%s status=not-indexed reason=\"%s\"",
                        Text.inert(entry.key), Text.inert(e.toString()));
            }
        }
        return skipped;
    }
}
