package dev.baton.backlog.submit;

import java.util.List;

/** A submission that cannot be accepted; carries every violation found, first one first. */
public final class InvalidSubmission extends RuntimeException {

    private final transient List<Violation> violations;

    public InvalidSubmission(List<Violation> violations) {
        super(violations.get(0).field() + ": " + violations.get(0).message());
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
