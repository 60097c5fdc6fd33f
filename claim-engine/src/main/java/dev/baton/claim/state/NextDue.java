package dev.baton.claim.state;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * What the last read of a time-ordered table learnt about when its next entry falls due, so that
 * a tick with nothing due reads nothing. Every read opens an iterator on a state store, and the
 * tick reads several tables ten times a second in every task: on an idle engine those reads were
 * most of its work, and each open iterator also registers and removes a store metric.
 *
 * <p>It holds a key no entry sorts before, except the entries the last read returned as due
 * (which their reader acts on and removes in the same tick), or nothing when that is not known.
 * Filing a key lowers it; taking entries out cannot break it.
 */
final class NextDue {

    /** Sorts after every key: no entry is left to fall due. */
    static final String NONE = "\uffff";

    /** {@code null}: not known; the next read must look. */
    private String next;

    /** A key was filed: it may fall due before what was known. */
    void filed(String key) {
        if (next != null && key.compareTo(next) < 0) {
            next = key;
        }
    }

    /** Whether no entry sorts before {@code upTo}, so a read up to it would find nothing. */
    boolean nothingBefore(String upTo) {
        return next != null && next.compareTo(upTo) >= 0;
    }

    /**
     * A read took every entry before its end and saw {@code firstNotDue} next ({@link #NONE}: no
     * entry after); or it stopped at its budget ({@code null}), so more may be due.
     */
    void read(String firstNotDue) {
        next = firstNotDue;
    }

    /**
     * The keys before {@code upTo} of a table read in key order, at most {@code budget}, reading one
     * key past them to learn when the next falls due; none, without reading, when none can be due.
     */
    List<String> due(KeyValueIterator<String, ?> ordered, String upTo, int budget) {
        final List<String> due = new ArrayList<>();
        String firstNotDue = NONE;
        while (ordered.hasNext()) {
            final String key = ordered.next().key;
            if (key.compareTo(upTo) >= 0) {
                firstNotDue = key;
                break;
            }
            if (due.size() == budget) {
                firstNotDue = null;
                break;
            }
            due.add(key);
        }
        read(firstNotDue);
        return due;
    }

    /** The table was laid out anew. */
    void forget() {
        next = null;
    }
}
