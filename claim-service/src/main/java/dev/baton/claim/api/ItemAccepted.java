package dev.baton.claim.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.reply.Reply;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to a holder's call the engine accepted: where the item is now. */
@Schema(name = "ItemAccepted", description = "The call was accepted: the item's state and epoch after it")
public record ItemAccepted(
        String itemId,
        ItemState state,
        long epoch,

        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "Until when the holder's lease runs, while it holds the item")
        Instant leaseUntil) {

    static ItemAccepted of(Reply.Accepted accepted) {
        return new ItemAccepted(accepted.itemId(), accepted.state(), accepted.epoch(), accepted.leaseUntil());
    }
}
