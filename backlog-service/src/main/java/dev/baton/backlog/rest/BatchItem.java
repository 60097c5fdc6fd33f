package dev.baton.backlog.rest;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.baton.backlog.submit.NewItem;
import dev.baton.contracts.http.JsonFields;
import dev.baton.contracts.http.Violation;
import dev.baton.contracts.limits.Rules;
import dev.baton.http.body.Call;
import dev.baton.http.body.JsonBody;
import dev.baton.http.body.Verdict;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One item of a batch: the item's fields and its own idempotency key. An element of the batch
 * that is not a JSON object has no item, only its refusal.
 */
@Schema(name = "BatchItem", description = "An item to submit, with its own idempotency key")
public record BatchItem(
        @Schema(description = "As the Idempotency-Key of a single submission: a repeat names the same item")
        String idempotencyKey,

        @JsonUnwrapped NewItem item,
        @Schema(hidden = true) JsonFields received)
        implements JsonBody {

    @Override
    public List<Violation> violations(Call call) {
        final Verdict verdict =
                Verdict.of(received).check(out -> Rules.requestId(out, "idempotencyKey", idempotencyKey));
        return item == null
                ? verdict.violations()
                : verdict.rule(item.rules(NewItem.itemIdOf(idempotencyKey), Instant.now()))
                        .violations();
    }
}
