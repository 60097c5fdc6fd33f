package dev.baton.claim.engine;

import static dev.baton.claim.engine.RuleScenario.ID;
import static dev.baton.claim.engine.RuleScenario.T0;
import static dev.baton.claim.engine.RuleScenario.scenario;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.command.Command;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.item.Result;
import dev.baton.contracts.reply.Reason;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ownership rule alone, one scenario per test: given events, when a command, then events or a rejection. */
class ClaimRuleTest {

    private static Command.CompleteItem complete(String agent, long epoch) {
        return new Command.CompleteItem("r", ID, agent, epoch, null);
    }

    private static Command.FailItem failRetryable(String agent, long epoch) {
        return new Command.FailItem("r", ID, agent, epoch, "boom", true);
    }

    // ---------------------------------------------------------------- submission

    @Test
    void aSubmissionIsReadyAtOnce() {
        assertThat(scenario()
                        .whenSubmitted(ItemSpec.of("build", "Write the parser"))
                        .thenItem()
                        .state())
                .isEqualTo(ItemState.READY);
    }

    @Test
    void aSubmissionNotBeforeALaterTimeWaits() {
        assertThat(scenario()
                        .whenSubmitted(ItemSpec.of("build", "later").withNotBefore(T0.plusSeconds(5)))
                        .thenItem()
                        .state())
                .isEqualTo(ItemState.WAITING);
    }

    @Test
    void aSubmissionWithDependenciesWaits() {
        assertThat(scenario()
                        .whenSubmitted(ItemSpec.of("build", "after").withDependsOn(List.of("41")))
                        .thenItem()
                        .state())
                .isEqualTo(ItemState.WAITING);
    }

    @Test
    void aRepeatedSubmissionChangesNothing() {
        scenario().givenReady().whenSubmitted(ItemSpec.of("x", "y")).thenNothingHappens();
    }

    // ---------------------------------------------------------------- grants

    @Test
    void aGrantRaisesTheEpochAndSetsTheDefaultLease() {
        final RuleScenario s = scenario().givenReady().when(new Command.ClaimItem("r", ID, "a1", null));

        assertThat(s.thenEvents()).singleElement().isInstanceOfSatisfying(ItemEvent.ItemClaimed.class, e -> {
            assertThat(e.epoch()).isEqualTo(1);
            assertThat(e.leaseUntil()).isEqualTo(T0.plus(Settings.defaults().defaultLease()));
            assertThat(e.attempt()).isEqualTo(1);
        });
        assertThat(s.thenItem().owner()).isEqualTo("a1");
        assertThat(s.thenItem().state()).isEqualTo(ItemState.CLAIMED);
    }

    private static final ItemSpec OWN_LEASE = new ItemSpec("build", "t", null, 0, null, 3, 120, null, null);

    @Test
    void theLeaseARequestAsksForComesFirst() {
        assertThat(((ItemEvent.ItemClaimed) scenario()
                                .givenSubmitted(OWN_LEASE)
                                .when(new Command.ClaimItem("r", ID, "a1", 10))
                                .thenEvents()
                                .get(0))
                        .leaseUntil())
                .isEqualTo(T0.plusSeconds(10));
    }

    @Test
    void withoutARequestedLeaseTheItemsOwnApplies() {
        assertThat(((ItemEvent.ItemClaimed) scenario()
                                .givenSubmitted(OWN_LEASE)
                                .when(new Command.ClaimItem("r", ID, "a1", null))
                                .thenEvents()
                                .get(0))
                        .leaseUntil())
                .isEqualTo(T0.plusSeconds(120));
    }

    @Test
    void aLeaseOfZeroSecondsIsInvalid() {
        scenario()
                .givenSubmitted(OWN_LEASE)
                .when(new Command.ClaimItem("r", ID, "a1", 0))
                .thenRejected(Reason.INVALID);
    }

    @Test
    void aHeldItemCannotBeClaimedByAnotherAgent() {
        scenario()
                .givenClaimedBy("a1")
                .when(new Command.ClaimItem("r", ID, "a2", null))
                .thenRejected(Reason.ALREADY_CLAIMED);
    }

    @Test
    void aHeldItemCannotBeClaimedAgainEvenByItsHolder() {
        assertThat(scenario()
                        .givenClaimedBy("a1")
                        .when(new Command.ClaimItem("r", ID, "a1", null))
                        .thenRejected()
                        .owner())
                .isEqualTo("a1");
    }

    // ---------------------------------------------------------------- the holder's commands

    @Test
    void aCompleteWithAStaleEpochIsRefusedBeforeItsAgentIsLookedAt() {
        scenario().givenClaimedBy("a1").when(complete("a2", 0)).thenRejected(Reason.STALE_EPOCH);
    }

    @Test
    void aCompleteWithTheCurrentEpochFromAnotherAgentIsNotTheOwners() {
        scenario().givenClaimedBy("a1").when(complete("a2", 1)).thenRejected(Reason.NOT_OWNER);
    }

    @Test
    void theHoldersCompleteFinishesTheItemWithItsResult() {
        final Item done = scenario()
                .givenClaimedBy("a1")
                .when(new Command.CompleteItem("r", ID, "a1", 1, Result.of("ok")))
                .thenItem();

        assertThat(done.state()).isEqualTo(ItemState.DONE);
        assertThat(done.owner()).isNull();
        assertThat(done.result().summary()).isEqualTo("ok");
    }

    @Test
    void aHeartbeatNeverShortensTheLease() {
        assertThat(((ItemEvent.LeaseRenewed) scenario()
                                .givenClaimedBy("a1")
                                .when(new Command.RenewLease("r", ID, "a1", 1, 5, null))
                                .thenEvents()
                                .get(0))
                        .leaseUntil())
                .isEqualTo(T0.plusSeconds(30));
    }

    @Test
    void aLaterHeartbeatExtendsTheLeaseByTheGrantsLength() {
        assertThat(((ItemEvent.LeaseRenewed) scenario()
                                .givenClaimedBy("a1")
                                .when(new Command.RenewLease("r", ID, "a1", 1, null, "p"), T0.plusSeconds(20))
                                .thenEvents()
                                .get(0))
                        .leaseUntil())
                .isEqualTo(T0.plusSeconds(50));
    }

    @Test
    void aRetryableFailureWaitsOutItsBackoff() {
        final RuleScenario s = scenario().givenClaimedBy("a1").when(failRetryable("a1", 1));

        assertThat(s.thenItem().state()).isEqualTo(ItemState.WAITING);
        assertThat(s.thenItem().wakeAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(s.thenItem().why()).isEqualTo("backoff until 2026-02-05T09:00:01Z");
    }

    @Test
    void aBackoffOverMakesTheItemReady() {
        assertThat(scenario()
                        .givenClaimedBy("a1")
                        .givenDecided(failRetryable("a1", 1), T0)
                        .whenTimeReaches(T0.plusSeconds(1))
                        .thenEvents())
                .singleElement()
                .isInstanceOf(ItemEvent.ItemBecameReady.class);
    }

    @Test
    void aFailureOnTheLastAttemptIsDeadAndSaysWhy() {
        final RuleScenario s = scenario()
                .givenSubmitted(ItemSpec.of("build", "t").withMaxAttempts(1))
                .givenDecided(new Command.ClaimItem("r0", ID, "a1", null), T0)
                .when(failRetryable("a1", 1));

        assertThat(s.thenEvents()).extracting(ItemEvent::state).containsExactly(ItemState.DEAD, ItemState.DEAD);
        assertThat(s.thenEvents().get(1))
                .isInstanceOfSatisfying(
                        ItemEvent.ItemDeadLettered.class,
                        e -> assertThat(e.reason()).contains("attempts exhausted (1 of 1)"));
    }

    @Test
    void releaseGivesTheItemBackWithoutCountingAnAttempt() {
        final Item released = scenario()
                .givenClaimedBy("a1")
                .when(new Command.ReleaseItem("r", ID, "a1", 1, "busy"))
                .thenItem();

        assertThat(released.attempts()).isZero();
        assertThat(released.state()).isEqualTo(ItemState.READY);
    }

    // ---------------------------------------------------------------- time

    @Test
    void aLeaseRunsOutAtItsDeadlineAndTheAttemptCounts() {
        final RuleScenario s = scenario().givenClaimedBy("a1").whenTimeReaches(T0.plusSeconds(31));

        assertThat(s.thenEvents()).singleElement().isInstanceOf(ItemEvent.LeaseExpired.class);
        assertThat(s.thenItem().state()).isEqualTo(ItemState.READY);
        assertThat(s.thenItem().attempts()).isEqualTo(1);
    }

    @Test
    void aLeaseNotYetOverHasNothingDue() {
        scenario().givenClaimedBy("a1").whenTimeReaches(T0.plusSeconds(29)).thenNothingHappens();
    }

    @Test
    void theHoldersCompleteAfterItsLeaseRanOutIsStale() {
        final Instant later = T0.plusSeconds(31);

        scenario()
                .givenClaimedBy("a1")
                .givenTimeReached(later)
                .when(complete("a1", 1), later)
                .thenRejected(Reason.STALE_EPOCH);
    }

    // ---------------------------------------------------------------- operators

    @Test
    void aCancelledItemCannotBeCancelledAgain() {
        scenario()
                .givenReady()
                .givenDecided(new Command.CancelItem("r", ID, "x"), T0)
                .when(new Command.CancelItem("r", ID, "x"))
                .thenRejected(Reason.TERMINAL);
    }

    @Test
    void onlyADeadItemCanBeRedriven() {
        scenario()
                .givenReady()
                .givenDecided(new Command.CancelItem("r", ID, "x"), T0)
                .when(new Command.RedriveItem("r", ID))
                .thenRejected(Reason.NOT_DEAD);
    }

    // ---------------------------------------------------------------- dependencies

    private static Command.SettleDependency settled(String dependency, ItemState outcome) {
        return new Command.SettleDependency("s", ID, dependency, outcome);
    }

    private static RuleScenario waitingOnAAndB() {
        return scenario().givenSubmitted(ItemSpec.of("build", "after").withDependsOn(List.of("a", "b")));
    }

    @Test
    void aDependencyDoneIsClearedWhileOthersStillWait() {
        final Item oneLeft = waitingOnAAndB().when(settled("a", ItemState.DONE)).thenItem();

        assertThat(oneLeft.state()).isEqualTo(ItemState.WAITING);
        assertThat(oneLeft.waitingOn()).containsExactly("b");
    }

    @Test
    void aRepeatedDependencyNoticeChangesNothing() {
        waitingOnAAndB()
                .givenDecided(settled("a", ItemState.DONE), T0)
                .when(settled("a", ItemState.DONE))
                .thenNothingHappens();
    }

    @Test
    void aDependencyThatDiedBlocksTheItemAndSaysSo() {
        final Item blocked = waitingOnAAndB()
                .givenDecided(settled("a", ItemState.DONE), T0)
                .when(settled("b", ItemState.DEAD))
                .thenItem();

        assertThat(blocked.state()).isEqualTo(ItemState.WAITING);
        assertThat(blocked.why()).isEqualTo("blocked: dependency ended without success: b");
    }

    @Test
    void aBlockingDependencyRedrivenAndDoneMakesTheItemReady() {
        final Item ready = waitingOnAAndB()
                .givenDecided(settled("a", ItemState.DONE), T0)
                .givenDecided(settled("b", ItemState.DEAD), T0)
                .when(settled("b", ItemState.DONE))
                .thenItem();

        assertThat(ready.state()).isEqualTo(ItemState.READY);
        assertThat(ready.waitingOn()).isEmpty();
        assertThat(ready.blockedBy()).isEmpty();
    }
}
