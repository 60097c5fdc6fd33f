package dev.baton.contracts.catalog;

/**
 * Names of the state stores; each is changelogged by Kafka Streams under its application id.
 * One logical table per store: a store never holds two kinds of entry told apart by key prefixes,
 * except where a store says why ({@link #LIVE_INDEXES}, {@link #VIEW_INDEXES}).
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
    /**
     * Claim engine: the live indexes of the items (ready by type, priority and age; ready counts
     * per type; leases, wakes and retention by time; the layout mark), each table under a key part
     * of its own. The one exception to one table per store: each store is a changelog partition
     * per task, created at the first start and written with a transaction marker at each commit
     * that touches it, and these tables change together with every transition.
     */
    public static final String LIVE_INDEXES = "live-indexes-store";
    /** Backlog read model: the latest state of each item, from {@code claims}. */
    public static final String ITEM_VIEWS = "item-views-store";
    /**
     * Backlog read model: the indexes of the views (by state; by type, label and owner with the
     * state; the ready items by type and age; the layout mark), each table under a key part of its
     * own, for the same reason as {@link #LIVE_INDEXES}.
     */
    public static final String VIEW_INDEXES = "view-indexes-store";
    /** Backlog read model: per type and state how many items, and the oldest ready one, {@code type NUL STATE}. */
    public static final String VIEW_COUNTS = "view-counts-store";
    /** Backlog read model: every event of each item, oldest first, from {@code item-events}. */
    public static final String ITEM_HISTORY = "item-history-store";
    /** Writer: each day's material. */
    public static final String DEVLOG_DAYS = "devlog-days-store";
    /** Writer: the writer's own devlog items and the day each one writes. */
    public static final String DEVLOG_ITEMS = "devlog-items-store";

    private StoreNames() {}
}
