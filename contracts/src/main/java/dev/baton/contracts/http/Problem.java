package dev.baton.contracts.http;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.baton.contracts.limits.Text;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem document, the body of every error answer ({@code application/problem+json}).
 * {@code field} names the offending input; {@code facts} carries the typed details of a
 * rejection (for example {@code reason}, {@code owner}, {@code leaseUntil}, {@code epoch}).
 * Nothing in a problem is a stack trace or an internal name: a caller reads what it sent wrong,
 * or that the service failed and under which id it logged why.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String field,
        @JsonIgnore Map<String, Object> facts) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://baton.dev/problems/";

    public Problem {
        // The detail and field may quote input; the answer must encode whatever they hold.
        detail = Text.wellFormed(detail);
        field = Text.wellFormed(field);
        facts = facts == null ? Map.of() : Map.copyOf(facts);
    }

    /** A problem whose type is a Baton problem name such as {@code invalid-field}. */
    public static Problem of(String name, String title, int status, String detail) {
        return new Problem(TYPE_BASE + name, title, status, detail, null, Map.of());
    }

    public Problem withField(String offendingField) {
        return new Problem(type, title, status, detail, offendingField, facts);
    }

    public Problem withFact(String name, Object value) {
        if (value == null) {
            return this;
        }
        final Map<String, Object> more = new LinkedHashMap<>(facts);
        more.put(name, value);
        return new Problem(type, title, status, detail, field, more);
    }

    @JsonAnyGetter
    public Map<String, Object> extensions() {
        return facts;
    }
}
