package dev.baton.contracts.http;

import java.util.List;
import java.util.Map;

/** A request body that cannot be accepted; carries every violation found, the first one first. */
public final class InvalidRequest extends ProblemException {

    /** Most violations an answer lists; an array of a million wrong elements is one mistake, not a million. */
    private static final int MAX_LISTED = 100;

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

    /** The same violations with their fields named inside {@code prefix} ({@code items[3].}), for a part of a larger request. */
    public InvalidRequest within(String prefix) {
        return new InvalidRequest(violations.stream()
                .map(v -> new Violation(prefix + v.field(), v.message()))
                .toList());
    }

    /** The 400 problem for this request: names the first offending field and lists them all. */
    @Override
    public Problem problem() {
        final Violation first = violations.get(0);
        // "$" is the body as a whole (or, inside a batch, one item of it as a whole)
        final boolean whole = "$".equals(first.field()) || first.field().endsWith(".$");
        return Problem.of(
                        whole ? "malformed-body" : "invalid-field",
                        whole ? "Malformed request body" : "Invalid request",
                        400,
                        first.field() + " " + first.message())
                .withField(first.field())
                .withFact(
                        "violations",
                        violations.stream()
                                .limit(MAX_LISTED)
                                .map(v -> Map.of("field", v.field(), "message", v.message()))
                                .toList())
                .withFact(
                        "violationsNotListed", violations.size() > MAX_LISTED ? violations.size() - MAX_LISTED : null);
    }
}
