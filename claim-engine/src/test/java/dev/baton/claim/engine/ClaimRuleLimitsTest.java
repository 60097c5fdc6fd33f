package dev.baton.claim.engine;

import static dev.baton.claim.engine.RuleScenario.ID;
import static dev.baton.claim.engine.RuleScenario.T0;
import static dev.baton.claim.engine.RuleScenario.scenario;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.baton.contracts.command.Command;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.item.ItemSummary;
import dev.baton.contracts.item.Result;
import dev.baton.contracts.limits.Limits;
import dev.baton.contracts.reply.Reason;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rule at its edges, one scenario per test: states that would not fit one record, times near the end of time. */
class ClaimRuleLimitsTest {

    private static final Command.CompleteItem HUGE =
            new Command.CompleteItem("r", ID, "a1", 1, new Result("s", "n".repeat(1_000_000), List.of(), List.of()));

    /** Held, as an older build without today's bounds would have let it be: the grant is applied by hand. */
    private static RuleScenario heldWithPayload(int payloadCharacters) {
        final ItemSpec spec = new ItemSpec(
                "build",
                "heavy",
                JsonNodeFactory.instance.textNode("p".repeat(payloadCharacters)),
                0,
                List.of(),
                3,
                null,
                null,
                List.of());
        return scenario()
                .givenSubmitted(spec)
                .given(new ItemEvent.ItemClaimed(
                        ID, T0, ItemState.CLAIMED, "a1", 1, T0.plusSeconds(30), 1, ItemSummary.of(spec)));
    }

    @Test
    void aCompleteWhoseStateWouldOutgrowOneRecordIsRefused() {
        final RuleScenario s = scenario().givenClaimedBy("a1").when(HUGE);

        assertThat(s.thenRejected().reason()).isEqualTo(Reason.INVALID);
        assertThat(s.thenRejected().detail())
                .matches("the item's state would be 100\\d{4} bytes, over the limit of " + Limits.MAX_ITEM_STATE_BYTES
                        + " bytes");
    }

    @Test
    void aCompleteWhoseStateWouldOutgrowOneRecordIsRefusedTheSameWayEachTime() {
        final Decision refused = scenario().givenClaimedBy("a1").when(HUGE).decision();

        assertThat(scenario().givenClaimedBy("a1").when(HUGE, T0.plusSeconds(1)).decision())
                .isEqualTo(refused);
    }

    @Test
    void aGrantThatWouldGrowAnItemAlreadyOverTheBoundIsRefusedByClaimAndClaimNextAlike() {
        final ItemSpec spec = new ItemSpec(
                "build",
                "heavy",
                JsonNodeFactory.instance.textNode("p".repeat(Limits.MAX_ITEM_STATE_BYTES)),
                0,
                List.of(),
                3,
                null,
                null,
                List.of());

        final Decision claim = scenario()
                .givenSubmitted(spec)
                .when(new Command.ClaimItem("r", ID, "a1", null))
                .decision();
        final Decision next = scenario()
                .givenSubmitted(spec)
                .when(new Command.ClaimNext("r", "a1", List.of(), 1, null))
                .decision();

        assertThat(claim.rejection().detail()).startsWith("the item's state would be");
        assertThat(next).as("every way in is bounded").isEqualTo(claim);
    }

    @Test
    void aHeartbeatThatWouldGrowAnItemAlreadyOverTheBoundIsRefused() {
        assertThat(heldWithPayload(Limits.MAX_ITEM_STATE_BYTES)
                        .when(new Command.RenewLease("r", ID, "a1", 1, null, "still going"))
                        .thenRejected()
                        .detail())
                .startsWith("the item's state would be");
    }

    @Test
    void anItemAlreadyOverTheBoundMayBeCancelledSoItCanStillBeEnded() {
        final RuleScenario s =
                heldWithPayload(Limits.MAX_ITEM_STATE_BYTES).when(new Command.CancelItem("r", ID, "too big"));

        assertThat(s.decision().rejected()).isFalse();
        assertThat(s.thenItem().state()).isEqualTo(ItemState.CANCELLED);
    }

    // ---------------------------------------------------------------- the end of time

    private static final Instant END = Instant.MAX.minusMillis(500);

    @Test
    void aGrantNearTheEndOfTimeEndsAtTheEndOfTime() {
        final RuleScenario s = scenario()
                .givenSubmitted(ItemSpec.of("build", "late"), END)
                .when(new Command.ClaimItem("r", ID, "a1", 3_600), END);

        assertThat(s.thenItem().leaseUntil()).isEqualTo(Instant.MAX);
        assertThat(s.thenItem().leaseSeconds()).isZero();
    }

    @Test
    void aRetryNearTheEndOfTimeWaitsUntilTheEndOfTime() {
        final RuleScenario s = scenario()
                .givenSubmitted(ItemSpec.of("build", "late"), END)
                .givenDecided(new Command.ClaimItem("r", ID, "a1", 3_600), END)
                .when(new Command.FailItem("r", ID, "a1", 1, "boom", true), END);

        assertThat(((ItemEvent.ItemFailed) s.thenEvents().get(0)).retryAt()).isEqualTo(Instant.MAX);
    }

    @Test
    void aLeaseThatEndsAtTheEndOfTimeIsNeverDue() {
        scenario()
                .givenSubmitted(ItemSpec.of("build", "late"), END)
                .givenDecided(new Command.ClaimItem("r", ID, "a1", 3_600), END)
                .whenTimeReaches(END.plusMillis(100))
                .thenNothingHappens();
    }
}
