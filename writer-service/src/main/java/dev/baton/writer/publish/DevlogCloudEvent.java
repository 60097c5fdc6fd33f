package dev.baton.writer.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.contracts.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The record a post is published as: a CloudEvent 1.0 in structured JSON mode (content type
 * {@code application/cloudevents+json}), type {@value #TYPE}, subject the slug, id
 * {@code <slug>/v<version>}, and the {@link PublishedPost} as {@code data}.
 */
public final class DevlogCloudEvent {

    public static final String TYPE = "dev.baton.devlog.published";
    public static final String CONTENT_TYPE = "application/cloudevents+json";
    public static final String SOURCE = "/baton/writer-service";

    private static final ObjectMapper MAPPER = Json.mapper();

    private DevlogCloudEvent() {
    }

    public static byte[] encode(PublishedPost post) {
        final ObjectNode event = MAPPER.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", post.slug() + "/v" + post.version());
        event.put("source", SOURCE);
        event.put("type", TYPE);
        event.put("subject", post.slug());
        event.put("time", post.publishedAt().toString());
        event.put("datacontenttype", "application/json");
        event.set("data", MAPPER.valueToTree(post));
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The post a record carries.
     *
     * @throws IllegalArgumentException naming what is wrong, when the record is not such an event
     */
    public static PublishedPost decode(byte[] value) {
        final JsonNode event;
        try {
            event = MAPPER.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        if (event == null || !event.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (!TYPE.equals(event.path("type").asText())) {
            throw new IllegalArgumentException("type is '" + event.path("type").asText() + "', not " + TYPE);
        }
        try {
            final PublishedPost post = MAPPER.treeToValue(event.path("data"), PublishedPost.class);
            if (post == null || post.slug() == null || post.date() == null) {
                throw new IllegalArgumentException("data has no slug or date");
            }
            return post;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("data is not a devlog post: " + e.getOriginalMessage());
        }
    }
}
