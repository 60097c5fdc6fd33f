package dev.baton.client;

/**
 * Thrown by a {@link Worker} handler to fail its item with this message. Any other exception
 * fails the item too, as retryable; this one says whether a retry could help: a non-retryable
 * failure makes the item {@code DEAD} at once.
 */
public class TaskFailedException extends Exception {

    private final boolean retryable;

    public TaskFailedException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public TaskFailedException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
