package dev.baton.backlog.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.backlog.ingest.CloudEventReader.Mode;
import dev.baton.backlog.ingest.CloudEventReader.Reading;
import dev.baton.backlog.submit.SubmissionValidator;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class CloudEventReaderTest {

    private static final String ITEM = "{\"type\":\"build\",\"title\":\"Write the parser\",\"priority\":5,"
            + "\"labels\":[\"core\"],\"payload\":{\"cmd\":\"make\"}}";

    private static Headers headers(String... namesAndValues) {
        final RecordHeaders headers = new RecordHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(namesAndValues[i], namesAndValues[i + 1] == null ? null : namesAndValues[i + 1].getBytes(UTF_8));
        }
        return headers;
    }

    /** A complete binary-mode event; {@code drop} leaves one header out. */
    private static Headers binary(String type, String drop) {
        final RecordHeaders headers = new RecordHeaders();
        final String[][] all = {{"ce_specversion", "1.0"}, {"ce_id", "evt-1"}, {"ce_source", "/ci/pipeline"},
                {"ce_type", type}, {"content-type", "application/json"}};
        for (String[] header : all) {
            if (!header[0].equals(drop)) {
                headers.add(header[0], header[1].getBytes(UTF_8));
            }
        }
        return headers;
    }

    private static String structured(String attributes, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"evt-2\",\"source\":\"/ci/pipeline\",\"type\":\"dev.baton.item.submit\""
                + attributes + (data == null ? "" : ",\"data\":" + data) + "}";
    }

    private static Reading read(String value, Headers headers) {
        return CloudEventReader.read(value == null ? null : value.getBytes(UTF_8), headers);
    }

    private static String refusal(String value, Headers headers) {
        final Reading reading = read(value, headers);
        assertThat(reading).isInstanceOf(Reading.Refused.class);
        return ((Reading.Refused) reading).reason();
    }

    // ---------------------------------------------------------------- accepted

    @Test
    void readsABinaryModeEventWithTheItemAsTheValue() {
        final Reading reading = read(ITEM, headers("ce_specversion", "1.0", "ce_id", "evt-1", "ce_source",
                "/ci/pipeline", "ce_type", "dev.baton.item.submit", "ce_subject", "parser",
                "ce_time", "2026-02-05T09:12:07+01:00", "content-type", "application/json; charset=utf-8"));

        assertThat(reading).isInstanceOfSatisfying(Reading.Submission.class, submission -> {
            assertThat(submission.mode()).isEqualTo(Mode.BINARY);
            assertThat(submission.id()).isEqualTo("evt-1");
            assertThat(submission.source()).isEqualTo("/ci/pipeline");
            assertThat(submission.subject()).isEqualTo("parser");
            assertThat(submission.spec().type()).isEqualTo("build");
            assertThat(submission.spec().title()).isEqualTo("Write the parser");
            assertThat(submission.spec().priority()).isEqualTo(5);
            assertThat(submission.spec().labels()).containsExactly("core");
            assertThat(submission.spec().payload().get("cmd").asText()).isEqualTo("make");
        });
    }

    @Test
    void aBinaryModeEventNeedsNoContentTypeHeader() {
        assertThat(read(ITEM, binary(CloudEventReader.SUBMIT_TYPE, "content-type")))
                .isInstanceOf(Reading.Submission.class);
    }

    @Test
    void readsAStructuredModeEventWithTheItemInData() {
        final Reading reading = read(structured(",\"datacontenttype\":\"application/json\"", ITEM),
                headers("content-type", "application/cloudevents+json; charset=UTF-8"));

        assertThat(reading).isInstanceOfSatisfying(Reading.Submission.class, submission -> {
            assertThat(submission.mode()).isEqualTo(Mode.STRUCTURED);
            assertThat(submission.id()).isEqualTo("evt-2");
            assertThat(submission.spec().title()).isEqualTo("Write the parser");
            assertThat(submission.spec().payload().get("cmd").asText()).isEqualTo("make");
        });
    }

    @Test
    void aJsonObjectWithSpecversionAndNoHeadersIsAStructuredEvent() {
        assertThat(read(structured("", ITEM), new RecordHeaders()))
                .isInstanceOfSatisfying(Reading.Submission.class, s -> assertThat(s.mode()).isEqualTo(Mode.STRUCTURED));
    }

    // ---------------------------------------------------------------- refused

    @Test
    void aBinaryValueThatIsNotJsonNamesData() {
        assertThat(refusal("{\"type\": \"build\", ", binary(CloudEventReader.SUBMIT_TYPE, null)))
                .startsWith("data is not JSON: ")
                .contains("line 1");
    }

    @Test
    void aStructuredValueThatIsNotJsonNamesTheWholeBody() {
        assertThat(refusal("specversion=1.0", headers("content-type", "application/cloudevents+json")))
                .startsWith("$ is not JSON: ");
        assertThat(refusal("[1, 2]", headers("content-type", "application/cloudevents+json")))
                .isEqualTo("$ must be a JSON object (a structured CloudEvent)");
    }

    @Test
    void aValueWithNeitherHeadersNorAnEnvelopeIsNotACloudEvent() {
        assertThat(refusal("hello", new RecordHeaders()))
                .startsWith("$ is not a CloudEvent: no ce_ headers, and the value is not JSON");
        assertThat(refusal(ITEM, new RecordHeaders()))
                .isEqualTo("$ is not a CloudEvent: no ce_ headers, and the value is not a JSON object with specversion");
    }

    @Test
    void eachMissingBinaryAttributeIsNamedByItsHeader() {
        assertThat(refusal(ITEM, binary(CloudEventReader.SUBMIT_TYPE, "ce_type"))).isEqualTo("ce_type is required");
        assertThat(refusal(ITEM, binary(CloudEventReader.SUBMIT_TYPE, "ce_id"))).isEqualTo("ce_id is required");
        assertThat(refusal(ITEM, binary(CloudEventReader.SUBMIT_TYPE, "ce_source")))
                .isEqualTo("ce_source is required");
        assertThat(refusal(ITEM, binary(CloudEventReader.SUBMIT_TYPE, "ce_specversion")))
                .isEqualTo("ce_specversion is required");
    }

    @Test
    void eachMissingStructuredAttributeIsNamedByItsField() {
        assertThat(refusal("{\"specversion\":\"1.0\",\"id\":\"e\",\"source\":\"/s\",\"data\":" + ITEM + "}",
                new RecordHeaders())).isEqualTo("type is required");
        assertThat(refusal("{\"specversion\":\"1.0\",\"type\":\"dev.baton.item.submit\",\"data\":" + ITEM + "}",
                headers("content-type", "application/cloudevents+json")))
                .isEqualTo("id is required; source is required");
    }

    @Test
    void anotherCloudEventTypeIsRefusedWithTheTypeItCarried() {
        assertThat(refusal(ITEM, binary("dev.baton.item.frobnicate", null)))
                .isEqualTo("ce_type must be dev.baton.item.submit (got \"dev.baton.item.frobnicate\")");
        assertThat(refusal(structured("", ITEM).replace("dev.baton.item.submit", "com.example.order"),
                new RecordHeaders()))
                .isEqualTo("type must be dev.baton.item.submit (got \"com.example.order\")");
    }

    @Test
    void onlySpecVersionOneIsRead() {
        assertThat(refusal(structured("", ITEM).replace("\"1.0\"", "\"0.3\""), new RecordHeaders()))
                .isEqualTo("specversion must be 1.0 (got \"0.3\")");
        assertThat(refusal(structured("", ITEM).replace("\"1.0\"", "1.0"), new RecordHeaders()))
                .isEqualTo("specversion must be a string");
    }

    @Test
    void theItemIsJudgedByTheSubmissionRuleWithItsFieldsUnderData() {
        assertThat(refusal("{\"type\":\"build\"}", binary(CloudEventReader.SUBMIT_TYPE, null)))
                .isEqualTo("data.title is required");
        assertThat(refusal("{\"type\":\"build\",\"title\":\"t\",\"priority\":\"high\"}",
                binary(CloudEventReader.SUBMIT_TYPE, null)))
                .isEqualTo("data.priority must be an integer");
        assertThat(refusal(structured("", "{\"type\":\"build\",\"labels\":\"core\"}"), new RecordHeaders()))
                .isEqualTo("data.title is required; data.labels must be an array of strings");
    }

    @Test
    void anOversizedPayloadIsRefusedByTheSameLimitAsOverHttp() {
        final String big = "{\"type\":\"build\",\"title\":\"big\",\"payload\":{\"blob\":\""
                + "x".repeat(SubmissionValidator.MAX_PAYLOAD_BYTES + 1) + "\"}}";

        assertThat(refusal(big, binary(CloudEventReader.SUBMIT_TYPE, null)))
                .isEqualTo("data.payload must be at most 262144 bytes of JSON");
    }

    @Test
    void anEventWithoutAnItemIsRefused() {
        assertThat(refusal(null, binary(CloudEventReader.SUBMIT_TYPE, null)))
                .startsWith("data is required");
        assertThat(refusal(structured("", null), new RecordHeaders())).startsWith("data is required");
        assertThat(refusal(structured("", "\"build it\""), new RecordHeaders()))
                .isEqualTo("data must be a JSON object");
        assertThat(refusal(structured(",\"data_base64\":\"e30=\"", null), new RecordHeaders()))
                .startsWith("data_base64 is not taken");
        assertThat(refusal(null, headers("content-type", "application/cloudevents+json")))
                .startsWith("$ is empty");
    }

    @Test
    void contentTypesOtherThanJsonAreRefused() {
        final Headers textual = binary(CloudEventReader.SUBMIT_TYPE, "content-type");
        textual.add("content-type", "text/plain".getBytes(UTF_8));
        assertThat(refusal(ITEM, textual)).isEqualTo("content-type must be application/json in binary mode"
                + " (got \"text/plain\")");
        assertThat(refusal("[]", headers("content-type", "application/cloudevents-batch+json")))
                .startsWith("content-type must be application/cloudevents+json");
        assertThat(refusal(structured(",\"datacontenttype\":\"application/xml\"", ITEM), new RecordHeaders()))
                .isEqualTo("datacontenttype must be application/json (got \"application/xml\")");
    }

    @Test
    void aMalformedTimeIsNamed() {
        final Headers headers = binary(CloudEventReader.SUBMIT_TYPE, null);
        headers.add("ce_time", "yesterday".getBytes(UTF_8));
        assertThat(refusal(ITEM, headers)).startsWith("ce_time must be an RFC 3339 timestamp");
    }

    @Test
    void everyProblemIsListedAttributesFirstAndTheIdIsKeptForTheLog() {
        final Reading reading = read("{\"type\":\"build\",\"priority\":1.5}",
                binary("dev.baton.item.frobnicate", "ce_source"));

        assertThat(reading).isInstanceOfSatisfying(Reading.Refused.class, refused -> {
            assertThat(refused.id()).isEqualTo("evt-1");
            assertThat(refused.reason()).isEqualTo("ce_source is required; "
                    + "ce_type must be dev.baton.item.submit (got \"dev.baton.item.frobnicate\"); "
                    + "data.title is required; data.priority must be an integer");
        });
    }

    @Test
    void anOverlongIdIsRefusedLikeAnOverlongIdempotencyKey() {
        final Headers headers = binary(CloudEventReader.SUBMIT_TYPE, "ce_id");
        headers.add("ce_id", "k".repeat(CloudEventReader.MAX_ID_LENGTH + 1).getBytes(UTF_8));
        assertThat(refusal(ITEM, headers)).isEqualTo("ce_id must be at most 200 characters");
    }
}
