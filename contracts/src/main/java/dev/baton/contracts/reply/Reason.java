package dev.baton.contracts.reply;

/** Why the engine refused a command. */
public enum Reason {
    /** Someone else holds the item under a live lease. */
    ALREADY_CLAIMED,
    /** The command presented an epoch that is not the item's current one. */
    STALE_EPOCH,
    /** The command came from an agent that does not hold the item. */
    NOT_OWNER,
    /** The item is not claimable now: waiting, or not claimed when a holder's command came. */
    NOT_READY,
    /** The item is done, dead or cancelled. */
    TERMINAL,
    /** Only a {@code DEAD} item can be redriven. */
    NOT_DEAD,
    /** No such item. */
    UNKNOWN_ITEM,
    /** The command itself is invalid (a bad lease length, an empty agent). */
    INVALID
}
