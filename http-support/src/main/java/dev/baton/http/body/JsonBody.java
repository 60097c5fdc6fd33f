package dev.baton.http.body;

import dev.baton.contracts.http.Violation;
import java.util.List;

/**
 * A request body as a typed record. {@link JsonBodyReader} reads it strictly through
 * {@code JsonFields} (one JSON value, nesting bounded, strings well-formed, every field checked
 * for its shape with the same words as ever) and {@link CheckedCall} judges it with the values of
 * its call through Bean Validation, by the rules of {@code contracts.limits}. A record keeps what
 * its reader found in a component of type {@code JsonFields}, hidden from the OpenAPI document.
 */
public interface JsonBody {

    /**
     * Every violation of this body within its call, in the order one answer lists them: what is
     * wrong in its shape and what the rules find, each field named once. Empty when it is right.
     */
    List<Violation> violations(Call call);
}
