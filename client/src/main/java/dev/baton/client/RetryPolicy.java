package dev.baton.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How the client retries a call that did not get an answer: a refused or reset connection, a
 * timeout, or a 502/503/504. The first retry waits {@code initialBackoff}, each later one twice as
 * long up to {@code maxBackoff} (with jitter), and no retry starts after {@code deadline} from the
 * first attempt. A 503's {@code Retry-After} is honoured within those bounds.
 *
 * <p>Every attempt of one call carries the same request id, so the service answers a repeat with
 * the answer it already gave: a retried completion completes once.
 *
 * <p>The default deadline, 60 s, outlasts a restart of the claim-service (10-30 s).
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, Duration deadline) {

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(deadline, "deadline");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0 || deadline.isNegative()) {
            throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff and deadline >= 0, got "
                    + initialBackoff + ", " + maxBackoff + ", " + deadline);
        }
    }

    /** 100 ms doubling to 2 s, for up to 60 s. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(60));
    }

    /** One attempt, no retry. */
    public static RetryPolicy none() {
        return new RetryPolicy(Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    public RetryPolicy withDeadline(Duration value) {
        return new RetryPolicy(initialBackoff, maxBackoff, value);
    }

    /** The wait before retry number {@code retry} (1 for the first), before jitter. */
    Duration backoff(int retry) {
        final int doublings = Math.min(Math.max(retry - 1, 0), 30);
        final Duration grown = initialBackoff.multipliedBy(1L << doublings);
        return grown.compareTo(maxBackoff) > 0 || grown.isNegative() ? maxBackoff : grown;
    }
}
