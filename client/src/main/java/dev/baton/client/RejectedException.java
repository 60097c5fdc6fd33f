package dev.baton.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * The service refused the call (409, or 404 for an unknown item) for a typed {@link #reason()}.
 * The facts say what the caller needs to act on it: for {@code ALREADY_CLAIMED} the holder and its
 * lease deadline, for {@code STALE_EPOCH} the current epoch, for {@code TERMINAL} and
 * {@code NOT_READY} the item's state. A rejection is an answer, never retried.
 */
public final class RejectedException extends BatonException {

    private final Reason reason;
    private final String reasonName;
    private final String itemId;
    private final String owner;
    private final Instant leaseUntil;
    private final Long epoch;
    private final ItemState state;
    private final String detail;
    private final JsonNode problem;

    RejectedException(
            int status,
            Reason reason,
            String reasonName,
            String itemId,
            String owner,
            Instant leaseUntil,
            Long epoch,
            ItemState state,
            String detail,
            JsonNode problem) {
        super(message(status, reasonName, itemId, detail), status, null);
        this.reason = reason;
        this.reasonName = reasonName;
        this.itemId = itemId;
        this.owner = owner;
        this.leaseUntil = leaseUntil;
        this.epoch = epoch;
        this.state = state;
        this.detail = detail;
        this.problem = problem;
    }

    private static String message(int status, String reasonName, String itemId, String detail) {
        return reasonName + (itemId == null ? "" : " " + itemId) + " (" + status + ")"
                + (detail == null ? "" : ": " + detail);
    }

    public Reason reason() {
        return reason;
    }

    /** The reason as the service spelled it; for {@link Reason#OTHER}, the service's name for it. */
    public String reasonName() {
        return reasonName;
    }

    public String itemId() {
        return itemId;
    }

    /** For {@code ALREADY_CLAIMED}: who holds the item. */
    public String owner() {
        return owner;
    }

    /** For {@code ALREADY_CLAIMED}: until when. */
    public Instant leaseUntil() {
        return leaseUntil;
    }

    /** The item's current epoch, when the service says it. */
    public Long epoch() {
        return epoch;
    }

    /** For {@code TERMINAL} and {@code NOT_READY}: the item's state. */
    public ItemState state() {
        return state;
    }

    /** A sentence from the service (for {@code NOT_READY}: why the item waits). */
    public String detail() {
        return detail;
    }

    /** The whole problem document the service answered. */
    public JsonNode problem() {
        return problem;
    }
}
