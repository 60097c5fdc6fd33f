package dev.baton.claim.api;

import dev.baton.contracts.command.Command;
import dev.baton.contracts.http.JsonFields;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The holder gives the item back at once, without counting an attempt. */
@Schema(name = "ReleaseRequest", description = "The holder gives the item back at once")
public record ReleaseRequest(
        @Schema(description = "The agent: the token's subject, which it must equal when given (else 403)")
        String agent,

        @Schema(required = true, description = "The epoch of the holder's grant")
        Long epoch,

        @Schema(description = "The call's id (or the Idempotency-Key header): a repeat gets the first answer")
        String requestId,

        @Schema(description = "Why the item is given back") String reason,
        @Schema(hidden = true) JsonFields received)
        implements ItemCallBody {

    @Override
    public Command.ReleaseItem command(String itemId, String requestId, String agent) {
        return new Command.ReleaseItem(requestId, itemId, agent, ItemCallBody.epoch(epoch), reason);
    }
}
