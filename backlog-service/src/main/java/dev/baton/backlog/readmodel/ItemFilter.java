package dev.baton.backlog.readmodel;

import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemState;
import java.util.List;

/**
 * The filters of {@code GET /items}; {@code null} is no filter. A page is read from the index of
 * the narrowest filter given (owner, then label, then type, then state), and an item it names is
 * checked against the others.
 */
public record ItemFilter(ItemState state, String type, String label, String owner) {

    public boolean test(Item item) {
        return (state == null || item.state() == state)
                && (type == null || type.equals(item.spec().type()))
                && (label == null || item.spec().labels().contains(label))
                && (owner == null || owner.equals(item.owner()));
    }

    /** The index a page is read from; {@code null}: the views themselves, in id order. */
    ViewIndex index() {
        if (owner != null) {
            return ViewIndex.BY_OWNER;
        }
        if (label != null) {
            return ViewIndex.BY_LABEL;
        }
        if (type != null) {
            return ViewIndex.BY_TYPE;
        }
        return state != null ? ViewIndex.BY_STATE : null;
    }

    /** The prefixes of that index that hold every match: one per state unless the state is given. */
    List<String> prefixes() {
        final ViewIndex index = index();
        final String value = owner != null ? owner : label != null ? label : type;
        if (state != null) {
            return List.of(index.prefix(value, state.name()));
        }
        return java.util.Arrays.stream(ItemState.values())
                .map(s -> index.prefix(value, s.name()))
                .toList();
    }
}
