package dev.baton.launcher;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline, checking it every so often; never longer than the timeout. */
public final class Deadline {

    private static final long POLL_MILLIS = 100;

    private final Duration timeout;
    private final long end;

    private Deadline(Duration timeout) {
        this.timeout = timeout;
        this.end = System.nanoTime() + timeout.toNanos();
    }

    public static Deadline of(Duration timeout) {
        return new Deadline(timeout);
    }

    public Duration timeout() {
        return timeout;
    }

    public boolean passed() {
        return System.nanoTime() - end > 0;
    }

    /** True as soon as the condition holds; false once the deadline has passed without it. */
    public boolean await(BooleanSupplier condition) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            if (passed()) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }
}
