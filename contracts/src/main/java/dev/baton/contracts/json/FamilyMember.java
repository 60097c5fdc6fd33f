package dev.baton.contracts.json;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.DatabindContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.annotation.JsonTypeIdResolver;
import com.fasterxml.jackson.databind.jsontype.impl.TypeIdResolverBase;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field whose type is a sealed family ({@code Reply}, {@code Command}, ...) inside a
 * record read and written by {@link Codec}: the member is written with its {@value Codec#TYPE}
 * discriminator, the simple name, exactly as {@link Codec} writes it at the top of a record. So a
 * stored value can hold, say, the reply it remembers as a typed field, not as text in text. On
 * a list, each element is written so.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@JacksonAnnotationsInside
@JsonTypeInfo(use = JsonTypeInfo.Id.CUSTOM, include = JsonTypeInfo.As.PROPERTY, property = Codec.TYPE)
@JsonTypeIdResolver(FamilyMember.SimpleNames.class)
public @interface FamilyMember {

    /** Type ids of a sealed family's members: their simple names. An unknown name is not resolved. */
    final class SimpleNames extends TypeIdResolverBase {

        private JavaType family;

        @Override
        public void init(JavaType baseType) {
            // On a list of members, Jackson hands the resolver the list's type, not the member's.
            family = baseType.isContainerType() ? baseType.getContentType() : baseType;
        }

        @Override
        public String idFromValue(Object value) {
            return value.getClass().getSimpleName();
        }

        @Override
        public String idFromValueAndType(Object value, Class<?> suggestedType) {
            return value != null ? idFromValue(value) : suggestedType.getSimpleName();
        }

        @Override
        public JavaType typeFromId(DatabindContext context, String id) {
            final Class<?>[] members = family.getRawClass().getPermittedSubclasses();
            for (Class<?> member : members == null ? new Class<?>[] {family.getRawClass()} : members) {
                if (member.getSimpleName().equals(id)) {
                    return context.constructSpecializedType(family, member);
                }
            }
            return null;
        }

        @Override
        public JsonTypeInfo.Id getMechanism() {
            return JsonTypeInfo.Id.CUSTOM;
        }
    }
}
