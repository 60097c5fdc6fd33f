package dev.baton.writer.material;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * A section of a day after one more entry: the latest {@code max} entries by time, each event
 * at most once, and whether anything had to be left out.
 *
 * <p>Keeping "the latest {@code max} of every event seen" is what makes adding idempotent and
 * independent of order: adding an event twice, or after a restart replays part of the input,
 * gives the same section. An old event that comes again after it was pushed out is pushed out
 * again at once instead of coming back.
 */
record Latest<E extends DayMaterial.Entry>(List<E> entries, boolean truncated) {

    /** By time, then by event id, so two events of the same instant still have one order. */
    static final Comparator<DayMaterial.Entry> ORDER =
            Comparator.comparing(DayMaterial.Entry::at).thenComparing(DayMaterial.Entry::event);

    static <E extends DayMaterial.Entry> Latest<E> unchanged(List<E> entries) {
        return new Latest<>(entries, false);
    }

    /** {@code entries} must be in {@link #ORDER}, as every list this class returns is. */
    static <E extends DayMaterial.Entry> Latest<E> add(List<E> entries, E entry, int max) {
        final int found = Collections.binarySearch(entries, entry, ORDER);
        if (found >= 0) {
            return unchanged(entries);
        }
        final List<E> next = new ArrayList<>(entries.size() + 1);
        next.addAll(entries);
        next.add(-found - 1, entry);
        final boolean truncated = next.size() > max;
        while (next.size() > max) {
            next.remove(0);
        }
        return new Latest<>(List.copyOf(next), truncated);
    }
}
