package dev.baton.client;

import java.util.List;

/** One page of a listing; {@code nextCursor} is null on the last page. */
public record ItemPage(List<ItemView> items, String nextCursor) {

    public ItemPage {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
