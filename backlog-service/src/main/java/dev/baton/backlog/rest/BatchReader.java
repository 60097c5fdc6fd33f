package dev.baton.backlog.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.baton.contracts.http.InvalidRequest;
import dev.baton.contracts.http.JsonFields;
import dev.baton.contracts.http.Violation;
import dev.baton.contracts.limits.Rules;
import dev.baton.http.body.JsonBodyReader;
import dev.baton.http.body.JsonRecords;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a batch: strict JSON as every body, then an array of items (or {@code {"items": [...]}}),
 * refused as a whole only when it is not one or holds too many or none. Each element is read on its
 * own as a {@link BatchItem}, so a bad one is that item's answer, not the batch's.
 */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
public class BatchReader implements MessageBodyReader<BatchRequest> {

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == BatchRequest.class;
    }

    @Override
    public BatchRequest readFrom(
            Class<BatchRequest> type,
            Type genericType,
            Annotation[] annotations,
            MediaType mediaType,
            MultivaluedMap<String, String> httpHeaders,
            InputStream entityStream)
            throws IOException {
        final JsonNode envelope = JsonFields.tree(JsonBodyReader.text(entityStream));
        final JsonNode items = envelope.isArray() ? envelope : envelope.get("items");
        if (items == null || !items.isArray()) {
            throw new InvalidRequest("items", "must be an array of items");
        }
        final List<Violation> count = new ArrayList<>();
        Rules.batch(count, "items", items.size());
        if (!count.isEmpty()) {
            throw new InvalidRequest(count);
        }
        final List<BatchItem> read = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            read.add(item(item));
        }
        return new BatchRequest(read);
    }

    private static BatchItem item(JsonNode node) {
        try {
            return JsonRecords.read(JsonFields.of(node), BatchItem.class);
        } catch (InvalidRequest notAnObject) {
            final JsonFields refused = JsonFields.of(JsonNodeFactory.instance.objectNode());
            notAnObject.violations().forEach(v -> refused.violation(v.field(), v.message()));
            return new BatchItem(null, null, refused);
        }
    }
}
