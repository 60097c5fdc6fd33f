package dev.baton.client;

/**
 * Any call that did not succeed. Catch a subclass to act on it:
 * {@link RejectedException} (409 or 404: the service understood and refused),
 * {@link InvalidRequestException} (400: the request itself is wrong),
 * {@link UnavailableException} (no answer within the retry deadline), or
 * {@link UnexpectedResponseException} (any other answer).
 */
public abstract class BatonException extends RuntimeException {

    private final int status;

    protected BatonException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status of the answer, or 0 when there was none. */
    public int status() {
        return status;
    }
}
