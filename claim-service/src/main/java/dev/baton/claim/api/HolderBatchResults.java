package dev.baton.claim.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.baton.contracts.http.Problem;
import dev.baton.contracts.reply.Reply;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to a holder's batch call: one result per item, in the order of the call. */
@Schema(name = "HolderBatchResults", description = "One result per item of the call, in its order")
public record HolderBatchResults(List<Result> results) {

    /** One item's answer, as the single call would have answered it: the accepted state, or the problem. */
    @Schema(name = "HolderBatchResult", description = "One item's answer: status 200, or the refusal's 409, 404, 400")
    public record Result(
            @Schema(description = "The item's place in the call, from 0")
            int index,

            @Schema(description = "The item's id") String itemId,

            @Schema(description = "The request id this item was decided under: sent alone, it gets this answer")
            String requestId,

            @Schema(description = "As the status of the single call")
            int status,

            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(description = "The item's state and epoch after the call, when it was accepted")
            ItemAccepted accepted,

            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(description = "Why the item was refused (a problem document)", ref = "Problem")
            Problem problem) {}

    /** The engine's answers to the parts, in order, as results. */
    static HolderBatchResults of(List<String> itemIds, List<Reply> answers) {
        final List<Result> results = new ArrayList<>(answers.size());
        for (int i = 0; i < answers.size(); i++) {
            final Reply answer = answers.get(i);
            if (answer instanceof Reply.Accepted accepted) {
                results.add(new Result(i, itemIds.get(i), answer.requestId(), 200, ItemAccepted.of(accepted), null));
            } else {
                final Problem problem = ((Reply.Rejected) answer).rejection().problem();
                results.add(new Result(i, itemIds.get(i), answer.requestId(), problem.status(), null, problem));
            }
        }
        return new HolderBatchResults(results);
    }
}
