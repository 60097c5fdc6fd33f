package dev.baton.claim.state;

import dev.baton.contracts.item.Item;
import dev.baton.contracts.limits.Text;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * Indexes a task's items anew when its store holds another layout of the indexes, or none (stores
 * written by the builds that kept their indexes in the heap). A slice of items at a time, each in
 * the transaction of the record or tick that runs it, with how far it came written down with it:
 * a backlog of any size is indexed in transactions of a bounded size, and a crash resumes the build
 * where its last commit left it. Meanwhile an item the build has not reached keeps no entries of
 * its own ({@link LiveIndexes#coverOnly}): the build files it as it is when it gets there.
 */
public final class IndexBuild {

    private static final Logger LOG = Logger.getLogger("backlog.claim");
    /** Items indexed per transaction while a build runs. */
    static final int SLICE = 5_000;

    private final LiveIndexes indexes;
    private final IndexLayout layout;
    private final KeyValueStore<String, Item> items;
    private final int partition;
    /** The last id indexed; {@code null} once the indexes hold every item. */
    private String builtUpTo;

    public IndexBuild(LiveIndexes indexes, IndexLayout layout, KeyValueStore<String, Item> items, int partition) {
        this.indexes = indexes;
        this.layout = layout;
        this.items = items;
        this.partition = partition;
        if (!layout.current()) {
            builtUpTo = layout.builtUpTo();
            if (builtUpTo == null) {
                // Not started yet: nothing is covered until the first slice has run.
                builtUpTo = "";
                indexes.coverOnly(id -> false);
            } else {
                resume();
            }
        }
    }

    /** Whether the indexes hold every item. */
    public boolean done() {
        return builtUpTo == null;
    }

    /** Runs the next slice, if a build is due; call it inside a record's or a tick's processing. */
    public void step() {
        if (done()) {
            return;
        }
        if (builtUpTo.isEmpty() && layout.builtUpTo() == null) {
            indexes.clear();
            layout.builtUpTo("");
        }
        final long started = System.nanoTime();
        final LiveIndexes.Slice slice;
        try (KeyValueIterator<String, Item> next =
                builtUpTo.isEmpty() ? items.all() : items.range(builtUpTo + IndexKeys.SEP, null)) {
            slice = indexes.rebuild(next, SLICE);
        }
        if (slice.end()) {
            builtUpTo = null;
            layout.markCurrent();
            indexes.coverOnly(id -> true);
        } else {
            builtUpTo = slice.lastKey();
            layout.builtUpTo(builtUpTo);
            resume();
        }
        if (slice.indexed() + slice.skipped() > 0) {
            LOG.infof(
                    "backlog.claim status=indexed partition=%d items=%d skipped=%d up-to=%s done=%s ms=%d",
                    partition,
                    slice.indexed(),
                    slice.skipped(),
                    Text.inert(slice.lastKey()),
                    slice.end(),
                    (System.nanoTime() - started) / 1_000_000);
        }
    }

    private void resume() {
        final String upTo = builtUpTo;
        indexes.coverOnly(id -> id.compareTo(upTo) <= 0);
    }
}
