package dev.baton.client;

/**
 * Filters of {@code GET /items}: every one optional. {@code limit} is 1-500 (the service's default
 * is 50); {@code cursor} is the previous page's {@code nextCursor}.
 */
public record ItemQuery(ItemState state, String type, String label, String owner, Integer limit, String cursor) {

    public static ItemQuery all() {
        return new ItemQuery(null, null, null, null, null, null);
    }

    public ItemQuery state(ItemState value) {
        return new ItemQuery(value, type, label, owner, limit, cursor);
    }

    public ItemQuery type(String value) {
        return new ItemQuery(state, value, label, owner, limit, cursor);
    }

    public ItemQuery label(String value) {
        return new ItemQuery(state, type, value, owner, limit, cursor);
    }

    public ItemQuery owner(String value) {
        return new ItemQuery(state, type, label, value, limit, cursor);
    }

    public ItemQuery limit(Integer value) {
        return new ItemQuery(state, type, label, owner, value, cursor);
    }

    public ItemQuery cursor(String value) {
        return new ItemQuery(state, type, label, owner, limit, value);
    }
}
