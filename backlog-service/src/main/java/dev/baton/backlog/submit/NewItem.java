package dev.baton.backlog.submit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contracts.http.JsonFields;
import dev.baton.contracts.http.Violation;
import dev.baton.contracts.item.ItemIds;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.limits.Limits;
import dev.baton.contracts.limits.Rules;
import dev.baton.http.body.Call;
import dev.baton.http.body.JsonBody;
import dev.baton.http.body.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An item to submit, as a submitter writes it: over HTTP, in a batch, or as the data of a
 * CloudEvent. Its components are in the order its fields are named in an answer.
 */
@Schema(name = "NewItem", description = "An item to submit")
public record NewItem(
        @Schema(required = true, description = "What kind of work it is; agents claim by type")
        String type,

        @Schema(required = true, description = "What is to be done, on one line")
        String title,

        @Schema(description = "Any JSON the agent needs for the work")
        JsonNode payload,

        @Schema(description = "Higher is more urgent; 0 when absent")
        Integer priority,

        @Schema(description = "Labels to filter by") List<String> labels,

        @Schema(description = "How many attempts before the item is DEAD; the default when absent")
        Integer maxAttempts,

        @Schema(description = "The lease an agent gets, in seconds; the engine's default when absent")
        Integer leaseSeconds,

        @Schema(description = "Not claimable before this instant (ISO-8601, UTC)")
        Instant notBefore,

        @Schema(description = "Ids of the items that must be DONE first")
        List<String> dependsOn,

        @Schema(hidden = true) JsonFields received)
        implements JsonBody {

    /** The item as the engine takes it: absent numbers are the defaults. */
    public ItemSpec spec() {
        return new ItemSpec(
                type,
                title,
                payload,
                priority == null ? 0 : priority,
                labels,
                maxAttempts == null ? ItemSpec.DEFAULT_MAX_ATTEMPTS : maxAttempts,
                leaseSeconds,
                notBefore,
                dependsOn);
    }

    /**
     * What the rules find in this item, were it the item {@code itemId} (the id its idempotency key
     * names, {@code null} for a fresh one, so that an item depending on itself is refused),
     * judging times against {@code now}.
     */
    public List<Violation> rules(String itemId, Instant now) {
        final List<Violation> out = new ArrayList<>();
        // The spec takes 0 or less for "the default": judge the number as it was given.
        Rules.between(out, "maxAttempts", maxAttempts, 1, Limits.MAX_ATTEMPTS);
        out.addAll(Rules.spec(spec(), itemId, now));
        return out;
    }

    /** A submission over HTTP: its {@code Idempotency-Key} is judged first and names the item. */
    @Override
    public List<Violation> violations(Call call) {
        return Verdict.of(received)
                .first(out -> Rules.requestId(out, "Idempotency-Key", call.idempotencyKey()))
                .rule(rules(itemIdOf(call.idempotencyKey()), Instant.now()))
                .violations();
    }

    /** The item an idempotency key names, so the rules can see an item that depends on itself. */
    public static String itemIdOf(String idempotencyKey) {
        return idempotencyKey == null || idempotencyKey.isBlank() ? null : ItemIds.forKey(idempotencyKey);
    }
}
