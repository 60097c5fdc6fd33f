package dev.baton.contracts.reply;

import dev.baton.contracts.item.ItemState;
import java.time.Instant;

/**
 * A typed refusal with the facts a caller needs to act on it.
 *
 * @param owner      for {@code ALREADY_CLAIMED}: the current holder
 * @param leaseUntil for {@code ALREADY_CLAIMED}: the holder's lease deadline
 * @param epoch      the item's current epoch
 * @param state      the item's state (for {@code TERMINAL} and {@code NOT_READY})
 * @param detail     a human sentence (for {@code NOT_READY}: why)
 */
public record Rejection(
        Reason reason, String itemId, String owner, Instant leaseUntil, Long epoch, ItemState state, String detail) {

    /** The HTTP problem for this rejection: 404 for an unknown item, 400 for an invalid request, else 409. */
    public dev.baton.contracts.http.Problem problem() {
        final int status = reason == Reason.UNKNOWN_ITEM ? 404 : reason == Reason.INVALID ? 400 : 409;
        final String name = reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        final String title = switch (reason) {
            case ALREADY_CLAIMED -> "The item is held by another agent";
            case STALE_EPOCH -> "The epoch is not the item's current one";
            case NOT_OWNER -> "The agent does not hold the item";
            case NOT_READY -> "The item is not ready";
            case TERMINAL -> "The item is finished";
            case NOT_DEAD -> "Only a dead item can be redriven";
            case UNKNOWN_ITEM -> "No such item";
            case INVALID -> "Invalid request";
        };
        return dev.baton.contracts.http.Problem.of(name, title, status, detail)
                .withFact("reason", reason.name())
                .withFact("itemId", itemId)
                .withFact("owner", owner)
                .withFact("leaseUntil", leaseUntil)
                .withFact("epoch", epoch)
                .withFact("state", state);
    }

    public static Rejection alreadyClaimed(String itemId, String owner, Instant leaseUntil, long epoch) {
        return new Rejection(
                Reason.ALREADY_CLAIMED,
                itemId,
                owner,
                leaseUntil,
                epoch,
                ItemState.CLAIMED,
                "held by " + owner + " until " + leaseUntil);
    }

    public static Rejection staleEpoch(String itemId, long presented, long current) {
        return new Rejection(
                Reason.STALE_EPOCH,
                itemId,
                null,
                null,
                current,
                null,
                "epoch " + presented + " is stale; the current epoch is " + current);
    }

    public static Rejection notOwner(String itemId, String agent, long epoch) {
        return new Rejection(Reason.NOT_OWNER, itemId, null, null, epoch, null, agent + " does not hold this item");
    }

    public static Rejection notReady(String itemId, ItemState state, String why) {
        return new Rejection(Reason.NOT_READY, itemId, null, null, null, state, why);
    }

    public static Rejection terminal(String itemId, ItemState state) {
        return new Rejection(Reason.TERMINAL, itemId, null, null, null, state, "the item is " + state);
    }

    public static Rejection unknownItem(String itemId) {
        return new Rejection(Reason.UNKNOWN_ITEM, itemId, null, null, null, null, "no item " + itemId);
    }

    public static Rejection invalid(String itemId, String why) {
        return new Rejection(Reason.INVALID, itemId, null, null, null, null, why);
    }
}
