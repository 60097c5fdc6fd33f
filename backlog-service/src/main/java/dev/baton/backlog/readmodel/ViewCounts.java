package dev.baton.backlog.readmodel;

import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemState;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * What {@code GET /stats} reads, kept as each view changes instead of counted at each call: per
 * type and state ({@code view-counts-store}, {@code type NUL STATE}) how many items, and for
 * {@code READY} also the oldest one's submission time. The oldest is found from the ready items
 * by age (in {@code view-indexes-store}, {@code ready-age NUL type NUL submittedMillis NUL id})
 * when the oldest one
 * leaves; that read starts where the last one found its head (the floor, one per type in the
 * heap of the task's processor), so the entries a queue deletes at its head are not stepped over
 * again. A call then reads a few entries per type and partition, whatever the backlog holds.
 */
final class ViewCounts {

    /** The key part of the ready ages in their store. */
    private static final String AGE = "ready-age";

    private final KeyValueStore<String, String> counts;
    private final KeyValueStore<String, String> readyAges;
    /** Per type: no ready-age entry of the type sorts before this key. */
    private final Map<String, String> floors = new HashMap<>();

    ViewCounts(KeyValueStore<String, String> counts, KeyValueStore<String, String> readyAges) {
        this.counts = counts;
        this.readyAges = readyAges;
    }

    /** One count as stored: how many, and the oldest ready submission ({@code null} unless READY and any). */
    record Count(long items, Long oldestMillis) {

        static Count parse(String value) {
            if (value == null) {
                return new Count(0, null);
            }
            final int space = value.indexOf(' ');
            return space < 0
                    ? new Count(Long.parseLong(value), null)
                    : new Count(Long.parseLong(value.substring(0, space)), Long.parseLong(value.substring(space + 1)));
        }

        String format() {
            return oldestMillis == null ? Long.toString(items) : items + " " + oldestMillis;
        }
    }

    /** Moves an item from its view {@code before} (null: none) to {@code after} (null: gone). */
    void update(Item before, Item after) {
        final boolean sameCell = before != null
                && after != null
                && before.spec() != null
                && after.spec() != null
                && before.state() == after.state()
                && before.spec().type().equals(after.spec().type())
                && java.util.Objects.equals(before.submittedAt(), after.submittedAt());
        if (sameCell) {
            return;
        }
        if (before != null && before.spec() != null) {
            leave(before);
        }
        if (after != null && after.spec() != null) {
            enter(after);
        }
    }

    private void enter(Item item) {
        final String type = item.spec().type();
        final String key = key(type, item.state());
        final Count count = Count.parse(counts.get(key));
        Long oldest = count.oldestMillis();
        if (item.state() == ItemState.READY) {
            final String ageKey = ageKey(item);
            readyAges.put(ageKey, "");
            final String floor = floors.get(type);
            if (floor != null && ageKey.compareTo(floor) < 0) {
                floors.put(type, ageKey);
            }
            final long millis = item.submittedAt().toEpochMilli();
            oldest = oldest == null ? millis : Math.min(oldest, millis);
        }
        counts.put(key, new Count(count.items() + 1, oldest).format());
    }

    private void leave(Item item) {
        final String type = item.spec().type();
        final String key = key(type, item.state());
        final Count count = Count.parse(counts.get(key));
        if (count.items() <= 1) {
            counts.put(key, null);
            if (item.state() == ItemState.READY) {
                readyAges.put(ageKey(item), null);
                floors.remove(type);
            }
            return;
        }
        Long oldest = count.oldestMillis();
        if (item.state() == ItemState.READY) {
            readyAges.put(ageKey(item), null);
            if (oldest != null && oldest == item.submittedAt().toEpochMilli()) {
                oldest = oldestReady(type);
            }
        }
        counts.put(key, new Count(count.items() - 1, oldest).format());
    }

    /** The oldest ready submission of a type, read from its floor; the floor moves up to it. */
    private Long oldestReady(String type) {
        final String prefix = ViewKeys.prefix(AGE, type);
        try (KeyValueIterator<String, String> it =
                readyAges.range(floors.getOrDefault(type, prefix), ViewKeys.prefixEnd(prefix))) {
            if (!it.hasNext()) {
                floors.remove(type);
                return null;
            }
            final KeyValue<String, String> head = it.next();
            floors.put(type, head.key);
            return Long.parseLong(head.key.substring(prefix.length(), head.key.lastIndexOf(ViewKeys.SEP)));
        }
    }

    /** Adds one partition's counts to the totals by type and state, and its oldest ready time per type. */
    static void addTo(
            ReadOnlyKeyValueStore<String, String> counts,
            Map<String, Map<ItemState, Long>> byType,
            Map<String, Instant> oldestReady) {
        try (KeyValueIterator<String, String> it = counts.all()) {
            while (it.hasNext()) {
                final KeyValue<String, String> entry = it.next();
                final int sep = entry.key.indexOf(ViewKeys.SEP);
                final String type = entry.key.substring(0, sep);
                final ItemState state = ItemState.valueOf(entry.key.substring(sep + 1));
                final Count count = Count.parse(entry.value);
                byType.computeIfAbsent(type, t -> new java.util.EnumMap<>(ItemState.class))
                        .merge(state, count.items(), Long::sum);
                if (count.oldestMillis() != null) {
                    oldestReady.merge(
                            type, Instant.ofEpochMilli(count.oldestMillis()), (a, b) -> a.isBefore(b) ? a : b);
                }
            }
        }
    }

    static String key(String type, ItemState state) {
        return ViewKeys.prefix(type) + state.name();
    }

    private static String ageKey(Item item) {
        return ViewKeys.prefix(AGE, item.spec().type(), ViewKeys.millis(item.submittedAt())) + item.id();
    }
}
