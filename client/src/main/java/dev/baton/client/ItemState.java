package dev.baton.client;

/** Where an item is in its life: {@code WAITING -> READY -> CLAIMED -> DONE}, or {@code DEAD}, {@code CANCELLED}. */
public enum ItemState {
    /** Not before a time, in retry backoff, or waiting on dependencies. */
    WAITING,
    /** Claimable now. */
    READY,
    /** Held by one agent under a lease. */
    CLAIMED,
    /** Completed; terminal. */
    DONE,
    /** Attempts exhausted or failed for good; terminal until redriven. */
    DEAD,
    /** Cancelled by an operator; terminal. */
    CANCELLED;

    public boolean terminal() {
        return this == DONE || this == DEAD || this == CANCELLED;
    }
}
