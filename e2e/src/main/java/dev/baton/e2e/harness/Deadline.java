package dev.baton.e2e.harness;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition with a deadline (the launcher's) and fails, naming it, when time is up. */
public final class Deadline {

    private final dev.baton.launcher.Deadline deadline;

    private Deadline(Duration timeout) {
        this.deadline = dev.baton.launcher.Deadline.of(timeout);
    }

    public static Deadline of(Duration timeout) {
        return new Deadline(timeout);
    }

    public boolean passed() {
        return deadline.passed();
    }

    /** Returns as soon as the condition holds; throws {@link AssertionError} if it does not within the timeout. */
    public void until(String what, BooleanSupplier condition) {
        try {
            if (!deadline.await(condition)) {
                throw new AssertionError("not within " + deadline.timeout() + ": " + what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for: " + what, e);
        }
    }
}
