package dev.baton.client;

/**
 * An answer the client has no meaning for: a 500, a 401, or a body that is not what the call
 * answers. {@link #body()} is the start of what came back.
 */
public final class UnexpectedResponseException extends BatonException {

    private final String body;

    UnexpectedResponseException(String message, int status, String body, Throwable cause) {
        super(message, status, cause);
        this.body = body;
    }

    public String body() {
        return body;
    }
}
