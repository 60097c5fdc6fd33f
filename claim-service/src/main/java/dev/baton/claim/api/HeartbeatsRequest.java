package dev.baton.claim.api;

import dev.baton.contracts.command.Command;
import dev.baton.contracts.http.JsonFields;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The holder extends the leases of several items in one call. */
@Schema(name = "HeartbeatsRequest", description = "The holder extends the leases of several items")
public record HeartbeatsRequest(
        @Schema(
                description =
                        "The agent holding the items: the token's subject, which it must equal when given (else 403)")
        String agent,

        @Schema(description = "The call's id (or the Idempotency-Key header): a repeat gets the first answers")
        String requestId,

        @Schema(required = true, description = "The items, 1 to 100, each answered on its own")
        List<Part> items,

        @Schema(hidden = true) JsonFields received)
        implements HolderBatchBody {

    @Schema(name = "HeartbeatPart", description = "One item's heartbeat, as the single call's")
    public record Part(
            @Schema(required = true, description = "The item's id")
            String itemId,

            @Schema(required = true, description = "The epoch of the holder's grant")
            Long epoch,

            @Schema(description = "This item's own request id; the call's id, '#', the item's id when absent")
            String requestId,

            @Schema(description = "How far the work got, in words")
            String progress,

            @Schema(description = "The new lease, in seconds from now; the grant's lease when absent")
            Integer leaseSeconds)
            implements HolderBatchBody.Part {

        @Override
        public Command.RenewLease command(String requestId, String agent, long epoch) {
            return new Command.RenewLease(requestId, itemId, agent, epoch, leaseSeconds, progress);
        }
    }
}
