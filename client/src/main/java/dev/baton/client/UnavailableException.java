package dev.baton.client;

import java.time.Duration;

/**
 * No answer within the retry deadline: the service refused connections, reset them, timed out,
 * or kept answering 502/503/504. {@link #status()} is the last answer's status, or 0 when the
 * last attempt got none. Also thrown, with the thread's interrupt flag set, when the calling
 * thread is interrupted while it waits.
 */
public final class UnavailableException extends BatonException {

    private final int attempts;
    private final Duration elapsed;

    UnavailableException(String message, int status, int attempts, Duration elapsed, Throwable cause) {
        super(message, status, cause);
        this.attempts = attempts;
        this.elapsed = elapsed;
    }

    /** How many attempts were made. */
    public int attempts() {
        return attempts;
    }

    /** How long the client tried. */
    public Duration elapsed() {
        return elapsed;
    }
}
