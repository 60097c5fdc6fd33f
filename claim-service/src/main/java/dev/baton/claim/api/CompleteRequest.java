package dev.baton.claim.api;

import dev.baton.contracts.command.Command;
import dev.baton.contracts.http.JsonFields;
import dev.baton.contracts.item.Result;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The holder completes the item with its result. */
@Schema(name = "CompleteRequest", description = "The holder completes the item with its result")
public record CompleteRequest(
        @Schema(description = "The agent: the token's subject, which it must equal when given (else 403)")
        String agent,

        @Schema(required = true, description = "The epoch of the holder's grant")
        Long epoch,

        @Schema(description = "The call's id (or the Idempotency-Key header): a repeat gets the first answer")
        String requestId,

        @Schema(description = "What the work came to: a summary, notes, tags and log lines, each optional")
        Result result,

        @Schema(hidden = true) JsonFields received)
        implements ItemCallBody {

    @Override
    public Command.CompleteItem command(String itemId, String requestId, String agent) {
        return new Command.CompleteItem(
                requestId, itemId, agent, ItemCallBody.epoch(epoch), result == null ? Result.of(null) : result);
    }
}
