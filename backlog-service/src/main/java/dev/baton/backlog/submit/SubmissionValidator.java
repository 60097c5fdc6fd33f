package dev.baton.backlog.submit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contracts.http.InvalidRequest;
import dev.baton.contracts.http.JsonFields;
import dev.baton.contracts.item.ItemSpec;
import java.time.Instant;
import java.util.List;

/**
 * The one place that decides whether a submission is acceptable, for every path it arrives by
 * (HTTP, Kafka ingest). Reads a JSON object and returns a spec, or throws
 * {@link InvalidRequest} naming each offending field.
 */
public final class SubmissionValidator {

    public static final int MAX_TYPE_LENGTH = 64;
    public static final int MAX_TITLE_LENGTH = 500;
    public static final int MAX_LABELS = 32;
    public static final int MAX_LABEL_LENGTH = 64;
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;
    public static final int MAX_ATTEMPTS = 100;
    public static final int MAX_LEASE_SECONDS = 24 * 3600;
    public static final int MAX_DEPENDENCIES = 100;
    public static final int MAX_ID_LENGTH = 128;

    private SubmissionValidator() {
    }

    public static ItemSpec validate(JsonFields fields) {
        final String type = fields.text("type", true, MAX_TYPE_LENGTH);
        if (type != null && !type.matches("[A-Za-z0-9][A-Za-z0-9._:-]*")) {
            fields.violation("type", "must be letters, digits and . _ : - (got \"" + type + "\")");
        }
        final String title = fields.text("title", true, MAX_TITLE_LENGTH);
        final JsonNode payload = fields.body().get("payload");
        if (payload != null && payload.toString().length() > MAX_PAYLOAD_BYTES) {
            fields.violation("payload", "must be at most " + MAX_PAYLOAD_BYTES + " bytes of JSON");
        }
        final Integer priority = fields.integer("priority", Integer.MIN_VALUE + 1, Integer.MAX_VALUE);
        final List<String> labels = fields.strings("labels", MAX_LABELS, MAX_LABEL_LENGTH);
        final Integer maxAttempts = fields.integer("maxAttempts", 1, MAX_ATTEMPTS);
        final Integer leaseSeconds = fields.integer("leaseSeconds", 1, MAX_LEASE_SECONDS);
        final Instant notBefore = fields.instant("notBefore");
        final List<String> dependsOn = fields.strings("dependsOn", MAX_DEPENDENCIES, MAX_ID_LENGTH);
        fields.done();
        return new ItemSpec(type, title, payload == null || payload.isNull() ? null : payload,
                priority == null ? 0 : priority, labels,
                maxAttempts == null ? ItemSpec.DEFAULT_MAX_ATTEMPTS : maxAttempts, leaseSeconds, notBefore, dependsOn);
    }
}
