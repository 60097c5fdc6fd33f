package dev.baton.http.body;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contracts.http.JsonFields;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Binds a request record from a JSON object through {@link JsonFields}, one component after the
 * other in their declared order (the order an answer names the fields in), each read by its type
 * with {@code JsonFields}' readers and words: a string ("must be a string", "must not be blank"),
 * an integer, a whole number, true or false, an array of strings, an ISO-8601 instant, any JSON,
 * a nested record read from a nested object, or a list of records read from an array of objects
 * (each element's fields named {@code items[3].epoch}). A component marked {@code @Schema(required = true)}
 * is required, as the OpenAPI document says; a {@code @JsonUnwrapped} record is read from the same
 * object; a component of type {@code JsonFields} receives the reader itself. A field that is wrong
 * in shape is read as absent and its violation kept in the reader, for the rules to add theirs.
 */
public final class JsonRecords {

    private static final ClassValue<Binding> BINDINGS = new ClassValue<>() {
        @Override
        protected Binding computeValue(Class<?> type) {
            return Binding.of(type);
        }
    };

    private JsonRecords() {}

    public static <R> R read(JsonFields fields, Class<R> type) {
        return type.cast(BINDINGS.get(type).read(fields));
    }

    /** How one record type is read: a reader per component and the canonical constructor. */
    private record Binding(List<Function<JsonFields, Object>> readers, Constructor<?> constructor) {

        static Binding of(Class<?> type) {
            if (!type.isRecord()) {
                throw new IllegalArgumentException(type.getName() + " is not a record");
            }
            final RecordComponent[] components = type.getRecordComponents();
            final Class<?>[] types = new Class<?>[components.length];
            final List<Function<JsonFields, Object>> readers = new ArrayList<>();
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                readers.add(reader(type, components[i]));
            }
            try {
                return new Binding(List.copyOf(readers), type.getDeclaredConstructor(types));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("a record has its canonical constructor", e);
            }
        }

        Object read(JsonFields fields) {
            final Object[] values = new Object[readers.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = readers.get(i).apply(fields);
            }
            try {
                return constructor.newInstance(values);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        private static Function<JsonFields, Object> reader(Class<?> record, RecordComponent component) {
            final String name = component.getName();
            final Class<?> type = component.getType();
            final boolean required = required(record, name);
            if (type == JsonFields.class) {
                return fields -> fields;
            }
            if (field(record, name).isAnnotationPresent(JsonUnwrapped.class)) {
                return fields -> JsonRecords.read(fields, type);
            }
            if (type == String.class) {
                return fields -> fields.string(name, required);
            }
            if (type == Long.class && required) {
                return fields -> fields.requiredLong(name);
            }
            if (type == List.class
                    && component.getGenericType() instanceof ParameterizedType list
                    && list.getActualTypeArguments()[0] instanceof Class<?> element
                    && element.isRecord()) {
                return fields -> fields.objects(name, required).stream()
                        .map(nested -> nested == null ? null : JsonRecords.read(nested, element))
                        .toList();
            }
            if (required) {
                throw new IllegalStateException(record.getName() + "." + name
                        + ": only a string, a whole number or a list of records can be required");
            }
            if (type == Integer.class) {
                return fields -> fields.integer(name);
            }
            if (type == Boolean.class) {
                return fields -> fields.bool(name);
            }
            if (type == Instant.class) {
                return fields -> fields.instant(name);
            }
            if (type == JsonNode.class) {
                return fields -> fields.node(name);
            }
            if (type == List.class
                    && component.getGenericType() instanceof ParameterizedType list
                    && list.getActualTypeArguments()[0] == String.class) {
                return fields -> fields.strings(name);
            }
            if (type.isRecord()) {
                return fields -> {
                    final JsonFields nested = fields.object(name);
                    return nested == null ? null : JsonRecords.read(nested, type);
                };
            }
            throw new IllegalStateException(record.getName() + "." + name + ": no JSON reader for " + type.getName());
        }

        private static boolean required(Class<?> record, String name) {
            final Schema schema = field(record, name).getAnnotation(Schema.class);
            return schema != null && schema.required();
        }

        private static Field field(Class<?> record, String name) {
            try {
                return record.getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException("a record component has its field", e);
            }
        }
    }
}
