package dev.baton.contracts.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Reads and writes one family of records as JSON objects with an explicit type discriminator
 * ({@code "@type"}: the record's simple name) and a schema version ({@code "@v"}).
 *
 * <p>A family is a record, or a sealed interface whose permitted records are its members.
 * Reading never throws: anything unreadable (not JSON, not an object, an unknown type, a newer
 * schema version, a field of the wrong type) comes back as {@link Decoded.Failed} with the reason.
 */
public final class Codec<T> {

    public static final String TYPE = "@type";
    public static final String VERSION = "@v";
    /** The schema version this build writes and the newest it reads. */
    public static final int SCHEMA_VERSION = 1;

    private final Class<T> family;
    private final Map<String, Class<? extends T>> members = new LinkedHashMap<>();
    private final ObjectMapper mapper = Json.mapper();

    private Codec(Class<T> family) {
        this.family = family;
        if (family.isSealed()) {
            for (Class<?> member : family.getPermittedSubclasses()) {
                members.put(member.getSimpleName(), member.asSubclass(family));
            }
        } else {
            members.put(family.getSimpleName(), family);
        }
    }

    public static <T> Codec<T> of(Class<T> family) {
        return new Codec<>(Objects.requireNonNull(family, "family"));
    }

    public Class<T> family() {
        return family;
    }

    public byte[] encode(T value) {
        Objects.requireNonNull(value, "value");
        final String name = value.getClass().getSimpleName();
        if (members.get(name) != value.getClass()) {
            throw new IllegalArgumentException(value.getClass() + " is not a member of " + family.getName());
        }
        final ObjectNode node = mapper.createObjectNode();
        node.put(TYPE, name);
        node.put(VERSION, SCHEMA_VERSION);
        node.setAll((ObjectNode) mapper.valueToTree(value));
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new SerializationException("cannot write " + name, e);
        }
    }

    public Decoded<T> decode(byte[] raw) {
        if (raw == null || raw.length == 0) {
            return new Decoded.Failed<>("empty record", raw);
        }
        final JsonNode tree;
        try {
            tree = mapper.readTree(raw);
        } catch (IOException e) {
            return new Decoded.Failed<>("not JSON: " + firstLine(e.getMessage()), raw);
        }
        if (tree == null || !tree.isObject()) {
            return new Decoded.Failed<>("not a JSON object", raw);
        }
        final JsonNode type = tree.get(TYPE);
        if (type == null || !type.isTextual()) {
            return new Decoded.Failed<>("missing type discriminator \"" + TYPE + "\"", raw);
        }
        final Class<? extends T> member = members.get(type.asText());
        if (member == null) {
            return new Decoded.Failed<>("unknown type \"" + type.asText() + "\" for " + family.getSimpleName(), raw);
        }
        final JsonNode version = tree.get(VERSION);
        if (version == null || !version.canConvertToInt()) {
            return new Decoded.Failed<>("missing schema version \"" + VERSION + "\"", raw);
        }
        if (version.asInt() < 1 || version.asInt() > SCHEMA_VERSION) {
            return new Decoded.Failed<>(
                    "unsupported schema version " + version.asInt() + " (this build reads up to " + SCHEMA_VERSION
                            + ")",
                    raw);
        }
        final ObjectNode body = ((ObjectNode) tree).deepCopy();
        body.remove(TYPE);
        body.remove(VERSION);
        try {
            return new Decoded.Ok<>(mapper.treeToValue(body, member));
        } catch (IOException | IllegalArgumentException e) {
            return new Decoded.Failed<>("invalid " + member.getSimpleName() + ": " + firstLine(e.getMessage()), raw);
        }
    }

    /** Reads a value that must be readable (a store or topic only this code writes); throws if not. */
    public T decodeOrThrow(byte[] raw) {
        final Decoded<T> decoded = decode(raw);
        if (decoded instanceof Decoded.Ok<T> ok) {
            return ok.value();
        }
        throw new SerializationException(((Decoded.Failed<T>) decoded).reason());
    }

    /** A serde for trusted data; tombstones ({@code null}) pass through as {@code null}. */
    public Serde<T> serde() {
        final Serializer<T> serializer = (topic, value) -> value == null ? null : encode(value);
        final Deserializer<T> deserializer = (topic, bytes) -> bytes == null ? null : decodeOrThrow(bytes);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    /** A serde for untrusted input: deserializing never throws; failures are values. */
    public Serde<Decoded<T>> decodingSerde() {
        final Serializer<Decoded<T>> serializer = (topic, value) -> {
            if (value == null) {
                return null;
            }
            if (value instanceof Decoded.Ok<T> ok) {
                return encode(ok.value());
            }
            return ((Decoded.Failed<T>) value).raw();
        };
        final Deserializer<Decoded<T>> deserializer = (topic, bytes) -> bytes == null ? null : decode(bytes);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        final int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
