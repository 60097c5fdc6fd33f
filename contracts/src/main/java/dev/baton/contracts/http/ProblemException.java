package dev.baton.contracts.http;

/**
 * An error that already knows its answer: a problem document, and how long a caller should wait
 * before trying again when retrying makes sense. Every HTTP service maps these the same way,
 * whichever module raised them (a bad request at the door, an engine that did not answer, a
 * submission the engine refused).
 */
public abstract class ProblemException extends RuntimeException {

    protected ProblemException(String message) {
        super(message);
    }

    /** The answer: status, type, title, detail and the facts a caller acts on. */
    public abstract Problem problem();

    /** Seconds for a {@code Retry-After} header, or {@code null} when a retry would get the same answer. */
    public Integer retryAfterSeconds() {
        return null;
    }
}
