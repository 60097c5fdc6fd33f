package dev.baton.client;

import java.util.List;

/**
 * The service could not accept the request as written (400): {@link #field()} names the first
 * offending field ({@code $} for a body that is not JSON) and {@link #violations()} lists every
 * one. Fix the request; retrying it unchanged gets the same answer.
 */
public final class InvalidRequestException extends BatonException {

    /** One thing wrong with a request: the field (a JSON path) and what is wrong with it. */
    public record Violation(String field, String message) {}

    private final String field;
    private final List<Violation> violations;

    InvalidRequestException(int status, String field, String detail, List<Violation> violations) {
        super(detail == null ? "invalid request" : detail, status, null);
        this.field = field;
        this.violations = violations == null ? List.of() : List.copyOf(violations);
    }

    public String field() {
        return field;
    }

    public List<Violation> violations() {
        return violations;
    }
}
