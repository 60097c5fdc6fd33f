package dev.baton.backlog.readmodel;

import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds a waiting item's dependency cycle, so {@code why} can say "waiting on a cycle" instead of
 * letting the item wait forever without a word. The engine cannot refuse a cycle when it forms:
 * an item may depend on one not submitted yet, and the last link of a cycle is an ordinary
 * submission. The read model sees every item, so it follows what each waits on, and a walk that
 * comes back to the item it started from is a cycle. Bounded: at most {@link #MAX_VISITS} items
 * are looked at, so one question costs a few store reads whatever the graph.
 */
public final class DependencyCycles {

    static final int MAX_VISITS = 200;

    private DependencyCycles() {}

    /**
     * The cycle through {@code start}, as ids from {@code start} back to it
     * ({@code [a, b, a]}), or empty when the items it waits on do not lead back to it.
     */
    public static Optional<List<String>> through(Item start, Function<String, Item> lookup) {
        if (start.state() != ItemState.WAITING || start.waitingOn().isEmpty()) {
            return Optional.empty();
        }
        // Depth-first over what each waiting item still waits on, remembering how each was reached.
        final Map<String, String> reachedFrom = new HashMap<>();
        final Deque<String> open = new ArrayDeque<>();
        for (String dependency : start.waitingOn()) {
            if (reachedFrom.putIfAbsent(dependency, start.id()) == null) {
                open.push(dependency);
            }
        }
        int visits = 0;
        while (!open.isEmpty() && visits++ < MAX_VISITS) {
            final String id = open.pop();
            if (id.equals(start.id())) {
                return Optional.of(path(start.id(), reachedFrom));
            }
            final Item item = lookup.apply(id);
            if (item == null || item.state() != ItemState.WAITING) {
                continue;
            }
            for (String next : item.waitingOn()) {
                if (reachedFrom.putIfAbsent(next, id) == null) {
                    open.push(next);
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> path(String start, Map<String, String> reachedFrom) {
        final List<String> backwards = new ArrayList<>();
        backwards.add(start);
        String at = reachedFrom.get(start);
        while (at != null && !at.equals(start) && backwards.size() <= MAX_VISITS) {
            backwards.add(at);
            at = reachedFrom.get(at);
        }
        backwards.add(start);
        final List<String> forwards = new ArrayList<>(backwards.size());
        for (int i = backwards.size() - 1; i >= 0; i--) {
            forwards.add(backwards.get(i));
        }
        return forwards;
    }

    /** {@code why} with the cycle said, when there is one. */
    public static String why(Item item, Function<String, Item> lookup) {
        final String why = item.why();
        return through(item, lookup)
                .map(cycle -> why + "; waiting on a cycle that will never end by itself: " + String.join(" -> ", cycle)
                        + " (cancel one of them)")
                .orElse(why);
    }
}
