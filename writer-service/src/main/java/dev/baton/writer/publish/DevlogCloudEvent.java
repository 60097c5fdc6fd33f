package dev.baton.writer.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.contracts.catalog.Topics;
import dev.baton.contracts.json.Json;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.CloudEventUtils;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.data.PojoCloudEventData;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.jackson.PojoCloudEventDataMapper;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.io.IOException;
import java.net.URI;
import java.time.ZoneOffset;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The record a post is published as on {@code devlog-posts}: a CloudEvent 1.0 in structured JSON
 * mode (content type {@code application/cloudevents+json}), keyed by the slug, type {@value #TYPE},
 * source {@value #SOURCE}, id {@code <slug>/v<version>}, subject the slug, time the publication,
 * and the {@link PublishedPost} as {@code application/json} {@code data}.
 *
 * <p>The CloudEvents SDK builds, writes and reads the envelope; Baton's mapper writes and reads
 * the post inside it, so {@code data} is the same JSON the post has everywhere else.
 */
public final class DevlogCloudEvent {

    public static final String TYPE = "dev.baton.devlog.published";
    public static final String CONTENT_TYPE = JsonFormat.CONTENT_TYPE;
    public static final String SOURCE = "/baton/writer-service";

    private static final URI SOURCE_URI = URI.create(SOURCE);
    private static final JsonFormat FORMAT = new JsonFormat();
    /** Baton's JSON settings, knowing the SDK's CloudEvent reader. */
    private static final ObjectMapper MAPPER =
            Json.configure(new ObjectMapper()).registerModule(JsonFormat.getCloudEventJacksonModule());

    private static final PojoCloudEventDataMapper<PublishedPost> POST =
            PojoCloudEventDataMapper.from(MAPPER, PublishedPost.class);

    private DevlogCloudEvent() {}

    /** The event that publishes {@code post}. */
    public static CloudEvent of(PublishedPost post) {
        return CloudEventBuilder.v1()
                .withId(post.slug() + "/v" + post.version())
                .withSource(SOURCE_URI)
                .withType(TYPE)
                .withSubject(post.slug())
                .withTime(post.publishedAt().atOffset(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withData(JsonCloudEventData.wrap(MAPPER.valueToTree(post)))
                .build();
    }

    /** The record that publishes {@code post}: its event in structured mode, with its content type header. */
    public static ProducerRecord<String, byte[]> record(PublishedPost post) {
        return KafkaMessageFactory.createWriter(Topics.DEVLOG_POSTS.name(), post.slug())
                .writeStructured(of(post), FORMAT);
    }

    /** The value of {@link #record}. */
    public static byte[] encode(PublishedPost post) {
        return FORMAT.serialize(of(post));
    }

    /**
     * The post a record carries.
     *
     * @throws IllegalArgumentException naming what is wrong, when the record is not such an event
     */
    public static PublishedPost decode(byte[] value) {
        final JsonNode tree;
        try {
            tree = MAPPER.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        // Looked at before the SDK reads the envelope, so another kind of record is named by its type.
        if (!TYPE.equals(tree.path("type").asText())) {
            throw new IllegalArgumentException("type is '" + tree.path("type").asText() + "', not " + TYPE);
        }
        final CloudEvent event;
        final PojoCloudEventData<PublishedPost> data;
        try {
            event = MAPPER.treeToValue(tree, CloudEvent.class);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("not a CloudEvent: " + cause(e));
        }
        try {
            data = CloudEventUtils.mapData(event, POST);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("data is not a devlog post: " + cause(e));
        }
        final PublishedPost post = data == null ? null : data.getValue();
        if (post == null || post.slug() == null || post.date() == null) {
            throw new IllegalArgumentException("data has no slug or date");
        }
        return post;
    }

    /** What Jackson said, beneath the SDK's wrapping; else the failure's own words. */
    private static String cause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof JsonProcessingException json) {
                return json.getOriginalMessage();
            }
        }
        return failure.getMessage();
    }
}
