package dev.baton.contracts.item;

import java.time.Instant;
import java.util.List;

/**
 * The state of one item as the claim engine holds it, and as it publishes it on the compacted
 * {@code claims} topic. A fold of the item's events.
 *
 * @param epoch        fencing token: incremented by every grant; 0 before the first
 * @param owner        the holding agent while {@code CLAIMED}, else {@code null}
 * @param leaseUntil   the lease deadline while {@code CLAIMED}
 * @param attempts     attempts used: grants that ended in failure or expiry
 * @param wakeAt       while {@code WAITING} for a time (not-before or backoff): when it wakes
 * @param waitingOn    dependencies not yet {@code DONE}
 * @param blockedBy    dependencies that ended {@code DEAD} or {@code CANCELLED}
 * @param submittedAt  when the engine accepted the submission (the age used for ordering)
 * @param updatedAt    time of the last transition
 * @param lastError    the error of the last failure or expiry
 * @param result       the result, once {@code DONE}
 * @param progress     the last progress note from a heartbeat
 * @param leaseSeconds the length of the current grant's lease; a heartbeat extends by as much
 */
public record Item(
        String id,
        ItemSpec spec,
        ItemState state,
        long epoch,
        String owner,
        Instant leaseUntil,
        int attempts,
        Instant wakeAt,
        List<String> waitingOn,
        List<String> blockedBy,
        Instant submittedAt,
        Instant updatedAt,
        String lastError,
        Result result,
        String progress,
        Integer leaseSeconds) {

    public Item {
        waitingOn = waitingOn == null ? List.of() : List.copyOf(waitingOn);
        blockedBy = blockedBy == null ? List.of() : List.copyOf(blockedBy);
    }

    public ItemSummary summary() {
        return ItemSummary.of(spec);
    }

    /** Why the item is not ready, in words an operator can act on; {@code null} when it is ready. */
    public String why() {
        switch (state) {
            case READY:
                return null;
            case CLAIMED:
                return "claimed by " + owner + " until " + leaseUntil + " (epoch " + epoch + ")";
            case WAITING:
                final java.util.List<String> reasons = new java.util.ArrayList<>();
                if (wakeAt != null) {
                    reasons.add((attempts > 0 && lastError != null ? "backoff until " : "not before ") + wakeAt);
                }
                if (!waitingOn.isEmpty()) {
                    reasons.add("waiting on " + String.join(", ", waitingOn));
                }
                if (!blockedBy.isEmpty()) {
                    reasons.add("blocked: dependency ended without success: " + String.join(", ", blockedBy));
                }
                return reasons.isEmpty() ? "waiting" : String.join("; ", reasons);
            case DEAD:
                return "dead" + (lastError == null ? "" : ": " + lastError);
            default:
                return state.name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
