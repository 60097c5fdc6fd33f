package dev.baton.e2e.harness;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline: checks it every 100 ms and fails, naming it, when time is up. */
public final class Deadline {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Duration timeout;
    private final long end;

    private Deadline(Duration timeout) {
        this.timeout = timeout;
        this.end = System.nanoTime() + timeout.toNanos();
    }

    public static Deadline of(Duration timeout) {
        return new Deadline(timeout);
    }

    public boolean passed() {
        return System.nanoTime() - end > 0;
    }

    /** Returns as soon as the condition holds; throws {@link AssertionError} if it does not within the timeout. */
    public void until(String what, BooleanSupplier condition) {
        while (!condition.getAsBoolean()) {
            if (passed()) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for: " + what);
            }
        }
    }
}
