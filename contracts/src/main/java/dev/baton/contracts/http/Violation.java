package dev.baton.contracts.http;

import dev.baton.contracts.limits.Text;

/**
 * One thing wrong with a request: the offending field (a JSON path) and what is wrong with it.
 * Both are written back to the caller, so a lone surrogate taken from the input (a payload's
 * field name, say) is replaced rather than allowed to break the answer.
 */
public record Violation(String field, String message) {

    public Violation {
        field = Text.wellFormed(field);
        message = Text.wellFormed(message);
    }
}
