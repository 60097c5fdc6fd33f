package dev.baton.http.body;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.http.JsonFields;
import dev.baton.contracts.http.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictTest {

    /** A body read as a reader reads it: every field named in order, the epoch wrong in shape. */
    private static JsonFields received() {
        final JsonFields fields =
                JsonFields.parse("{\"agent\":\"a\",\"epoch\":\"one\",\"requestId\":null," + "\"progress\":\"p\"}");
        fields.string("agent", true);
        fields.requiredLong("epoch");
        fields.string("requestId", false);
        fields.string("progress", false);
        return fields;
    }

    @Test
    void aPathSegmentIsListedFirstAndAHeaderWhereTheFieldItStandsForWasRead() {
        final List<Violation> violations = Verdict.of(received())
                .first(out -> out.add(new Violation("itemId", "is wrong")))
                .after("requestId", out -> out.add(new Violation("Idempotency-Key", "is wrong")))
                .rule(List.of(new Violation("progress", "is too long"), new Violation("agent", "is wrong")))
                .violations();

        assertThat(violations)
                .extracting(Violation::field)
                .containsExactly("itemId", "agent", "epoch", "Idempotency-Key", "progress");
    }

    @Test
    void aFieldWrongInShapeIsNotNamedAgainByTheRulesNorIsAViolationFoundTwice() {
        final List<Violation> violations = Verdict.of(received())
                .check(out -> out.add(new Violation("epoch", "must be at least 0")))
                .rule(List.of(new Violation("agent", "is wrong"), new Violation("agent", "is wrong")))
                .violations();

        assertThat(violations)
                .containsExactly(new Violation("agent", "is wrong"), new Violation("epoch", "must be an integer"));
    }
}
