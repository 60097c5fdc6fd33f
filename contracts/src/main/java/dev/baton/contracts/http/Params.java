package dev.baton.contracts.http;

import dev.baton.contracts.limits.Rules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The values of a request that are not in its body: path segments, query parameters, headers.
 * They arrive as text; this reads them as numbers or names, checks them through the rules, and
 * reports every one that is wrong together, each under its own name. Query parameters are taken
 * as strings and read here rather than converted by the framework, whose failure would be a bare
 * 404 that names nothing.
 */
public final class Params {

    private final List<Violation> violations = new ArrayList<>();

    /** Runs a rule and keeps what it finds: {@code params.check(out -> Rules.itemId(out, "id", id))}. */
    public Params check(Consumer<List<Violation>> rule) {
        rule.accept(violations);
        return this;
    }

    /** An optional integer within bounds; {@code null} when absent or wrong. */
    public Integer integer(String name, String raw, int min, int max) {
        final Long value = longValue(name, raw, min, max);
        return value == null ? null : value.intValue();
    }

    /** An optional whole number within bounds; {@code null} when absent or wrong. */
    public Long longValue(String name, String raw, long min, long max) {
        if (raw == null) {
            return null;
        }
        final long value;
        try {
            value = Long.parseLong(raw.strip());
        } catch (NumberFormatException e) {
            violations.add(new Violation(name, "must be an integer"));
            return null;
        }
        final int before = violations.size();
        Rules.between(violations, name, value, min, max);
        return violations.size() == before ? value : null;
    }

    /** An optional {@code true} or {@code false}; {@code null} when absent or wrong. */
    public Boolean bool(String name, String raw) {
        if (raw == null) {
            return null;
        }
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                violations.add(new Violation(name, "must be true or false"));
                yield null;
            }
        };
    }

    /** An optional constant of {@code type}, named in any case; {@code null} when absent, blank or wrong. */
    public <E extends Enum<E>> E oneOf(String name, String raw, Class<E> type) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            violations.add(new Violation(name, "must be one of " + Arrays.toString(type.getEnumConstants())));
            return null;
        }
    }

    public List<Violation> violations() {
        return List.copyOf(violations);
    }

    /** Throws {@link InvalidRequest} if any value was wrong. */
    public void done() {
        if (!violations.isEmpty()) {
            throw new InvalidRequest(violations);
        }
    }
}
