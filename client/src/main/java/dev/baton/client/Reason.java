package dev.baton.client;

import java.util.Locale;

/** Why the service refused a call; carried by {@link RejectedException}. */
public enum Reason {
    /** Another agent holds the item under a live lease. */
    ALREADY_CLAIMED,
    /** The epoch presented is not the item's current one, or its lease is over. */
    STALE_EPOCH,
    /** The agent does not hold the item. */
    NOT_OWNER,
    /** The item is waiting: not before a time, in backoff, or on dependencies. */
    NOT_READY,
    /** The item is done, dead or cancelled. */
    TERMINAL,
    /** Only a dead item can be redriven. */
    NOT_DEAD,
    /** No such item. */
    UNKNOWN_ITEM,
    /** The command was invalid (answered as a 400, see {@link InvalidRequestException}). */
    INVALID,
    /** A refusal this client does not know by name (a newer service, or a 404 of another kind). */
    OTHER;

    /** The reason named {@code name}, or {@link #OTHER} for a name this client does not know. */
    public static Reason parse(String name) {
        if (name == null || name.isBlank()) {
            return OTHER;
        }
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return OTHER;
        }
    }

    /**
     * True when a holder that gets this answer to a heartbeat no longer holds the item: someone
     * else was granted it, the holder's epoch is over, or the item ended.
     */
    public boolean leaseLost() {
        return this == STALE_EPOCH || this == NOT_OWNER || this == TERMINAL || this == UNKNOWN_ITEM;
    }
}
