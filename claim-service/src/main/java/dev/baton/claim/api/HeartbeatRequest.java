package dev.baton.claim.api;

import dev.baton.contracts.command.Command;
import dev.baton.contracts.http.JsonFields;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The holder extends its lease, and may say how far it got. */
@Schema(name = "HeartbeatRequest", description = "The holder extends its lease")
public record HeartbeatRequest(
        @Schema(description = "The agent: the token's subject, which it must equal when given (else 403)")
        String agent,

        @Schema(required = true, description = "The epoch of the holder's grant")
        Long epoch,

        @Schema(description = "The call's id (or the Idempotency-Key header): a repeat gets the first answer")
        String requestId,

        @Schema(description = "How far the work got, in words")
        String progress,

        @Schema(description = "The new lease, in seconds from now; the grant's lease when absent")
        Integer leaseSeconds,

        @Schema(hidden = true) JsonFields received)
        implements ItemCallBody {

    @Override
    public Command.RenewLease command(String itemId, String requestId, String agent) {
        return new Command.RenewLease(requestId, itemId, agent, ItemCallBody.epoch(epoch), leaseSeconds, progress);
    }
}
