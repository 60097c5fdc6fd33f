package dev.baton.claim.engine;

import java.time.Duration;

/**
 * The engine's knobs.
 *
 * @param defaultLease   lease length when neither the request nor the item names one
 * @param maxLease       the longest lease a request may ask for
 * @param baseBackoff    wait before the first retry of a failed item; doubles per attempt
 * @param maxBackoff     the longest wait between retries
 * @param unknownGrace   how long a command for an item not seen yet waits for its submission
 * @param requestMemory  how long a request id's answer is remembered for retries
 * @param doneRetention  how long a {@code DONE} or {@code CANCELLED} item is kept by the engine
 *                       before it is forgotten (its history stays on {@code item-events})
 */
public record Settings(
        Duration defaultLease,
        Duration maxLease,
        Duration baseBackoff,
        Duration maxBackoff,
        Duration unknownGrace,
        Duration requestMemory,
        Duration doneRetention) {

    public static Settings defaults() {
        return new Settings(
                Duration.ofSeconds(30),
                Duration.ofHours(24),
                Duration.ofSeconds(1),
                Duration.ofMinutes(5),
                Duration.ofSeconds(3),
                Duration.ofHours(1),
                Duration.ofDays(7));
    }

    /** Backoff before the retry that follows the given number of used attempts (1 = first failure). */
    public Duration backoff(int attemptsUsed) {
        final int doublings = Math.max(0, Math.min(attemptsUsed - 1, 30));
        final Duration wait;
        try {
            wait = baseBackoff.multipliedBy(1L << doublings);
        } catch (ArithmeticException e) {
            // A base set very high doubles past what a Duration holds: that is the longest wait anyway.
            return maxBackoff;
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
