package dev.baton.http.body;

/**
 * The values of a call that are judged with its body though they are not in it: the item its
 * path names, its {@code Idempotency-Key} header, and the agent it acts for (the verified token's
 * subject). {@link CheckedCallValidator} takes them from the resource method's parameters named
 * {@code itemId} and {@code idempotencyKey}, and from its {@code SecurityContext} parameter.
 */
public record Call(String itemId, String idempotencyKey, String agent) {

    /** A body judged on its own (an item of a batch). */
    public static final Call NONE = new Call(null, null, null);
}
