package dev.baton.contracts.catalog;

/** Names of the state stores; each is changelogged by Kafka Streams under its application id. */
public final class Stores {

    /** Claim engine: the state of each item, by item id. */
    public static final String ITEMS = "items-store";
    /** Claim engine: recent request ids and their answers, so a retry gets the same answer. */
    public static final String REQUESTS = "requests-store";
    /** Claim engine: commands for items whose submission has not arrived yet. */
    public static final String PENDING = "pending-store";
    /** Claim engine: which items wait for which, {@code dependency NUL dependent}. */
    public static final String WATCHERS = "watchers-store";
    /** Backlog read model: the latest state of each item, from {@code claims}. */
    public static final String ITEM_VIEWS = "item-views-store";
    /** Backlog read model: every event of each item, oldest first, from {@code item-events}. */
    public static final String ITEM_HISTORY = "item-history-store";
    /** Writer: each day's material. */
    public static final String DEVLOG_DAYS = "devlog-days-store";
    /** Writer: the writer's own devlog items and the day each one writes. */
    public static final String DEVLOG_ITEMS = "devlog-items-store";

    private Stores() {
    }
}
