package dev.baton.claim.state;

/**
 * Which layout of the live indexes a task's stores hold. The indexes live in stores of their own
 * and are kept in step with every transition, so a task that starts trusts them as they are. A
 * task whose stores were written by a build that laid its indexes out otherwise, or kept none (the
 * first builds held them in the heap and rebuilt them at each start), is indexed anew from its
 * items once, and the layout written down in the same transaction as the entries.
 */
public final class IndexLayout {

    /** Bump when a key of an index changes its layout: the stores are then indexed anew once. */
    static final String CURRENT = "1";

    private static final String KEY = "layout";

    private final IndexTable table;

    public IndexLayout(IndexTable table) {
        this.table = table;
    }

    /** Whether the indexes in the stores are laid out as this build reads them. */
    public boolean current() {
        return CURRENT.equals(table.get(KEY));
    }

    /** Forgets the mark, as if the stores had been written by a build that kept no indexes. */
    public void forget() {
        table.remove(KEY);
    }

    /** Writes down that the stores now hold this build's layout. */
    public void markCurrent() {
        table.put(KEY, CURRENT);
    }
}
