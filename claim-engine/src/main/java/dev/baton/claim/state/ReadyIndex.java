package dev.baton.claim.state;

import dev.baton.contracts.item.Item;
import dev.baton.contracts.reply.ReadyHint;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A partition's ready items, most urgent first by {@code (type, priority descending, age)}, each
 * also filed under the pseudo-type {@code *} for "any type": claim-next is one ordered prefix
 * read per wanted type, merged. It counts the ready items of each type and makes the ready hint
 * the API routes claim-next by; it says when a change must reach the API at once (a type appears
 * or disappears here, or an item more urgent than any of its type arrives) rather than with the
 * next tick.
 *
 * <p>The counts are kept in a table of their own ({@code type -> count}), so a task that starts
 * reads one entry per type, not one per item. Deleted entries at the head of a type's range are
 * what a queue leaves behind in RocksDB, and a read from the start of the range would step over
 * each of them until compaction drops them; so each type's read starts at its <em>floor</em>,
 * the smallest key that may still be there (held in the heap, one per type, and forgotten at a
 * restart, when the first read starts at the range's start again).
 */
public final class ReadyIndex {

    /**
     * Types a hint names, the most urgent first: a hint is one record, and a partition may hold
     * ready items of any number of types. About 150 bytes each at most.
     */
    static final int MAX_HINT_TYPES = 2_000;

    private final IndexTable table;
    private final IndexTable countTable;
    private final Map<String, Integer> counts = new TreeMap<>();
    /** Per type: no entry of the type sorts before this key. */
    private final Map<String, String> floors = new HashMap<>();
    /** Whether anything changed since the last hint; the first hint is always due. */
    private boolean changed = true;

    /** An index whose counts live only in the heap. */
    public ReadyIndex(IndexTable table) {
        this(table, IndexTable.inMemory());
    }

    /** An index over {@code table}, with the counts it has kept in {@code countTable}. */
    public ReadyIndex(IndexTable table, IndexTable countTable) {
        this.table = table;
        this.countTable = countTable;
        for (Map.Entry<String, String> count : countTable.range("", IndexKeys.END, Integer.MAX_VALUE)) {
            counts.put(count.getKey(), Integer.parseInt(count.getValue()));
        }
    }

    /** Files a ready item; {@code true} when the API must hear of it at once. */
    public boolean add(Item item) {
        final String type = item.spec().type();
        final boolean mostUrgent =
                topPriority(type).map(top -> top < item.spec().priority()).orElse(true);
        file(key(item, type), type, item.id());
        file(key(item, IndexKeys.ANY_TYPE), IndexKeys.ANY_TYPE, item.id());
        return count(type, 1) || mostUrgent;
    }

    /** Takes out an item that was ready; {@code true} when the API must hear of it at once. */
    public boolean remove(Item item) {
        table.remove(key(item, item.spec().type()));
        table.remove(key(item, IndexKeys.ANY_TYPE));
        return count(item.spec().type(), -1);
    }

    /** How many ready items of {@code type} this partition holds. */
    public int count(String type) {
        return counts.getOrDefault(type, 0);
    }

    /** The ids of up to {@code max} of the most urgent ready items of the given types (empty: any). */
    public List<String> candidates(List<String> types, int max) {
        final List<String> wanted = types.isEmpty() ? List.of(IndexKeys.ANY_TYPE) : types;
        // Each type's range is already in order; merge their heads by (priority, age).
        final TreeMap<String, String> merged = new TreeMap<>();
        for (String type : wanted) {
            if (!IndexKeys.ANY_TYPE.equals(type) && count(type) == 0) {
                continue;
            }
            for (Map.Entry<String, String> entry : head(type, max)) {
                merged.put(IndexKeys.withoutFirstPart(entry.getKey()), entry.getValue());
            }
        }
        return merged.values().stream().limit(max).toList();
    }

    /** Whether the ready work changed since the last hint. */
    public boolean changedSinceHint() {
        return changed;
    }

    /**
     * The hint of this partition's ready work as of now: per type, how many and the highest
     * priority. At most {@link #MAX_HINT_TYPES} types, the most urgent, so it stays one record;
     * the rest wait for a hint with room for them.
     */
    public ReadyHint hint(int partition, Instant now) {
        final Map<String, Integer> all = new HashMap<>();
        for (String type : counts.keySet()) {
            topPriority(type).ifPresent(priority -> all.put(type, priority));
        }
        Map<String, Integer> top = all;
        if (top.size() > MAX_HINT_TYPES) {
            top = all.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                            .thenComparing(Map.Entry.comparingByKey()))
                    .limit(MAX_HINT_TYPES)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        }
        final Map<String, Integer> readyByType = new HashMap<>();
        for (String type : top.keySet()) {
            readyByType.put(type, counts.get(type));
        }
        changed = false;
        return new ReadyHint(partition, readyByType, top, now);
    }

    /** Takes out every entry and count: only when the indexes are laid out anew. */
    public void clear() {
        table.clear();
        countTable.clear();
        counts.clear();
        floors.clear();
        changed = true;
    }

    private Optional<Integer> topPriority(String type) {
        return head(type, 1).stream().findFirst().map(head -> IndexKeys.priorityOf(head.getKey()));
    }

    /** The first {@code max} entries of a type, read from its floor; the floor moves up to the first of them. */
    private List<Map.Entry<String, String>> head(String type, int max) {
        if (max <= 0) {
            return List.of();
        }
        final String prefix = IndexKeys.readyPrefix(type);
        final String end = IndexKeys.prefixEnd(prefix);
        final List<Map.Entry<String, String>> head = table.range(floors.getOrDefault(type, prefix), end, max);
        floors.put(type, head.isEmpty() ? end : head.get(0).getKey());
        return head;
    }

    private void file(String key, String type, String id) {
        table.put(key, id);
        final String floor = floors.get(type);
        if (floor != null && key.compareTo(floor) < 0) {
            floors.put(type, key);
        }
    }

    /** Counts one more or one less; {@code true} when the type appeared or disappeared. */
    private boolean count(String type, int delta) {
        final int before = count(type);
        final int after = Math.max(0, before + delta);
        if (after == 0) {
            counts.remove(type);
            countTable.remove(type);
            floors.remove(type);
        } else {
            counts.put(type, after);
            countTable.put(type, Integer.toString(after));
        }
        changed = true;
        return before == 0 || after == 0;
    }

    private static String key(Item item, String type) {
        return IndexKeys.ready(type, item.spec().priority(), item.submittedAt(), item.id());
    }
}
