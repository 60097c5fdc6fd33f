package dev.baton.http.body;

import dev.baton.contracts.http.JsonFields;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

/**
 * Reads every {@link JsonBody} record, in place of a data-binding reader that would answer a
 * body's mistakes in its own words, one at a time. A body that is not one JSON object (not JSON,
 * something after the value, nested too deep) is refused at once, naming {@code $}; otherwise each
 * field is read for its shape (see {@link JsonRecords}), and what is wrong goes into the answer
 * together with what the rules find. An empty body stands for an empty object where the endpoint
 * declares its body optional ({@code @RequestBody(required = false)}). The bytes are read as
 * UTF-8 whatever the declared charset, as the endpoints always read them.
 */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
public class JsonBodyReader implements MessageBodyReader<JsonBody> {

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return JsonBody.class.isAssignableFrom(type) && type.isRecord();
    }

    @Override
    public JsonBody readFrom(
            Class<JsonBody> type,
            Type genericType,
            Annotation[] annotations,
            MediaType mediaType,
            MultivaluedMap<String, String> httpHeaders,
            InputStream entityStream)
            throws IOException {
        final String text = text(entityStream);
        final JsonFields fields = optional(annotations) ? JsonFields.parseOrEmpty(text) : JsonFields.parse(text);
        return JsonRecords.read(fields, type);
    }

    /** A body's text: UTF-8, as the endpoints always read it (a malformed byte reads as U+FFFD). */
    public static String text(InputStream entityStream) throws IOException {
        return new String(entityStream.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static boolean optional(Annotation[] annotations) {
        if (annotations != null) {
            for (Annotation annotation : annotations) {
                if (annotation instanceof RequestBody body) {
                    return !body.required();
                }
            }
        }
        return false;
    }
}
