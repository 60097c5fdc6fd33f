package dev.baton.claim.api;

import dev.baton.contracts.command.Command;
import dev.baton.contracts.http.JsonFields;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A claim of one item by id. */
@Schema(name = "ClaimRequest", description = "A claim of one item by id")
public record ClaimRequest(
        @Schema(description = "The agent: the token's subject, which it must equal when given (else 403)")
        String agent,

        @Schema(description = "The lease asked for, in seconds; the item's own lease when absent")
        Integer leaseSeconds,

        @Schema(description = "The call's id (or the Idempotency-Key header): a repeat gets the first answer")
        String requestId,

        @Schema(hidden = true) JsonFields received)
        implements ItemCallBody {

    @Override
    public Command.ClaimItem command(String itemId, String requestId, String agent) {
        return new Command.ClaimItem(requestId, itemId, agent, leaseSeconds);
    }
}
