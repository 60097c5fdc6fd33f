package dev.baton.claim.api;

import dev.baton.contracts.command.Command;
import dev.baton.contracts.http.JsonFields;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The holder reports that the work failed. */
@Schema(name = "FailRequest", description = "The holder reports that the work failed")
public record FailRequest(
        @Schema(description = "The agent: the token's subject, which it must equal when given (else 403)")
        String agent,

        @Schema(required = true, description = "The epoch of the holder's grant")
        Long epoch,

        @Schema(description = "The call's id (or the Idempotency-Key header): a repeat gets the first answer")
        String requestId,

        @Schema(description = "What went wrong") String error,

        @Schema(
                description =
                        "Whether to try again after a backoff (until the attempts are used up); true when " + "absent")
        Boolean retryable,

        @Schema(hidden = true) JsonFields received)
        implements ItemCallBody {

    @Override
    public Command.FailItem command(String itemId, String requestId, String agent) {
        return new Command.FailItem(
                requestId, itemId, agent, ItemCallBody.epoch(epoch), error, retryable == null || retryable);
    }
}
