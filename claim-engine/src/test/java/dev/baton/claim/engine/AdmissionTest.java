package dev.baton.claim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.command.Command;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.http.Violation;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.limits.Limits;
import dev.baton.contracts.reply.Reason;
import dev.baton.contracts.reply.Rejection;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the engine lets in, checked without Kafka: the door's rules, applied to every record the engine reads. */
class AdmissionTest {

    private static final Instant T0 = Instant.parse("2026-02-05T09:00:00Z");

    private static ItemEvent.ItemSubmitted submitted(String id, ItemSpec spec) {
        return new ItemEvent.ItemSubmitted(id, T0, null, spec, "req-1");
    }

    @Test
    void anOrdinarySubmissionIsLetIn() {
        assertThat(Admission.submission(submitted("42", ItemSpec.of("build", "Write the parser")), "42", T0))
                .isEmpty();
    }

    @Test
    void aSubmissionFarInTheFutureOrOnItselfOrUnderAnotherKeyIsRefusedNamingTheField() {
        final ItemSpec far = ItemSpec.of("build", "far").withNotBefore(Instant.MAX);
        final ItemSpec self = ItemSpec.of("build", "self").withDependsOn(List.of("42"));

        assertThat(Admission.submission(submitted("42", far), "42", T0))
                .extracting(Violation::field)
                .containsExactly("notBefore");
        assertThat(Admission.submission(submitted("42", self), "42", T0))
                .extracting(Violation::message)
                .containsExactly("must not be the item itself");
        assertThat(Admission.submission(submitted("42", ItemSpec.of("build", "t")), "43", T0))
                .containsExactly(new Violation("itemId", "must be the record's key"));
        assertThat(Admission.submission(submitted("42", null), "42", T0))
                .containsExactly(new Violation("spec", "is required"));
    }

    @Test
    void anIdWithNulIsRefusedBeforeAnyKeyIsBuiltFromIt() {
        final List<Violation> wrong = Admission.command(new Command.CancelItem("r-1", "a\u0000b", "x"));

        final Rejection refusal = Admission.refusal("a\u0000b", wrong);

        assertThat(wrong).containsExactly(new Violation("itemId", Limits.ITEM_ID_RULE));
        assertThat(refusal.reason()).isEqualTo(Reason.INVALID);
        assertThat(refusal.itemId()).as("the offending id is not echoed").isNull();
        assertThat(refusal.detail()).isEqualTo("itemId " + Limits.ITEM_ID_RULE);
    }

    @Test
    void theEnginesOwnNoticesBetweenTheLongestIdsAreLetIn() {
        final String a = "a".repeat(Limits.MAX_ITEM_ID);
        final String b = "b".repeat(Limits.MAX_ITEM_ID);

        assertThat(Admission.command(new Command.WatchDependency("watch:" + a + ">" + b, a, b)))
                .isEmpty();
        assertThat(Admission.command(new Command.SettleDependency(
                        "settle:" + a + ">" + b + ":" + ItemState.CANCELLED + ":" + Long.MIN_VALUE,
                        b,
                        a,
                        ItemState.CANCELLED)))
                .isEmpty();
    }

    @Test
    void everyViolationIsNamedInTheRefusalTheFirstFirst() {
        final List<Violation> wrong = Admission.command(new Command.ClaimItem("r-1", "42", "an agent", 0));

        assertThat(Admission.refusal("42", wrong).detail())
                .isEqualTo("agent " + Limits.AGENT_RULE + "; leaseSeconds must be between 1 and "
                        + Limits.MAX_LEASE_SECONDS);
    }
}
