package dev.baton.contracts.reply;

import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.json.FamilyMember;
import java.time.Instant;
import java.util.List;

/** The engine's answer to one command, carried on {@code claim-replies} keyed by request id. */
public sealed interface Reply {

    String requestId();

    /** Leases granted by a claim or claim-next; empty when nothing was ready. */
    record Granted(String requestId, List<Grant> grants) implements Reply {
        public Granted {
            grants = grants == null ? List.of() : List.copyOf(grants);
        }
    }

    /** A holder's or operator's command took effect; the item's state after it. */
    record Accepted(String requestId, String itemId, ItemState state, long epoch, Instant leaseUntil)
            implements Reply {}

    record Rejected(String requestId, Rejection rejection) implements Reply {}

    /**
     * The answer to a {@code Command.Batch}: each part's own answer ({@link Accepted} or
     * {@link Rejected}, under the part's request id), in the order of the parts.
     */
    record Batched(String requestId, @FamilyMember List<Reply> answers) implements Reply {
        public Batched {
            answers = answers == null ? List.of() : List.copyOf(answers);
        }
    }

    /**
     * The engine's answer to a submission that carried a request id: the item, and whether it
     * was new or already there (the same idempotency key submitted before).
     */
    record Submitted(String requestId, boolean duplicate, dev.baton.contracts.item.Item item) implements Reply {}
}
