package dev.baton.backlog.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.backlog.ingest.CloudEventReader.Reading;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/**
 * Why the ingest reads CloudEvents itself rather than through the CloudEvents SDK (4.0.1): each
 * test reads one record with the SDK's readers, {@link KafkaMessageFactory} for binary mode and
 * {@link JsonFormat} for structured mode, and with {@link CloudEventReader}. Where the SDK takes
 * what Baton refuses, it has already lost what the reason must quote (the repeated header, the
 * bytes, the text as written); where it refuses, it stops at the first problem, in its own words,
 * before the item is read. Either way a dead letter's reason would change. Should one of these
 * start failing after an SDK upgrade, that rule may be able to move behind the SDK.
 */
class CloudEventSdkContrastTest {

    private static final String ITEM = "{\"type\":\"build\",\"title\":\"Write the parser\"}";

    private static Headers binary(String... replaced) {
        final RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", "1.0".getBytes(UTF_8));
        headers.add("ce_id", "evt-1".getBytes(UTF_8));
        headers.add("ce_source", "/ci/pipeline".getBytes(UTF_8));
        headers.add("ce_type", CloudEventReader.SUBMIT_TYPE.getBytes(UTF_8));
        headers.add("content-type", "application/json".getBytes(UTF_8));
        for (int i = 0; i < replaced.length; i += 2) {
            headers.remove(replaced[i]);
            if (replaced[i + 1] != null) {
                headers.add(replaced[i], replaced[i + 1].getBytes(UTF_8));
            }
        }
        return headers;
    }

    private static CloudEvent sdk(Headers headers, String value) {
        return KafkaMessageFactory.createReader(headers, value.getBytes(UTF_8)).toEvent();
    }

    private static CloudEvent sdk(String structured) {
        return new JsonFormat().deserialize(structured.getBytes(UTF_8));
    }

    private static String baton(Headers headers, String value) {
        final Reading reading = CloudEventReader.read(value.getBytes(UTF_8), headers);
        assertThat(reading).isInstanceOf(Reading.Refused.class);
        return ((Reading.Refused) reading).reason();
    }

    private static String structured(String attributes, String data) {
        return "{\"specversion\":\"1.0\",\"id\":\"evt-2\",\"source\":\"/ci/pipeline\",\"type\":\""
                + CloudEventReader.SUBMIT_TYPE + "\"" + attributes + ",\"data\":" + data + "}";
    }

    @Test
    void theSdkTakesTheLastOfTwoIdHeadersAndUndecodableBytesWhereBatonRefusesThem() {
        // given
        final Headers twice = binary();
        twice.add("ce_id", "evt-other".getBytes(UTF_8));
        final Headers latin1 = binary("ce_source", null);
        latin1.add("ce_source", new byte[] {'/', (byte) 0xC3, (byte) 0x28});

        // then: two ids name two items, and a replacement character is no source
        assertThat(sdk(twice, ITEM).getId()).isEqualTo("evt-other");
        assertThat(baton(twice, ITEM)).isEqualTo("ce_id must be given once (is given 2 times)");
        assertThat(sdk(latin1, ITEM).getSource().toString()).isEqualTo("/\ufffd(");
        assertThat(baton(latin1, ITEM)).isEqualTo("ce_source must be UTF-8 text");
    }

    @Test
    void theSdkReadsTheSpecVersionBeforeAnyAttributeAndTakesZeroDotThree() {
        final Headers newline = binary("ce_specversion", "1.0\n", "ce_type", null);

        assertThatThrownBy(() -> sdk(newline, ITEM))
                .isInstanceOf(CloudEventRWException.class)
                .hasMessage("Invalid specversion: 1.0\n");
        assertThat(baton(newline, ITEM)).isEqualTo("ce_specversion must be 1.0 (got \"1.0\\n\"); ce_type is required");

        final Headers old = binary("ce_specversion", "0.3");
        assertThat(sdk(old, ITEM).getSpecVersion()).isEqualTo(SpecVersion.V03);
        assertThat(baton(old, ITEM)).isEqualTo("ce_specversion must be 1.0 (got \"0.3\")");
    }

    @Test
    void theSdkNamesOnlyTheFirstMissingAttributeAndNeverTheItem() {
        final Headers headers = binary("ce_source", null, "ce_type", null);
        final String item = "{\"type\":\"build\",\"priority\":1.5}";

        assertThatThrownBy(() -> sdk(headers, item)).hasMessage("Attribute 'source' cannot be null");
        assertThat(baton(headers, item))
                .isEqualTo("ce_source is required; ce_type is required; "
                        + "data.title is required; data.priority must be an integer");
    }

    @Test
    void theSdkTakesATimeWithoutSecondsAndAValueWithTrailingContent() {
        final Headers minutes = binary("ce_time", "2026-02-05T09:12Z");
        assertThat(sdk(minutes, ITEM).getTime()).isNotNull();
        assertThat(baton(minutes, ITEM)).startsWith("ce_time must be an RFC 3339 timestamp");

        // The SDK keeps binary data as bytes and never parses them.
        assertThat(sdk(binary(), ITEM + " not json").getData().toBytes())
                .isEqualTo((ITEM + " not json").getBytes(UTF_8));
        assertThat(baton(binary(), ITEM + " not json")).startsWith("data is not JSON: more follows the JSON value");
    }

    @Test
    void aHeaderWithoutAValueMakesTheSdkThrowWhereBatonNamesIt() {
        final Headers headers = binary("ce_specversion", null);
        headers.add("ce_specversion", null);

        assertThatThrownBy(() -> sdk(headers, ITEM)).isInstanceOf(NullPointerException.class);
        assertThat(baton(headers, ITEM)).isEqualTo("ce_specversion is required");
    }

    @Test
    void theSdkJsonFormatTakesDuplicateFieldsTrailingContentAndBase64Data() {
        final String duplicate = structured("", ITEM).replace("\"id\":\"evt-2\"", "\"id\":\"evt-2\",\"id\":\"evt-3\"");
        assertThat(sdk(duplicate).getId()).isEqualTo("evt-3");
        assertThat(baton(new RecordHeaders(), duplicate)).contains("Duplicate field 'id'");

        assertThat(sdk(structured("", ITEM) + " not json").getData()).isInstanceOf(JsonCloudEventData.class);
        assertThat(baton(new RecordHeaders(), structured("", ITEM) + " not json"))
                .startsWith("$ is not a CloudEvent: no ce_ headers, and the value is not JSON: more follows");

        final String base64 = structured("", ITEM).replace(",\"data\":" + ITEM, ",\"data_base64\":\"e30=\"");
        assertThat(sdk(base64).getData().toBytes()).isEqualTo("{}".getBytes(UTF_8));
        assertThat(baton(new RecordHeaders(), base64)).startsWith("data_base64 is not taken");
    }

    @Test
    void theSdkJsonFormatStopsAtTheFirstBadAttributeInItsOwnWords() {
        final String event = structured("", ITEM).replace("\"1.0\"", "1.0").replace("\"id\":\"evt-2\",", "");

        assertThatThrownBy(() -> sdk(event))
                .isInstanceOf(EventDeserializationException.class)
                .hasMessageContaining("Wrong type NUMBER for attribute specversion, expecting STRING");
        assertThat(baton(new RecordHeaders(), event)).isEqualTo("specversion must be a string; id is required");
    }

    @Test
    void theSdkRefusesExtensionsBatonLeavesAlone() {
        final Headers dashed = binary("ce_x-trace", "abc");
        assertThatThrownBy(() -> sdk(dashed, ITEM)).hasMessage("Invalid extensions name: x-trace");
        assertThat(CloudEventReader.read(ITEM.getBytes(UTF_8), dashed)).isInstanceOf(Reading.Submission.class);

        final String fractional = structured(",\"rate\":1.5", ITEM);
        assertThatThrownBy(() -> sdk(fractional)).isInstanceOf(EventDeserializationException.class);
        assertThat(CloudEventReader.read(fractional.getBytes(UTF_8), new RecordHeaders()))
                .isInstanceOf(Reading.Submission.class);
    }
}
