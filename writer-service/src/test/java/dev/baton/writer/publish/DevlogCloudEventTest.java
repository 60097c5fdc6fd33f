package dev.baton.writer.publish;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.contracts.catalog.Topics;
import dev.baton.contracts.json.Json;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

class DevlogCloudEventTest {

    private static PublishedPost post(String publishedAt) {
        return new PublishedPost(
                LocalDate.parse("2026-02-05"),
                "2026-02-05-devlog",
                "Devlog: 2026-02-05",
                "Builds \u00e9t\u00e9 \"quoted\"",
                List.of("devlog", "locking"),
                2,
                List.of("a", "b"),
                "hash",
                "---\nslug: x\n",
                "---\nslug: x\n<Mdx/>",
                Instant.parse(publishedAt),
                "writer-local-1a2b3c4d");
    }

    @Test
    void theEventCarriesEveryAttributeAndDataFieldConsumersRead() throws Exception {
        // given
        final PublishedPost post = post("2026-02-05T23:50:00.412Z");

        // when
        final JsonNode event = Json.mapper().readTree(DevlogCloudEvent.encode(post));

        // then: the attributes and data the hand-written event had, no more and no fewer
        final ObjectNode expected = Json.mapper()
                .createObjectNode()
                .put("specversion", "1.0")
                .put("id", "2026-02-05-devlog/v2")
                .put("source", "/baton/writer-service")
                .put("type", "dev.baton.devlog.published")
                .put("subject", "2026-02-05-devlog")
                .put("time", "2026-02-05T23:50:00.412Z")
                .put("datacontenttype", "application/json");
        expected.set("data", Json.mapper().valueToTree(post));
        assertThat(event).isEqualTo(expected);
    }

    @Test
    void theEventIsWrittenAsTheReadmeShowsIt() {
        final String json = new String(DevlogCloudEvent.encode(post("2026-02-05T23:50:00.412Z")), UTF_8);

        assertThat(json)
                .startsWith(
                        "{\"specversion\":\"1.0\",\"id\":\"2026-02-05-devlog/v2\","
                                + "\"source\":\"/baton/writer-service\",\"type\":\"dev.baton.devlog.published\","
                                + "\"datacontenttype\":\"application/json\",\"subject\":\"2026-02-05-devlog\","
                                + "\"time\":\"2026-02-05T23:50:00.412Z\",\"data\":{\"date\":\"2026-02-05\",\"slug\":\"2026-02-05-devlog\",")
                .contains("\"description\":\"Builds \u00e9t\u00e9 \\\"quoted\\\"\"")
                .endsWith("\"publishedAt\":\"2026-02-05T23:50:00.412Z\",\"publishedBy\":\"writer-local-1a2b3c4d\"}}");
    }

    @Test
    void theTimeIsThePublicationInstantAtAnyPrecision() throws Exception {
        for (String at :
                List.of("2026-02-05T23:50:00Z", "2026-02-05T23:50:00.410Z", "2026-02-05T23:50:00.123456789Z")) {
            final JsonNode event = Json.mapper().readTree(DevlogCloudEvent.encode(post(at)));

            assertThat(Instant.parse(event.path("time").asText())).as(at).isEqualTo(Instant.parse(at));
            assertThat(event.path("data").path("publishedAt").asText()).isEqualTo(at);
        }
    }

    @Test
    void theRecordIsKeyedByTheSlugOnDevlogPostsAndSaysItIsAStructuredCloudEventOnce() {
        // given
        final PublishedPost post = post("2026-02-05T23:50:00.412Z");

        // when
        final ProducerRecord<String, byte[]> record = DevlogCloudEvent.record(post);

        // then
        assertThat(record.topic()).isEqualTo(Topics.DEVLOG_POSTS.name());
        assertThat(record.key()).isEqualTo(post.slug());
        assertThat(record.value()).isEqualTo(DevlogCloudEvent.encode(post));
        assertThat(record.headers().toArray()).extracting(Header::key).containsExactly("content-type");
        assertThat(new String(record.headers().lastHeader("content-type").value(), UTF_8))
                .isEqualTo("application/cloudevents+json");
        assertThat(DevlogCloudEvent.decode(record.value())).isEqualTo(post);
    }

    @Test
    void aRecordOfTheRightTypeThatIsNoCloudEventIsRefusedWithTheReason() {
        assertThatThrownBy(() -> DevlogCloudEvent.decode(
                        ("{\"type\":\"dev.baton.devlog.published\"," + "\"data\":{\"slug\":\"s\"}}").getBytes(UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a CloudEvent: Missing mandatory specversion attribute");
        assertThatThrownBy(() -> DevlogCloudEvent.decode(("{\"specversion\":\"1.0\",\"id\":\"i\",\"source\":\"/s\","
                                + "\"type\":\"dev.baton.devlog.published\",\"data\":{\"version\":\"two\"}}")
                        .getBytes(UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("data is not a devlog post: ");
        assertThatThrownBy(() -> DevlogCloudEvent.decode(("{\"specversion\":\"1.0\",\"id\":\"i\",\"source\":\"/s\","
                                + "\"type\":\"dev.baton.devlog.published\"}")
                        .getBytes(UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data has no slug or date");
    }

    @Test
    void whateverARecordHoldsReadingItEitherGivesAPostOrSaysWhyNot() {
        // given: a seeded stream of events broken in the ways the SDK reads differently
        final long seed = Long.getLong("baton.fuzz.seed", new Random().nextLong());
        final Random random = new Random(seed);
        final String valid = new String(DevlogCloudEvent.encode(post("2026-02-05T23:50:00.412Z")), UTF_8);
        final List<String[]> swaps = List.of(
                new String[] {"\"specversion\":\"1.0\"", "\"specversion\":\"0.3\""},
                new String[] {"\"specversion\":\"1.0\"", "\"specversion\":1.0"},
                new String[] {"\"id\":\"2026-02-05-devlog/v2\"", "\"id\":null"},
                new String[] {"\"source\":\"/baton/writer-service\"", "\"source\":\"a b\""},
                new String[] {"\"time\":\"2026-02-05T23:50:00.412Z\"", "\"time\":\"yesterday\""},
                new String[] {"\"datacontenttype\":\"application/json\"", "\"datacontenttype\":\"text/plain\""},
                new String[] {"\"subject\":", "\"rate\":1.5,\"x-trace\":{},\"seq\":12345678901,\"subject\":"},
                new String[] {"\"data\":{", "\"data_base64\":\"e30=\",\"data\":{"},
                new String[] {"\"version\":2", "\"version\":\"two\""},
                new String[] {"\"date\":\"2026-02-05\"", "\"date\":[]"});

        for (int n = 0; n < 500; n++) {
            final byte[] value = switch (random.nextInt(3)) {
                case 0 -> {
                    final String[] swap = swaps.get(random.nextInt(swaps.size()));
                    yield valid.replace(swap[0], swap[1]).getBytes(UTF_8);
                }
                case 1 -> valid.substring(0, random.nextInt(valid.length())).getBytes(UTF_8);
                default -> {
                    final byte[] bytes = valid.getBytes(UTF_8);
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                    yield bytes;
                }
            };

            // when / then
            try {
                assertThat(DevlogCloudEvent.decode(value).slug()).isNotBlank();
            } catch (IllegalArgumentException refused) {
                assertThat(refused.getMessage())
                        .as("seed %d: %s", seed, new String(value, UTF_8))
                        .isNotBlank();
            }
        }
    }
}
