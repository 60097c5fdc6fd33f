package dev.baton.backlog.submit;

import dev.baton.contracts.http.InvalidRequest;
import dev.baton.contracts.http.JsonFields;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.limits.Limits;
import dev.baton.contracts.limits.Rules;
import dev.baton.http.body.JsonRecords;
import java.time.Instant;

/**
 * Whether a submission read from a JSON object elsewhere than an HTTP body (the data of a
 * CloudEvent) is acceptable: it is read as a {@link NewItem}, as an HTTP body is, and judged by the
 * same rules ({@link NewItem#rules}, {@link Rules#spec}'s bounds, which the claim engine applies
 * again to every item it is given). Returns the spec or throws {@link InvalidRequest} naming each
 * offending field.
 */
public final class SubmissionValidator {

    /** Kept for callers that name it; the bound itself is {@link Limits#MAX_PAYLOAD_BYTES}. */
    public static final int MAX_PAYLOAD_BYTES = Limits.MAX_PAYLOAD_BYTES;

    private SubmissionValidator() {}

    /**
     * A submission for the item {@code itemId} (the id its idempotency key names, {@code null}
     * for a fresh one), judging times against {@code now}.
     */
    public static ItemSpec validate(JsonFields fields, String itemId, Instant now) {
        final NewItem item = JsonRecords.read(fields, NewItem.class);
        fields.rule(item.rules(itemId, now));
        fields.done();
        return item.spec();
    }
}
