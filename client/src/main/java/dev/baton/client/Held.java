package dev.baton.client;

import java.util.Objects;

/**
 * One item of a holder's batch call ({@link BatonClient#heartbeatAll}, {@link BatonClient#completeAll},
 * {@link BatonClient#failAll}, {@link BatonClient#releaseAll}): the item, the epoch of the grant,
 * and what the single call on it would carry. Each is decided as if it had been sent alone.
 */
public sealed interface Held {

    String itemId();

    long epoch();

    /** Extend the lease (by the grant's length, or {@code leaseSeconds}) and record {@code progress}; both may be null. */
    record Heartbeat(String itemId, long epoch, String progress, Integer leaseSeconds) implements Held {
        public Heartbeat {
            Objects.requireNonNull(itemId, "itemId");
        }
    }

    /** Complete the item with its result (may be null). */
    record Completion(String itemId, long epoch, Result result) implements Held {
        public Completion {
            Objects.requireNonNull(itemId, "itemId");
        }
    }

    /** Report a failure: retryable puts the item back after a backoff, else it is {@code DEAD}. */
    record Failure(String itemId, long epoch, String error, boolean retryable) implements Held {
        public Failure {
            Objects.requireNonNull(itemId, "itemId");
        }
    }

    /** Give the item back at once; no attempt is counted. */
    record Release(String itemId, long epoch, String reason) implements Held {
        public Release {
            Objects.requireNonNull(itemId, "itemId");
        }
    }
}
