package dev.baton.claim.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * Time arithmetic that cannot throw. {@link Instant} spans a billion years while epoch millis
 * and {@code Instant.plus} overflow long before that; an item stored by an older build, or a
 * setting turned very high, must still load and be decided. Past the edge every value
 * saturates: such a time means "never" to the engine, which is what it meant to the sender.
 */
public final class Times {

    private static final Instant LATEST_MILLIS = Instant.ofEpochMilli(Long.MAX_VALUE);
    private static final Instant EARLIEST_MILLIS = Instant.ofEpochMilli(Long.MIN_VALUE);

    private Times() {}

    /** Epoch millis of {@code at}, saturated to {@code Long.MIN_VALUE}..{@code Long.MAX_VALUE}. */
    public static long millis(Instant at) {
        if (at.isAfter(LATEST_MILLIS)) {
            return Long.MAX_VALUE;
        }
        if (at.isBefore(EARLIEST_MILLIS)) {
            return Long.MIN_VALUE;
        }
        return at.toEpochMilli();
    }

    /** {@code at + by}, saturated to {@link Instant#MIN}..{@link Instant#MAX}. */
    public static Instant plus(Instant at, Duration by) {
        try {
            return at.plus(by);
        } catch (ArithmeticException | java.time.DateTimeException e) {
            return by.isNegative() ? Instant.MIN : Instant.MAX;
        }
    }

    /** {@code millis - by}, saturated to {@code Long.MIN_VALUE}. */
    public static long minusMillis(long millis, Duration by) {
        final long span = durationMillis(by);
        final long result = millis - span;
        // Overflow iff the operands had different signs and the result's sign differs from millis'.
        return ((millis ^ span) & (millis ^ result)) < 0 ? (span > 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : result;
    }

    /** Whole seconds from {@code from} to {@code to}, saturated to the range of an int. */
    public static int secondsBetween(Instant from, Instant to) {
        final long seconds = Duration.between(from, to).getSeconds();
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, seconds));
    }

    private static long durationMillis(Duration by) {
        try {
            return by.toMillis();
        } catch (ArithmeticException e) {
            return by.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
