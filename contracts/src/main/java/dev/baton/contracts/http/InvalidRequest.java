package dev.baton.contracts.http;

import java.util.List;
import java.util.Map;

/** A request body that cannot be accepted; carries every violation found, the first one first. */
public final class InvalidRequest extends RuntimeException {

    private final transient List<Violation> violations;

    public InvalidRequest(List<Violation> violations) {
        super(violations.get(0).field() + " " + violations.get(0).message());
        this.violations = List.copyOf(violations);
    }

    public InvalidRequest(String field, String message) {
        this(List.of(new Violation(field, message)));
    }

    public List<Violation> violations() {
        return violations;
    }

    /** The 400 problem for this request: names the first offending field and lists them all. */
    public Problem problem() {
        final Violation first = violations.get(0);
        final String name = "$".equals(first.field()) ? "malformed-body" : "invalid-field";
        return Problem.of(name, "$".equals(first.field()) ? "Malformed request body" : "Invalid request", 400,
                        first.field() + " " + first.message())
                .withField(first.field())
                .withFact("violations", violations.stream()
                        .map(v -> Map.of("field", v.field(), "message", v.message())).toList());
    }
}
