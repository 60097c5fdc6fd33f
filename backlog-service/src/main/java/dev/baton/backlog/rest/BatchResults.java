package dev.baton.backlog.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.baton.contracts.http.Problem;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to a batch: one result per item, in the order of the batch. */
@Schema(name = "BatchResults", description = "One result per item of the batch, in its order")
public record BatchResults(List<Result> results) {

    /** One item's answer: the item when it was taken (201, or 200 for a duplicate), the problem when not. */
    @Schema(name = "BatchResult", description = "One item's answer: status 201 (new), 200 (duplicate) or 400")
    public record Result(
            @Schema(description = "The item's place in the batch, from 0")
            int index,

            @Schema(description = "As the status of a single submission")
            int status,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "The item, when it was taken")
            ItemView item,

            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(description = "Why the item was refused (a problem document)", ref = "Problem")
            Problem problem) {

        static Result taken(int index, boolean duplicate, ItemView item) {
            return new Result(index, duplicate ? 200 : 201, item, null);
        }

        static Result refused(int index, Problem problem) {
            return new Result(index, problem.status(), null, problem);
        }
    }
}
