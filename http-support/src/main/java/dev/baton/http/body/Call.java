package dev.baton.http.body;

/**
 * The values of a call that are judged with its body though they are not in it: the item its
 * path names and its {@code Idempotency-Key} header. {@link CheckedCallValidator} takes them from
 * the resource method's parameters named {@code itemId} and {@code idempotencyKey}.
 */
public record Call(String itemId, String idempotencyKey) {

    /** A body judged on its own (an item of a batch). */
    public static final Call NONE = new Call(null, null);
}
