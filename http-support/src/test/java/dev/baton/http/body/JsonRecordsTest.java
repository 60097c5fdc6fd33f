package dev.baton.http.body;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contracts.http.JsonFields;
import dev.baton.contracts.http.Violation;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.junit.jupiter.api.Test;

class JsonRecordsTest {

    record Outcome(String summary, List<String> tags) {}

    record Body(
            @Schema(required = true) String agent,
            @Schema(required = true) Long epoch,
            Integer lease,
            Boolean retryable,
            Instant at,
            JsonNode payload,
            List<String> labels,
            Outcome outcome,
            JsonFields received) {}

    record Keyed(String key, @JsonUnwrapped Outcome outcome, JsonFields received) {}

    record Part(
            @Schema(required = true) String itemId,
            @Schema(required = true) Long epoch) {}

    record Parts(@Schema(required = true) List<Part> items, JsonFields received) {}

    @Test
    void aListOfRecordsIsReadElementByElementAndEachWrongFieldNamedWithItsIndex() {
        final JsonFields fields =
                JsonFields.parse("{\"items\":[{\"itemId\":\"1\",\"epoch\":2},7,{\"itemId\":\"3\",\"epoch\":\"x\"}]}");

        final Parts parts = JsonRecords.read(fields, Parts.class);

        assertThat(parts.items()).containsExactly(new Part("1", 2L), null, new Part("3", null));
        assertThat(fields.violations())
                .containsExactly(
                        new Violation("items[1]", "must be a JSON object"),
                        new Violation("items[2].epoch", "must be an integer"));
        final JsonFields absent = JsonFields.parse("{}");
        assertThat(JsonRecords.read(absent, Parts.class).items()).isEmpty();
        assertThat(absent.violations()).containsExactly(new Violation("items", "is required"));
    }

    @Test
    void aRightBodyIsReadIntoItsRecordAndKeepsItsReader() {
        final JsonFields fields = JsonFields.parse("{\"agent\":\" a1 \",\"epoch\":3,\"lease\":30,\"retryable\":false,"
                + "\"at\":\"2026-02-05T09:12:07Z\",\"payload\":{\"x\":[1]},\"labels\":[\"l\"],"
                + "\"outcome\":{\"summary\":\"done\",\"tags\":[\"t\"]}}");

        final Body body = JsonRecords.read(fields, Body.class);

        assertThat(body)
                .isEqualTo(new Body(
                        "a1",
                        3L,
                        30,
                        false,
                        Instant.parse("2026-02-05T09:12:07Z"),
                        fields.body().get("payload"),
                        List.of("l"),
                        new Outcome("done", List.of("t")),
                        fields));
        assertThat(fields.violations()).isEmpty();
        assertThat(fields.order())
                .containsExactly("agent", "epoch", "lease", "retryable", "at", "payload", "labels", "outcome");
    }

    @Test
    void everyFieldOfTheWrongShapeIsReadAsAbsentAndNamedWithTheReadersWords() {
        final JsonFields fields = JsonFields.parse("{\"agent\":\"  \",\"lease\":\"long\",\"retryable\":1,"
                + "\"at\":\"soon\",\"labels\":[\"ok\",2],\"outcome\":{\"tags\":\"x\"}}");

        final Body body = JsonRecords.read(fields, Body.class);

        assertThat(body.agent()).isNull();
        assertThat(body.epoch()).isNull();
        assertThat(body.lease()).isNull();
        assertThat(fields.violations())
                .containsExactly(
                        new Violation("agent", "must not be blank"),
                        new Violation("epoch", "is required"),
                        new Violation("lease", "must be an integer"),
                        new Violation("retryable", "must be true or false"),
                        new Violation("at", "must be an ISO-8601 UTC instant such as 2026-02-05T09:12:07Z"),
                        new Violation("labels[1]", "must be a non-blank string"),
                        new Violation("outcome.tags", "must be an array of strings"));
    }

    @Test
    void anUnwrappedRecordIsReadFromTheSameObject() {
        final JsonFields fields = JsonFields.parse("{\"key\":\"k1\",\"summary\":\"s\",\"tags\":[\"t\"]}");

        final Keyed keyed = JsonRecords.read(fields, Keyed.class);

        assertThat(keyed.outcome()).isEqualTo(new Outcome("s", List.of("t")));
        assertThat(fields.order()).containsExactly("key", "summary", "tags");
    }
}
