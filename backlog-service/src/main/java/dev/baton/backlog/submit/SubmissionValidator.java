package dev.baton.backlog.submit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contracts.http.InvalidRequest;
import dev.baton.contracts.http.JsonFields;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.limits.Limits;
import dev.baton.contracts.limits.Rules;
import java.time.Instant;
import java.util.List;

/**
 * The one place that decides whether a submission is acceptable, for every path it arrives by
 * (HTTP, Kafka ingest). Reads a JSON object and returns a spec, or throws
 * {@link InvalidRequest} naming each offending field. The bounds are {@link Rules#spec}'s, the
 * same the claim engine applies again to every item it is given.
 */
public final class SubmissionValidator {

    /** Kept for callers that name it; the bound itself is {@link Limits#MAX_PAYLOAD_BYTES}. */
    public static final int MAX_PAYLOAD_BYTES = Limits.MAX_PAYLOAD_BYTES;

    private SubmissionValidator() {
    }

    /** A submission whose item id is not known yet (or not derived from the request). */
    public static ItemSpec validate(JsonFields fields) {
        return validate(fields, null);
    }

    /**
     * A submission for the item {@code itemId} (the id its idempotency key names, {@code null}
     * for a fresh one), so that an item depending on itself is refused.
     */
    public static ItemSpec validate(JsonFields fields, String itemId) {
        return validate(fields, itemId, Instant.now());
    }

    /** As {@link #validate(JsonFields, String)}, judging times against {@code now}. */
    public static ItemSpec validate(JsonFields fields, String itemId, Instant now) {
        final String type = fields.string("type", true);
        final String title = fields.string("title", true);
        final JsonNode payload = fields.node("payload");
        final Integer priority = fields.integer("priority");
        final List<String> labels = fields.strings("labels");
        final Integer maxAttempts = fields.integer("maxAttempts");
        final Integer leaseSeconds = fields.integer("leaseSeconds");
        final Instant notBefore = fields.instant("notBefore");
        final List<String> dependsOn = fields.strings("dependsOn");
        // The spec takes 0 or less for "the default": judge the number as it was given.
        fields.check(out -> Rules.between(out, "maxAttempts", maxAttempts, 1, Limits.MAX_ATTEMPTS));
        final ItemSpec spec = new ItemSpec(type, title, payload, priority == null ? 0 : priority, labels,
                maxAttempts == null ? ItemSpec.DEFAULT_MAX_ATTEMPTS : maxAttempts, leaseSeconds, notBefore, dependsOn);
        fields.rule(Rules.spec(spec, itemId, now));
        fields.done();
        return spec;
    }
}
