package dev.baton.claim.api;

import dev.baton.contracts.command.Command;
import dev.baton.contracts.http.JsonFields;
import dev.baton.contracts.item.Result;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The holder completes several items in one call, each with its result. */
@Schema(name = "CompletionsRequest", description = "The holder completes several items, each with its result")
public record CompletionsRequest(
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

    @Schema(name = "CompletionPart", description = "One item's completion, as the single call's")
    public record Part(
            @Schema(required = true, description = "The item's id")
            String itemId,

            @Schema(required = true, description = "The epoch of the holder's grant")
            Long epoch,

            @Schema(description = "This item's own request id; the call's id, '#', the item's id when absent")
            String requestId,

            @Schema(description = "What the work came to: a summary, notes, tags and log lines, each optional")
            Result result)
            implements HolderBatchBody.Part {

        @Override
        public Command.CompleteItem command(String requestId, String agent, long epoch) {
            return new Command.CompleteItem(requestId, itemId, agent, epoch, result == null ? Result.of(null) : result);
        }
    }
}
