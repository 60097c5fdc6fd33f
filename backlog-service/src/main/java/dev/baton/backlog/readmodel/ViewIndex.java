package dev.baton.backlog.readmodel;

import dev.baton.contracts.catalog.StoreNames;
import dev.baton.contracts.item.Item;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One index of the views for a filter of {@code GET /items}, a table of {@code view-indexes-store}
 * under its own key part: each item filed under {@code part NUL value NUL state NUL id} for each
 * value it has (its type, each label, its owner), or {@code part NUL state NUL id} for the state
 * alone. A page of one filter is then a prefix read in id
 * order, costing the page, not the backlog. Kept in step with the views by the processor that
 * writes them, in the same task and transaction.
 */
enum ViewIndex {
    BY_STATE("state", item -> List.of("")),
    BY_TYPE("type", item -> List.of(item.spec().type())),
    BY_LABEL("label", item -> item.spec().labels()),
    BY_OWNER("owner", item -> item.owner() == null ? List.of() : List.of(item.owner()));

    /** Where these tables live. */
    static final String STORE = StoreNames.VIEW_INDEXES;

    private final String part;
    private final Function<Item, List<String>> values;

    ViewIndex(String part, Function<Item, List<String>> values) {
        this.part = part;
        this.values = values;
    }

    /** The prefix of the items with {@code value} in {@code state}. */
    String prefix(String value, String state) {
        return this == BY_STATE ? ViewKeys.prefix(part, state) : ViewKeys.prefix(part, value, state);
    }

    /** Moves an item's entries from its view {@code before} (null: none) to {@code after} (null: gone). */
    void update(KeyValueStore<String, String> entries, Item before, Item after) {
        final List<String> old = keys(before);
        final List<String> now = keys(after);
        if (Objects.equals(old, now)) {
            return;
        }
        for (String key : old) {
            if (!now.contains(key)) {
                entries.put(key, null);
            }
        }
        for (String key : now) {
            if (!old.contains(key)) {
                entries.put(key, "");
            }
        }
    }

    private List<String> keys(Item item) {
        if (item == null || item.spec() == null) {
            return List.of();
        }
        return values.apply(item).stream()
                .distinct()
                .map(value -> prefix(value, item.state().name()) + item.id())
                .toList();
    }
}
