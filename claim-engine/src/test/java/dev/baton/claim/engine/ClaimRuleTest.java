package dev.baton.claim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.baton.contracts.command.Command;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.item.ItemSummary;
import dev.baton.contracts.item.Result;
import dev.baton.contracts.limits.Limits;
import dev.baton.contracts.reply.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ownership rule alone: given events, when a command, then events or a rejection. No Kafka. */
class ClaimRuleTest {

    private static final Instant T0 = Instant.parse("2026-02-05T09:00:00Z");
    private final ClaimRule rule = new ClaimRule(Settings.defaults());

    private Item given(ItemSpec spec, ItemEvent... events) {
        Item item = ClaimRule.fold(null, rule.submit(null, new ItemEvent.ItemSubmitted("42", T0, null, spec, null), T0));
        return ClaimRule.fold(item, List.of(events));
    }

    private Item ready() {
        return given(ItemSpec.of("build", "Write the parser"));
    }

    private Item claimedBy(String agent) {
        return ClaimRule.fold(ready(), rule.claim(ready(), agent, 30, T0).events());
    }

    @Test
    void aSubmissionIsReadyUnlessItMustWait() {
        assertThat(ready().state()).isEqualTo(ItemState.READY);
        assertThat(given(ItemSpec.of("build", "later").withNotBefore(T0.plusSeconds(5))).state())
                .isEqualTo(ItemState.WAITING);
        assertThat(given(ItemSpec.of("build", "after").withDependsOn(List.of("41"))).state())
                .isEqualTo(ItemState.WAITING);
    }

    @Test
    void aGrantRaisesTheEpochAndSetsTheLease() {
        final Decision decision = rule.claim(ready(), "a1", null, T0);

        assertThat(decision.events()).singleElement().isInstanceOfSatisfying(ItemEvent.ItemClaimed.class, e -> {
            assertThat(e.epoch()).isEqualTo(1);
            assertThat(e.leaseUntil()).isEqualTo(T0.plus(Settings.defaults().defaultLease()));
            assertThat(e.attempt()).isEqualTo(1);
        });
        final Item held = ClaimRule.fold(ready(), decision.events());
        assertThat(held.owner()).isEqualTo("a1");
        assertThat(held.state()).isEqualTo(ItemState.CLAIMED);
    }

    @Test
    void theLeaseComesFromTheRequestThenTheItemThenTheDefault() {
        final Item own = given(new ItemSpec("build", "t", null, 0, null, 3, 120, null, null));

        assertThat(((ItemEvent.ItemClaimed) rule.claim(own, "a1", 10, T0).events().get(0)).leaseUntil())
                .isEqualTo(T0.plusSeconds(10));
        assertThat(((ItemEvent.ItemClaimed) rule.claim(own, "a1", null, T0).events().get(0)).leaseUntil())
                .isEqualTo(T0.plusSeconds(120));
        assertThat(rule.claim(own, "a1", 0, T0).rejection().reason()).isEqualTo(Reason.INVALID);
    }

    @Test
    void aHeldItemCannotBeClaimedAgainEvenByItsHolder() {
        final Item held = claimedBy("a1");

        assertThat(rule.claim(held, "a2", null, T0).rejection().reason()).isEqualTo(Reason.ALREADY_CLAIMED);
        assertThat(rule.claim(held, "a1", null, T0).rejection().owner()).isEqualTo("a1");
    }

    @Test
    void onlyTheHolderOfTheCurrentEpochMayCompleteAndTheCheckOrderIsEpochThenOwner() {
        final Item held = claimedBy("a1");

        assertThat(rule.complete(held, new Command.CompleteItem("r", "42", "a2", 0, null), T0).rejection().reason())
                .isEqualTo(Reason.STALE_EPOCH);
        assertThat(rule.complete(held, new Command.CompleteItem("r", "42", "a2", 1, null), T0).rejection().reason())
                .isEqualTo(Reason.NOT_OWNER);
        final Decision done = rule.complete(held, new Command.CompleteItem("r", "42", "a1", 1, Result.of("ok")), T0);
        assertThat(ClaimRule.fold(held, done.events())).satisfies(item -> {
            assertThat(item.state()).isEqualTo(ItemState.DONE);
            assertThat(item.owner()).isNull();
            assertThat(item.result().summary()).isEqualTo("ok");
        });
    }

    @Test
    void aLeaseThatRanOutIsOverEvenBeforeTheExpiryIsProcessed() {
        final Item held = claimedBy("a1");
        final Instant later = T0.plusSeconds(31);

        final List<ItemEvent> due = rule.due(held, later);
        final Item expired = ClaimRule.fold(held, due);

        assertThat(due).singleElement().isInstanceOf(ItemEvent.LeaseExpired.class);
        assertThat(expired.state()).isEqualTo(ItemState.READY);
        assertThat(expired.attempts()).isEqualTo(1);
        assertThat(rule.complete(expired, new Command.CompleteItem("r", "42", "a1", 1, null), later).rejection()
                .reason()).isEqualTo(Reason.STALE_EPOCH);
        assertThat(rule.due(held, T0.plusSeconds(29))).isEmpty();
    }

    @Test
    void aHeartbeatNeverShortensTheLease() {
        final Item held = claimedBy("a1");

        final Decision shorter = rule.renew(held, new Command.RenewLease("r", "42", "a1", 1, 5, null), T0);

        assertThat(((ItemEvent.LeaseRenewed) shorter.events().get(0)).leaseUntil()).isEqualTo(T0.plusSeconds(30));
        final Decision longer = rule.renew(held, new Command.RenewLease("r", "42", "a1", 1, null, "p"),
                T0.plusSeconds(20));
        assertThat(((ItemEvent.LeaseRenewed) longer.events().get(0)).leaseUntil()).isEqualTo(T0.plusSeconds(50));
    }

    @Test
    void backoffDoublesPerAttemptUpToTheCap() {
        final Settings settings = Settings.defaults();

        assertThat(settings.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.backoff(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.backoff(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(settings.backoff(40)).isEqualTo(settings.maxBackoff());
    }

    @Test
    void aRetryableFailureWaitsThenWakesAndTheLastAttemptIsDead() {
        final Item held = claimedBy("a1");

        final Item backingOff = ClaimRule.fold(held,
                rule.fail(held, new Command.FailItem("r", "42", "a1", 1, "boom", true), T0).events());
        assertThat(backingOff.state()).isEqualTo(ItemState.WAITING);
        assertThat(backingOff.wakeAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(backingOff.why()).isEqualTo("backoff until 2026-02-05T09:00:01Z");
        assertThat(rule.due(backingOff, T0.plusSeconds(1))).singleElement().isInstanceOf(ItemEvent.ItemBecameReady.class);

        final Item third = given(ItemSpec.of("build", "t").withMaxAttempts(1));
        final Item heldLast = ClaimRule.fold(third, rule.claim(third, "a1", null, T0).events());
        final Decision last = rule.fail(heldLast, new Command.FailItem("r", "42", "a1", 1, "boom", true), T0);
        assertThat(last.events()).extracting(e -> e.state()).containsExactly(ItemState.DEAD, ItemState.DEAD);
        assertThat(last.events().get(1)).isInstanceOfSatisfying(ItemEvent.ItemDeadLettered.class,
                e -> assertThat(e.reason()).contains("attempts exhausted (1 of 1)"));
    }

    @Test
    void releaseCountsNoAttemptAndCancelAndRedriveFollowTheStateMachine() {
        final Item held = claimedBy("a1");
        final Item released = ClaimRule.fold(held,
                rule.release(held, new Command.ReleaseItem("r", "42", "a1", 1, "busy"), T0).events());

        assertThat(released.attempts()).isZero();
        assertThat(released.state()).isEqualTo(ItemState.READY);

        final Item cancelled = ClaimRule.fold(released,
                rule.cancel(released, new Command.CancelItem("r", "42", "x"), T0).events());
        assertThat(rule.cancel(cancelled, new Command.CancelItem("r", "42", "x"), T0).rejection().reason())
                .isEqualTo(Reason.TERMINAL);
        assertThat(rule.redrive(cancelled, new Command.RedriveItem("r", "42"), T0).rejection().reason())
                .isEqualTo(Reason.NOT_DEAD);
    }

    @Test
    void aDependencyDoneClearsItADeadOneBlocksAndARepeatedNoticeChangesNothing() {
        final Item waiting = given(ItemSpec.of("build", "after").withDependsOn(List.of("a", "b")));

        final Item oneLeft = ClaimRule.fold(waiting, rule.settle(waiting, "a", ItemState.DONE, T0));
        assertThat(oneLeft.state()).isEqualTo(ItemState.WAITING);
        assertThat(oneLeft.waitingOn()).containsExactly("b");
        assertThat(rule.settle(oneLeft, "a", ItemState.DONE, T0)).isEmpty();

        final Item blocked = ClaimRule.fold(oneLeft, rule.settle(oneLeft, "b", ItemState.DEAD, T0));
        assertThat(blocked.state()).isEqualTo(ItemState.WAITING);
        assertThat(blocked.why()).isEqualTo("blocked: dependency ended without success: b");

        final Item ready = ClaimRule.fold(blocked, rule.settle(blocked, "b", ItemState.DONE, T0));
        assertThat(ready.state()).isEqualTo(ItemState.READY);
        assertThat(ready.waitingOn()).isEmpty();
        assertThat(ready.blockedBy()).isEmpty();
    }

    @Test
    void aRepeatedSubmissionChangesNothing() {
        assertThat(rule.submit(ready(), new ItemEvent.ItemSubmitted("42", T0, null, ItemSpec.of("x", "y"), null), T0))
                .isEmpty();
    }

    // ---------------------------------------------------------------- what can be stored

    private Item heldWithPayload(int payloadCharacters) {
        final ItemSpec spec = new ItemSpec("build", "heavy", JsonNodeFactory.instance.textNode(
                "p".repeat(payloadCharacters)), 0, List.of(), 3, null, null, List.of());
        // Held as an older build, without today's bounds, would have let it be: the grant is applied by hand.
        return ClaimRule.fold(given(spec), List.of(new ItemEvent.ItemClaimed("42", T0, ItemState.CLAIMED, "a1", 1,
                T0.plusSeconds(30), 1, ItemSummary.of(spec))));
    }

    @Test
    void aCompleteWhoseStateWouldOutgrowOneRecordIsRefusedTheSameWayEachTime() {
        final Item held = claimedBy("a1");
        final Command.CompleteItem huge = new Command.CompleteItem("r", "42", "a1", 1,
                new Result("s", "n".repeat(1_000_000), List.of(), List.of()));

        final Decision refused = rule.decide(held, huge, T0);

        assertThat(refused.events()).isEmpty();
        assertThat(refused.rejection().reason()).isEqualTo(Reason.INVALID);
        assertThat(refused.rejection().detail()).matches(
                "the item's state would be 100\\d{4} bytes, over the limit of " + Limits.MAX_ITEM_STATE_BYTES + " bytes");
        assertThat(rule.decide(held, huge, T0.plusSeconds(1))).isEqualTo(refused);
        assertThat(rule.complete(held, huge, T0)).as("every way in is bounded").isEqualTo(refused);
    }

    @Test
    void anItemAlreadyOverTheBoundMayChangeWithoutGrowingSoItCanStillBeEnded() {
        final Item oversized = heldWithPayload(Limits.MAX_ITEM_STATE_BYTES);

        final Decision heartbeat = rule.decide(oversized, new Command.RenewLease("r", "42", "a1", 1, null,
                "still going"), T0);
        final Decision cancel = rule.decide(oversized, new Command.CancelItem("r", "42", "too big"), T0);

        assertThat(heartbeat.rejection().detail()).startsWith("the item's state would be");
        assertThat(cancel.rejected()).isFalse();
        assertThat(ClaimRule.fold(oversized, cancel.events()).state()).isEqualTo(ItemState.CANCELLED);
    }

    @Test
    void leasesAndRetriesNearTheEndOfTimeSaturateInsteadOfOverflowing() {
        final Instant end = Instant.MAX.minusMillis(500);
        final Item ready = ClaimRule.fold(null, rule.submit(null,
                new ItemEvent.ItemSubmitted("42", end, null, ItemSpec.of("build", "late"), null), end));

        final Decision claim = rule.claim(ready, "a1", 3_600, end);
        final Item held = ClaimRule.fold(ready, claim.events());
        final Decision failed = rule.fail(held, new Command.FailItem("r", "42", "a1", 1, "boom", true), end);

        assertThat(held.leaseUntil()).isEqualTo(Instant.MAX);
        assertThat(held.leaseSeconds()).isZero();
        assertThat(((ItemEvent.ItemFailed) failed.events().get(0)).retryAt()).isEqualTo(Instant.MAX);
        assertThat(rule.due(held, end.plusMillis(100))).isEmpty();
    }

    @Test
    void aBackoffSetBeyondWhatADurationHoldsIsTheLongestWait() {
        final Duration forever = Duration.ofSeconds(Long.MAX_VALUE / 2);
        final Settings settings = new Settings(Duration.ofSeconds(30), Duration.ofHours(24), forever, forever,
                Duration.ofSeconds(3), Duration.ofHours(1), Duration.ofDays(7));

        assertThat(settings.backoff(31)).isEqualTo(forever);
        assertThat(Times.plus(T0, settings.backoff(31))).isEqualTo(Instant.MAX);
    }

    @Test
    void timeArithmeticSaturatesAtTheEdges() {
        assertThat(Times.millis(Instant.MAX)).isEqualTo(Long.MAX_VALUE);
        assertThat(Times.millis(Instant.MIN)).isEqualTo(Long.MIN_VALUE);
        assertThat(Times.millis(T0)).isEqualTo(T0.toEpochMilli());
        assertThat(Times.plus(Instant.MIN, Duration.ofSeconds(-1))).isEqualTo(Instant.MIN);
        assertThat(Times.minusMillis(-5, Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Long.MIN_VALUE);
        assertThat(Times.minusMillis(Long.MIN_VALUE + 5, Duration.ofMillis(10))).isEqualTo(Long.MIN_VALUE);
        assertThat(Times.minusMillis(1_000, Duration.ofMillis(10))).isEqualTo(990);
        assertThat(Times.secondsBetween(Instant.MIN, Instant.MAX)).isEqualTo(Integer.MAX_VALUE);
    }
}
