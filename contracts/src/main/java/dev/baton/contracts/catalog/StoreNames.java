package dev.baton.contracts.catalog;

/**
 * Names of the state stores; each is changelogged by Kafka Streams under its application id.
 * One logical table per store: a store never holds two kinds of entry told apart by key prefixes.
 * (Named apart from Kafka's {@code org.apache.kafka.streams.state.Stores}, which builds stores.)
 */
public final class StoreNames {

    /** Claim engine: the state of each item, by item id. */
    public static final String ITEMS = "items-store";
    /** Claim engine: the answer given to each recent request id, with its command's fingerprint. */
    public static final String REQUEST_ANSWERS = "request-answers-store";
    /** Claim engine: when each remembered answer is forgotten, {@code millis NUL requestId}. */
    public static final String REQUEST_EXPIRIES = "request-expiries-store";
    /** Claim engine: commands for items whose submission has not arrived yet, {@code itemId NUL requestId}. */
    public static final String PARKED_COMMANDS = "parked-commands-store";
    /** Claim engine: when each parked command's grace ends, {@code millis NUL itemId NUL requestId}. */
    public static final String PARKED_DEADLINES = "parked-deadlines-store";
    /** Claim engine: which items wait for which, {@code dependency NUL dependent}. */
    public static final String WATCHERS = "watchers-store";
    /** Claim engine: ready items, most urgent first, {@code type NUL invertedPriority NUL submittedMillis NUL id}. */
    public static final String READY_INDEX = "ready-index-store";
    /** Claim engine: how many ready items of each type, {@code type}. */
    public static final String READY_COUNTS = "ready-counts-store";
    /** Claim engine: held items by when their lease runs out, {@code millis NUL id}. */
    public static final String LEASE_INDEX = "lease-index-store";
    /** Claim engine: waiting items by when their wait ends, {@code millis NUL id}. */
    public static final String WAKE_INDEX = "wake-index-store";
    /** Claim engine: finished items by when they may be forgotten, {@code millis NUL id}. */
    public static final String FORGET_INDEX = "forget-index-store";
    /** Claim engine: which layout the index stores above hold. */
    public static final String INDEX_LAYOUT = "index-layout-store";
    /** Backlog read model: the latest state of each item, from {@code claims}. */
    public static final String ITEM_VIEWS = "item-views-store";
    /** Backlog read model: every event of each item, oldest first, from {@code item-events}. */
    public static final String ITEM_HISTORY = "item-history-store";
    /** Writer: each day's material. */
    public static final String DEVLOG_DAYS = "devlog-days-store";
    /** Writer: the writer's own devlog items and the day each one writes. */
    public static final String DEVLOG_ITEMS = "devlog-items-store";

    private StoreNames() {}
}
