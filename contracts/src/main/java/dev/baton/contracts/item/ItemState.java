package dev.baton.contracts.item;

/**
 * Where an item is in its life.
 *
 * <pre>
 * WAITING -> READY -> CLAIMED -> DONE
 * CLAIMED -> READY (release, retryable failure after backoff, lease expiry) | DEAD (attempts exhausted)
 * any non-terminal -> CANCELLED;  DEAD -> READY (redrive)
 * </pre>
 */
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
