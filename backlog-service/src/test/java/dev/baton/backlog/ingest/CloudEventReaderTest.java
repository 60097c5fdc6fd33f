package dev.baton.backlog.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.backlog.ingest.CloudEventReader.Mode;
import dev.baton.backlog.ingest.CloudEventReader.Reading;
import dev.baton.backlog.submit.SubmissionValidator;
import dev.baton.contracts.item.ItemIds;
import dev.baton.contracts.limits.Limits;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class CloudEventReaderTest {

    private static final String ITEM = "{\"type\":\"build\",\"title\":\"Write the parser\",\"priority\":5,"
            + "\"labels\":[\"core\"],\"payload\":{\"cmd\":\"make\"}}";

    private static Headers headers(String... namesAndValues) {
        final RecordHeaders headers = new RecordHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(
                    namesAndValues[i], namesAndValues[i + 1] == null ? null : namesAndValues[i + 1].getBytes(UTF_8));
        }
        return headers;
    }

    /** A complete binary-mode event; {@code drop} leaves one header out. */
    private static Headers binary(String type, String drop) {
        final RecordHeaders headers = new RecordHeaders();
        final String[][] all = {
            {"ce_specversion", "1.0"},
            {"ce_id", "evt-1"},
            {"ce_source", "/ci/pipeline"},
            {"ce_type", type},
            {"content-type", "application/json"}
        };
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
        final Reading reading = read(
                ITEM,
                headers(
                        "ce_specversion",
                        "1.0",
                        "ce_id",
                        "evt-1",
                        "ce_source",
                        "/ci/pipeline",
                        "ce_type",
                        "dev.baton.item.submit",
                        "ce_subject",
                        "parser",
                        "ce_time",
                        "2026-02-05T09:12:07+01:00",
                        "content-type",
                        "application/json; charset=utf-8"));

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
        final Reading reading = read(
                structured(",\"datacontenttype\":\"application/json\"", ITEM),
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
                .isInstanceOfSatisfying(
                        Reading.Submission.class, s -> assertThat(s.mode()).isEqualTo(Mode.STRUCTURED));
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
                .isEqualTo(
                        "$ is not a CloudEvent: no ce_ headers, and the value is not a JSON object with specversion");
    }

    @Test
    void eachMissingBinaryAttributeIsNamedByItsHeader() {
        assertThat(refusal(ITEM, binary(CloudEventReader.SUBMIT_TYPE, "ce_type")))
                .isEqualTo("ce_type is required");
        assertThat(refusal(ITEM, binary(CloudEventReader.SUBMIT_TYPE, "ce_id"))).isEqualTo("ce_id is required");
        assertThat(refusal(ITEM, binary(CloudEventReader.SUBMIT_TYPE, "ce_source")))
                .isEqualTo("ce_source is required");
        assertThat(refusal(ITEM, binary(CloudEventReader.SUBMIT_TYPE, "ce_specversion")))
                .isEqualTo("ce_specversion is required");
    }

    @Test
    void eachMissingStructuredAttributeIsNamedByItsField() {
        assertThat(refusal(
                        "{\"specversion\":\"1.0\",\"id\":\"e\",\"source\":\"/s\",\"data\":" + ITEM + "}",
                        new RecordHeaders()))
                .isEqualTo("type is required");
        assertThat(refusal(
                        "{\"specversion\":\"1.0\",\"type\":\"dev.baton.item.submit\",\"data\":" + ITEM + "}",
                        headers("content-type", "application/cloudevents+json")))
                .isEqualTo("id is required; source is required");
    }

    @Test
    void anotherCloudEventTypeIsRefusedWithTheTypeItCarried() {
        assertThat(refusal(ITEM, binary("dev.baton.item.frobnicate", null)))
                .isEqualTo("ce_type must be dev.baton.item.submit (got \"dev.baton.item.frobnicate\")");
        assertThat(refusal(
                        structured("", ITEM).replace("dev.baton.item.submit", "com.example.order"),
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
        assertThat(refusal(
                        "{\"type\":\"build\",\"title\":\"t\",\"priority\":\"high\"}",
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
        assertThat(refusal(null, binary(CloudEventReader.SUBMIT_TYPE, null))).startsWith("data is required");
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
        assertThat(refusal(ITEM, textual))
                .isEqualTo("content-type must be application/json in binary mode" + " (got \"text/plain\")");
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
        final Reading reading =
                read("{\"type\":\"build\",\"priority\":1.5}", binary("dev.baton.item.frobnicate", "ce_source"));

        assertThat(reading).isInstanceOfSatisfying(Reading.Refused.class, refused -> {
            assertThat(refused.id()).isEqualTo("evt-1");
            assertThat(refused.reason())
                    .isEqualTo("ce_source is required; "
                            + "ce_type must be dev.baton.item.submit (got \"dev.baton.item.frobnicate\"); "
                            + "data.title is required; data.priority must be an integer");
        });
    }

    @Test
    void anOverlongIdIsRefusedLikeAnOverlongIdempotencyKey() {
        final Headers headers = binary(CloudEventReader.SUBMIT_TYPE, "ce_id");
        headers.add("ce_id", "k".repeat(Limits.MAX_REQUEST_ID + 1).getBytes(UTF_8));
        assertThat(refusal(ITEM, headers)).isEqualTo("ce_id must be at most 200 characters");
    }

    // ---------------------------------------------------------------- strict reading

    /** A binary event whose header {@code name} is replaced by {@code value}. */
    private static Headers binaryWith(String name, byte[] value) {
        final Headers headers = binary(CloudEventReader.SUBMIT_TYPE, name);
        headers.add(name, value);
        return headers;
    }

    private static Headers binaryWith(String name, String value) {
        return binaryWith(name, value.getBytes(UTF_8));
    }

    @Test
    void trailingGarbageAfterTheJsonIsRefusedInBothModes() {
        final String item = "{\"type\":\"x\",\"title\":\"y\"}";

        assertThat(refusal(item + " not json", binary(CloudEventReader.SUBMIT_TYPE, null)))
                .isEqualTo("data is not JSON: more follows the JSON value, at line 1, column 25");
        assertThat(refusal(item + " {}", binary(CloudEventReader.SUBMIT_TYPE, null)))
                .startsWith("data is not JSON: more follows the JSON value");
        assertThat(refusal(structured("", item) + " not json", headers("content-type", "application/cloudevents+json")))
                .startsWith("$ is not JSON: more follows the JSON value");
        assertThat(refusal(structured("", item) + "}", new RecordHeaders()))
                .startsWith("$ is not a CloudEvent: no ce_ headers, and the value is not JSON: more follows");
        // White space after the value is not garbage.
        assertThat(read(item + " \n\t", binary(CloudEventReader.SUBMIT_TYPE, null)))
                .isInstanceOf(Reading.Submission.class);
    }

    @Test
    void theSpecVersionMustBeExactlyOneDotZero() {
        assertThat(refusal(ITEM, binaryWith("ce_specversion", "1.0\n")))
                .isEqualTo("ce_specversion must be 1.0 (got \"1.0\\n\")");
        assertThat(refusal(ITEM, binaryWith("ce_specversion", " 1.0")))
                .isEqualTo("ce_specversion must be 1.0 (got \" 1.0\")");
        assertThat(refusal(structured("", ITEM).replace("\"1.0\"", "\"1.0\\n\""), new RecordHeaders()))
                .isEqualTo("specversion must be 1.0 (got \"1.0\\n\")");
    }

    @Test
    void theTypeMustBeExactlyTheSubmitType() {
        assertThat(refusal(ITEM, binaryWith("ce_type", CloudEventReader.SUBMIT_TYPE + " ")))
                .isEqualTo("ce_type must be dev.baton.item.submit (got \"dev.baton.item.submit \")");
        assertThat(refusal(ITEM, binaryWith("ce_type", "T".repeat(100_000))))
                .isEqualTo("ce_type must be dev.baton.item.submit (got \"" + "T".repeat(64) + "...\")");
    }

    @Test
    void theIdFollowsTheIdempotencyKeyRule() {
        final String rule = "ce_id " + Limits.REQUEST_ID_RULE + " (it is the idempotency key)";
        assertThat(refusal(ITEM, binaryWith("ce_id", "evt-1\nERROR forged"))).isEqualTo(rule);
        assertThat(refusal(ITEM, binaryWith("ce_id", " evt-1"))).isEqualTo(rule);
        assertThat(refusal(ITEM, binaryWith("ce_id", "\u00e9v\u00e9nement"))).isEqualTo(rule);
        assertThat(refusal(ITEM, binaryWith("ce_id", "   "))).isEqualTo("ce_id must not be blank");
        assertThat(refusal(structured("", ITEM).replace("\"evt-2\"", "\"a\\u0000b\""), new RecordHeaders()))
                .isEqualTo("id " + Limits.REQUEST_ID_RULE + " (it is the idempotency key)");
    }

    @Test
    void theSourceMustBeABoundedUriReference() {
        assertThat(read(ITEM, binaryWith("ce_source", "https://ci.example.com/jobs/42?x=%20#top")))
                .isInstanceOf(Reading.Submission.class);
        assertThat(read(ITEM, binaryWith("ce_source", "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66")))
                .isInstanceOf(Reading.Submission.class);
        assertThat(refusal(ITEM, binaryWith("ce_source", "/ci/\u001b[31mpipeline")))
                .startsWith("ce_source must not contain control characters");
        assertThat(refusal(ITEM, binaryWith("ce_source", "/ci pipeline")))
                .startsWith("ce_source must be a URI-reference such as /ci/pipeline");
        assertThat(refusal(ITEM, binaryWith("ce_source", "/ci/pipel\u00efne")))
                .startsWith("ce_source must be a URI-reference such as /ci/pipeline");
        assertThat(refusal(ITEM, binaryWith("ce_source", "/ci/%zz")))
                .startsWith("ce_source must be a URI-reference such as /ci/pipeline")
                .contains("at character 4");
        assertThat(refusal(ITEM, binaryWith("ce_source", "/" + "s".repeat(Limits.MAX_EVENT_SOURCE))))
                .isEqualTo("ce_source must be at most " + Limits.MAX_EVENT_SOURCE + " characters");
    }

    @Test
    void aSubjectAndATimeAreTakenOnlyWellFormed() {
        assertThat(refusal(ITEM, binaryWith("ce_subject", "line\nline")))
                .startsWith("ce_subject must not contain control characters");
        assertThat(refusal(ITEM, binaryWith("ce_subject", "s".repeat(Limits.MAX_EVENT_SUBJECT + 1))))
                .isEqualTo("ce_subject must be at most " + Limits.MAX_EVENT_SUBJECT + " characters");
        assertThat(read(ITEM, binaryWith("ce_time", "2026-02-05t09:12:07.123456z")))
                .isInstanceOf(Reading.Submission.class);
        assertThat(refusal(ITEM, binaryWith("ce_time", "2026-02-05 09:12:07Z")))
                .startsWith("ce_time must be an RFC 3339 timestamp");
        assertThat(refusal(ITEM, binaryWith("ce_time", "2026-02-30T09:12:07Z")))
                .startsWith("ce_time must be an RFC 3339 timestamp");
        assertThat(refusal(ITEM, binaryWith("ce_time", "2026-02-05T09:12:07Z\n")))
                .startsWith("ce_time must be an RFC 3339 timestamp");
    }

    @Test
    void anAttributeHeaderGivenTwiceOrNotInUtf8IsRefused() {
        final Headers twice = binary(CloudEventReader.SUBMIT_TYPE, null);
        twice.add("ce_id", "evt-other".getBytes(UTF_8));
        assertThat(refusal(ITEM, twice)).isEqualTo("ce_id must be given once (is given 2 times)");

        assertThat(refusal(ITEM, binaryWith("ce_source", new byte[] {'/', (byte) 0xC3, (byte) 0x28})))
                .isEqualTo("ce_source must be UTF-8 text");

        final Headers twoTypes = binary(CloudEventReader.SUBMIT_TYPE, null);
        twoTypes.add("content-type", "application/json".getBytes(UTF_8));
        assertThat(refusal(ITEM, twoTypes)).isEqualTo("content-type must be given once (is given 2 times)");
    }

    @Test
    void contentTypesMustBeBoundedWellFormedJsonMediaTypes() {
        final String longType = "application/json; x=" + "a".repeat(1_485);
        assertThat(longType).hasSize(1_505);
        assertThat(refusal(ITEM, binaryWith("content-type", longType)))
                .isEqualTo("content-type must be at most " + Limits.MAX_MEDIA_TYPE + " characters (is 1505)");
        assertThat(refusal(
                        structured("", ITEM),
                        headers(
                                "content-type",
                                "application/cloudevents+json; x=" + "a".repeat(Limits.MAX_MEDIA_TYPE))))
                .isEqualTo("content-type must be at most " + Limits.MAX_MEDIA_TYPE + " characters (is "
                        + (32 + Limits.MAX_MEDIA_TYPE) + ")");
        assertThat(refusal(ITEM, binaryWith("content-type", "application/json;;")))
                .startsWith("content-type must be a media type such as application/json in binary mode");
        assertThat(refusal(ITEM, binaryWith("content-type", "application/json; charset=latin1")))
                .startsWith("content-type must be UTF-8 JSON");
        assertThat(refusal(structured(",\"datacontenttype\":\"" + "a".repeat(300) + "\"", ITEM), new RecordHeaders()))
                .isEqualTo("datacontenttype must be at most " + Limits.MAX_MEDIA_TYPE + " characters");
        assertThat(read(ITEM, binaryWith("content-type", "application/vnd.example+json; charset=\"UTF-8\"")))
                .isInstanceOf(Reading.Submission.class);
    }

    @Test
    void deepNestingDuplicateFieldsAndOversizedValuesAreRefusedBeforeTheItemIsRead() {
        final String deep =
                "{\"type\":\"x\",\"title\":\"y\",\"payload\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";
        assertThat(refusal(deep, binary(CloudEventReader.SUBMIT_TYPE, null)))
                .isEqualTo("data must be nested at most " + Limits.MAX_BODY_DEPTH + " levels deep");

        assertThat(refusal(
                        structured("", ITEM).replace("\"id\":\"evt-2\"", "\"id\":\"evt-2\",\"id\":\"evt-3\""),
                        new RecordHeaders()))
                .startsWith("$ is not a CloudEvent: no ce_ headers, and the value is not JSON:")
                .contains("Duplicate field 'id'");

        assertThat(refusal("[" + "7".repeat(5_000) + "]", binary(CloudEventReader.SUBMIT_TYPE, null)))
                .startsWith("data is not JSON: ");

        final byte[] huge = new byte[Limits.MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        assertThat(CloudEventReader.read(huge, binary(CloudEventReader.SUBMIT_TYPE, null)))
                .isInstanceOfSatisfying(
                        Reading.Refused.class,
                        r -> assertThat(r.reason())
                                .isEqualTo("data must be at most " + Limits.MAX_BODY_BYTES + " bytes (is "
                                        + (Limits.MAX_BODY_BYTES + 1) + ")"));
    }

    @Test
    void theItemIsAlsoHeldToTheLimitsRules() {
        assertThat(refusal("{\"type\":\"build\",\"title\":\"\\ud800\"}", binary(CloudEventReader.SUBMIT_TYPE, null)))
                .startsWith("data.title must be well-formed Unicode");
        assertThat(refusal(
                        "{\"type\":\"build\",\"title\":\"t\",\"dependsOn\":[\"" + ItemIds.forKey("evt-1") + "\"]}",
                        binary(CloudEventReader.SUBMIT_TYPE, null)))
                .isEqualTo("data.dependsOn[0] must not be the item itself");
    }

    @Test
    void aReasonNeverCarriesRawControlCharactersFromTheRecord() {
        final String reason = refusal(ITEM, binaryWith("ce_type", "x\n2026-01-01 ERROR forged\u001b[0m"));

        assertThat(reason)
                .isEqualTo(
                        "ce_type must be dev.baton.item.submit (got \"x\\n2026-01-01 ERROR forged" + "\\u001b[0m\")");
    }
}
