package dev.baton.client;

/**
 * One item's answer to a holder's batch call, in the order of the call: the {@link Ack} when it
 * was accepted, the {@link RejectedException} it would have thrown alone when it was refused (one
 * item may be refused while the others are accepted). {@code requestId} is the id it was decided
 * under: a single call with it gets the same answer.
 */
public record HeldResult(int index, String itemId, String requestId, Ack ack, RejectedException refusal) {

    public boolean accepted() {
        return ack != null;
    }
}
