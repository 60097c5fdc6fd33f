package dev.baton.claim.topology;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.baton.claim.engine.Settings;
import dev.baton.contracts.catalog.DeadLetters;
import dev.baton.contracts.command.Command;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.item.Result;
import dev.baton.contracts.limits.Limits;
import dev.baton.contracts.reply.Grant;
import dev.baton.contracts.reply.ReadyHint;
import dev.baton.contracts.reply.Reason;
import dev.baton.contracts.reply.Rejection;
import dev.baton.contracts.reply.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClaimTopologyTest {

    private final EngineDriver engine = new EngineDriver();

    @AfterEach
    void close() {
        engine.close();
    }

    private static Grant granted(Reply reply) {
        assertThat(reply).isInstanceOf(Reply.Granted.class);
        final List<Grant> grants = ((Reply.Granted) reply).grants();
        assertThat(grants).hasSize(1);
        return grants.get(0);
    }

    private static Rejection rejected(Reply reply) {
        assertThat(reply).isInstanceOf(Reply.Rejected.class);
        return ((Reply.Rejected) reply).rejection();
    }

    @Test
    void grantsTheItemToExactlyOneOfFiftyRacingAgents() {
        engine.submit("42", ItemSpec.of("build", "Write the parser"));

        final List<Reply> answers = new ArrayList<>();
        for (int agent = 0; agent < 50; agent++) {
            answers.add(engine.claim("42", "agent-" + agent));
        }

        final List<Reply> grants =
                answers.stream().filter(Reply.Granted.class::isInstance).toList();
        assertThat(grants).hasSize(1);
        final Grant grant = granted(grants.get(0));
        assertThat(grant.epoch()).isEqualTo(1);
        assertThat(answers.stream().filter(Reply.Rejected.class::isInstance).map(ClaimTopologyTest::rejected))
                .hasSize(49)
                .allSatisfy(r -> {
                    assertThat(r.reason()).isEqualTo(Reason.ALREADY_CLAIMED);
                    assertThat(r.owner()).isEqualTo("agent-0");
                    assertThat(r.epoch()).isEqualTo(1);
                    assertThat(r.leaseUntil()).isEqualTo(grant.leaseUntil());
                });
        assertThat(engine.events())
                .filteredOn(ItemEvent.ItemClaimed.class::isInstance)
                .hasSize(1);
    }

    @Test
    void fiftyAgentsRacingThroughClaimNextGetOneGrantBetweenThem() {
        engine.submit("42", ItemSpec.of("build", "Write the parser"));

        int granted = 0;
        for (int agent = 0; agent < 50; agent++) {
            final Reply reply = engine.next("agent-" + agent, List.of(), 1);
            granted += ((Reply.Granted) reply).grants().size();
        }

        assertThat(granted).isEqualTo(1);
    }

    @Test
    void anExpiredLeaseIsRegrantedAndTheFirstOwnersLateCompleteIsStale() {
        engine.submit("42", ItemSpec.of("build", "Write the parser"));
        final Grant first = granted(engine.claim("42", "a1", 10));

        engine.advance(Duration.ofSeconds(11));
        final Grant second = granted(engine.claim("42", "a2", 10));
        final Reply late = engine.complete("42", "a1", first.epoch());

        assertThat(second.epoch()).isEqualTo(first.epoch() + 1);
        assertThat(second.item().attempt()).isEqualTo(2);
        assertThat(rejected(late).reason()).isEqualTo(Reason.STALE_EPOCH);
        assertThat(rejected(late).epoch()).isEqualTo(second.epoch());
        assertThat(engine.complete("42", "a2", second.epoch())).isInstanceOf(Reply.Accepted.class);
        assertThat(engine.events())
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("ItemSubmitted", "ItemClaimed", "LeaseExpired", "ItemClaimed", "ItemCompleted");
    }

    @Test
    void theWallClockPunctuatorExpiresLeasesWithoutAnyCommandArriving() {
        engine.submit("42", ItemSpec.of("build", "Write the parser"));
        granted(engine.claim("42", "a1", 5));
        engine.events();

        engine.advance(Duration.ofSeconds(4));
        assertThat(engine.events()).isEmpty();
        engine.advance(Duration.ofSeconds(2));

        final List<ItemEvent> events = engine.events();
        assertThat(events).hasSize(1).first().isInstanceOfSatisfying(ItemEvent.LeaseExpired.class, e -> {
            assertThat(e.agent()).isEqualTo("a1");
            assertThat(e.attempts()).isEqualTo(1);
            assertThat(e.state()).isEqualTo(ItemState.READY);
        });
        assertThat(engine.latestClaim("42").state()).isEqualTo(ItemState.READY);
    }

    @Test
    void aLeaseThatExpiresOnItsLastAttemptMakesTheItemDead() {
        engine.submit("42", ItemSpec.of("build", "Flaky").withMaxAttempts(2));
        granted(engine.claim("42", "a1", 5));
        engine.advance(Duration.ofSeconds(6));
        granted(engine.claim("42", "a2", 5));
        engine.advance(Duration.ofSeconds(6));

        assertThat(rejected(engine.claim("42", "a3")).reason()).isEqualTo(Reason.TERMINAL);
        assertThat(engine.events())
                .last()
                .isInstanceOfSatisfying(
                        ItemEvent.ItemDeadLettered.class,
                        e -> assertThat(e.attempts()).isEqualTo(2));
    }

    @Test
    void aReplayedRequestIsAnsweredIdenticallyAndChangesNothing() {
        engine.submit("42", ItemSpec.of("build", "Write the parser"));
        final Command.ClaimItem claim = new Command.ClaimItem("r-1", "42", "a1", 30);

        final Reply first = engine.send(claim);
        engine.advance(Duration.ofSeconds(3));
        final Reply again = engine.send(claim);

        assertThat(again).isEqualTo(first);
        assertThat(engine.events())
                .filteredOn(ItemEvent.ItemClaimed.class::isInstance)
                .hasSize(1);

        final Command.CompleteItem complete = new Command.CompleteItem(
                "r-2", "42", "a1", granted(first).epoch(), dev.baton.contracts.item.Result.of("done"));
        final Reply completed = engine.send(complete);
        assertThat(engine.send(complete)).isEqualTo(completed).isInstanceOf(Reply.Accepted.class);
        assertThat(engine.events())
                .filteredOn(ItemEvent.ItemCompleted.class::isInstance)
                .hasSize(1);
    }

    @Test
    void aReplayedClaimNextReturnsTheSameGrantsInsteadOfNewOnes() {
        engine.submit("a", ItemSpec.of("build", "A"));
        engine.submit("b", ItemSpec.of("build", "B"));
        final Command.ClaimNext next = new Command.ClaimNext("r-next", "a1", List.of(), 1, null);

        final Reply first = engine.send(next);
        final Reply again = engine.send(next);

        assertThat(again).isEqualTo(first);
        assertThat(((Reply.Granted) first).grants()).hasSize(1);
        assertThat(engine.events())
                .filteredOn(ItemEvent.ItemClaimed.class::isInstance)
                .hasSize(1);
    }

    @Test
    void aRequestIdReusedForAnotherCommandIsRejected() {
        engine.submit("42", ItemSpec.of("build", "Write the parser"));
        engine.send(new Command.ClaimItem("r-1", "42", "a1", 30));

        final Reply reuse = engine.send(new Command.ClaimItem("r-1", "42", "a2", 30));

        assertThat(rejected(reuse).reason()).isEqualTo(Reason.INVALID);
        assertThat(rejected(reuse).detail()).contains("already used");
    }

    @Test
    void claimNextTakesHigherPriorityFirstThenTheOldest() {
        engine.submit("low", ItemSpec.of("build", "low").withPriority(0));
        engine.advance(Duration.ofMillis(10));
        engine.submit("high-old", ItemSpec.of("build", "high old").withPriority(5));
        engine.advance(Duration.ofMillis(10));
        engine.submit("high-new", ItemSpec.of("build", "high new").withPriority(5));
        engine.advance(Duration.ofMillis(10));
        engine.submit("negative", ItemSpec.of("build", "negative").withPriority(-3));

        final Reply reply = engine.next("a1", List.of(), 10);

        assertThat(((Reply.Granted) reply).grants())
                .extracting(Grant::itemId)
                .containsExactly("high-old", "high-new", "low", "negative");
    }

    @Test
    void claimNextOnlyOffersTheAcceptedTypesAndMergesThemInPriorityOrder() {
        engine.submit("doc", ItemSpec.of("docs", "docs").withPriority(1));
        engine.submit("build", ItemSpec.of("build", "build").withPriority(2));
        engine.submit("learn", ItemSpec.of("learn", "learn").withPriority(9));

        final Reply reply = engine.next("a1", List.of("docs", "build"), 5);

        assertThat(((Reply.Granted) reply).grants()).extracting(Grant::itemId).containsExactly("build", "doc");
        assertThat(((Reply.Granted) engine.next("a2", List.of("ops"), 5)).grants())
                .isEmpty();
        assertThat(((Reply.Granted) engine.next("a3", List.of(), 5)).grants())
                .extracting(Grant::itemId)
                .containsExactly("learn");
    }

    @Test
    void aRetryableFailureWaitsOutItsBackoffThenDiesAfterMaxAttempts() {
        engine.submit("42", ItemSpec.of("build", "Flaky").withMaxAttempts(2));
        final Grant first = granted(engine.claim("42", "a1"));

        final Reply failed = engine.fail("42", "a1", first.epoch(), true);
        assertThat(((Reply.Accepted) failed).state()).isEqualTo(ItemState.WAITING);
        final Rejection notYet = rejected(engine.claim("42", "a2"));
        assertThat(notYet.reason()).isEqualTo(Reason.NOT_READY);
        assertThat(notYet.detail()).contains("backoff until");

        engine.advance(Duration.ofMillis(1_100));
        final Grant second = granted(engine.claim("42", "a2"));
        assertThat(second.item().attempt()).isEqualTo(2);
        final Reply dead = engine.fail("42", "a2", second.epoch(), true);

        assertThat(((Reply.Accepted) dead).state()).isEqualTo(ItemState.DEAD);
        assertThat(engine.events())
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly(
                        "ItemSubmitted",
                        "ItemClaimed",
                        "ItemFailed",
                        "ItemBecameReady",
                        "ItemClaimed",
                        "ItemFailed",
                        "ItemDeadLettered");
    }

    @Test
    void aFailureThatIsNotRetryableIsDeadAtOnce() {
        engine.submit("42", ItemSpec.of("build", "Broken"));
        final Grant grant = granted(engine.claim("42", "a1"));

        final Reply dead = engine.fail("42", "a1", grant.epoch(), false);

        assertThat(((Reply.Accepted) dead).state()).isEqualTo(ItemState.DEAD);
    }

    @Test
    void releaseGivesTheItemBackWithoutCountingAnAttempt() {
        engine.submit("42", ItemSpec.of("build", "Write the parser"));
        final Grant first = granted(engine.claim("42", "a1"));

        assertThat(((Reply.Accepted) engine.release("42", "a1", first.epoch())).state())
                .isEqualTo(ItemState.READY);
        final Grant second = granted(engine.claim("42", "a2"));

        assertThat(second.item().attempt()).isEqualTo(1);
        assertThat(second.epoch()).isEqualTo(2);
        assertThat(rejected(engine.release("42", "a1", first.epoch())).reason()).isEqualTo(Reason.STALE_EPOCH);
    }

    @Test
    void aHeartbeatExtendsTheLeaseAndOnlyTheHolderOfTheCurrentEpochMaySendOne() {
        engine.submit("42", ItemSpec.of("build", "Write the parser"));
        final Grant grant = granted(engine.claim("42", "a1", 10));
        engine.advance(Duration.ofSeconds(8));

        final Reply renewed = engine.heartbeat("42", "a1", grant.epoch());
        engine.advance(Duration.ofSeconds(8));

        assertThat(((Reply.Accepted) renewed).leaseUntil())
                .isEqualTo(engine.now().minusSeconds(8).plusSeconds(10));
        assertThat(engine.latestClaim("42")).satisfies(item -> {
            assertThat(item.state()).isEqualTo(ItemState.CLAIMED);
            assertThat(item.progress()).isEqualTo("working");
        });
        assertThat(rejected(engine.heartbeat("42", "intruder", grant.epoch())).reason())
                .isEqualTo(Reason.NOT_OWNER);
        assertThat(rejected(engine.heartbeat("42", "a1", grant.epoch() - 1)).reason())
                .isEqualTo(Reason.STALE_EPOCH);
    }

    @Test
    void aClaimThatArrivesBeforeItsSubmissionIsDecidedWhenTheSubmissionArrives() {
        final Command.ClaimItem early = new Command.ClaimItem("r-early", "42", "a1", null);

        assertThat(engine.send(early)).isNull();
        engine.submit("42", ItemSpec.of("build", "Write the parser"));

        assertThat(granted(engine.replyTo("r-early")).epoch()).isEqualTo(1);
    }

    @Test
    void aCommandForAnItemThatNeverArrivesIsAnsweredUnknownAfterTheGracePeriod() {
        assertThat(engine.send(new Command.ClaimItem("r-ghost", "ghost", "a1", null)))
                .isNull();

        engine.advance(Settings.defaults().unknownGrace().plusMillis(200));

        assertThat(rejected(engine.replyTo("r-ghost")).reason()).isEqualTo(Reason.UNKNOWN_ITEM);
    }

    @Test
    void anItemNotBeforeALaterTimeWaitsUntilThen() {
        engine.submit("42", ItemSpec.of("build", "Later").withNotBefore(EngineDriver.T0.plusSeconds(60)));

        final Rejection early = rejected(engine.claim("42", "a1"));
        engine.advance(Duration.ofSeconds(61));

        assertThat(early.reason()).isEqualTo(Reason.NOT_READY);
        assertThat(early.detail()).contains("not before 2026-02-05T09:01:00Z");
        assertThat(granted(engine.claim("42", "a1")).itemId()).isEqualTo("42");
    }

    @Test
    void aCancelledItemRejectsItsHoldersCompleteAndOnlyDeadItemsAreRedriven() {
        engine.submit("42", ItemSpec.of("build", "Obsolete"));
        final Grant grant = granted(engine.claim("42", "a1"));

        assertThat(((Reply.Accepted) engine.send(new Command.CancelItem("r-c", "42", "obsolete"))).state())
                .isEqualTo(ItemState.CANCELLED);
        final Rejection late = rejected(engine.complete("42", "a1", grant.epoch()));
        assertThat(late.reason()).isEqualTo(Reason.TERMINAL);
        assertThat(late.state()).isEqualTo(ItemState.CANCELLED);
        assertThat(rejected(engine.send(new Command.RedriveItem("r-r", "42"))).reason())
                .isEqualTo(Reason.NOT_DEAD);

        engine.submit("43", ItemSpec.of("build", "Broken"));
        final Grant broken = granted(engine.claim("43", "a1"));
        engine.fail("43", "a1", broken.epoch(), false);
        assertThat(((Reply.Accepted) engine.send(new Command.RedriveItem("r-r2", "43"))).state())
                .isEqualTo(ItemState.READY);
        assertThat(granted(engine.claim("43", "a2")).item().attempt()).isEqualTo(1);
    }

    @Test
    void anUnreadableCommandGoesToTheDeadLetterTopicAndTheNextOneIsStillAnswered() {
        engine.submit("42", ItemSpec.of("build", "Write the parser"));
        engine.requests.pipeInput("42", "{\"@type\":\"ClaimItem\",\"@v\":1,\"epoch\":".getBytes(UTF_8));
        engine.requests.pipeInput("42", "{\"@type\":\"Teleport\",\"@v\":1}".getBytes(UTF_8));

        final Reply reply = engine.claim("42", "a1");

        final List<TestRecord<String, byte[]>> dead = engine.dlq.readRecordsToList();
        assertThat(dead).hasSize(2);
        assertThat(new String(
                        dead.get(0).headers().lastHeader(DeadLetters.REASON).value(), UTF_8))
                .startsWith("not JSON");
        assertThat(new String(
                        dead.get(1).headers().lastHeader(DeadLetters.REASON).value(), UTF_8))
                .contains("unknown type \"Teleport\"");
        assertThat(new String(dead.get(1).value(), UTF_8)).isEqualTo("{\"@type\":\"Teleport\",\"@v\":1}");
        assertThat(granted(reply).itemId()).isEqualTo("42");
    }

    @Test
    void theClaimsTopicCarriesTheLatestStateAndHintsFollowReadyItems() {
        engine.submit("41", ItemSpec.of("build", "Lint").withPriority(2));
        engine.submit("42", ItemSpec.of("build", "Write the parser").withPriority(7));
        assertThat(engine.hints()).last().satisfies(h -> {
            assertThat(h.readyByType()).containsEntry("build", 2);
            assertThat(h.topPriority()).containsEntry("build", 7);
        });
        engine.send(new Command.CancelItem("r-c41", "41", "not needed"));

        final Grant grant = granted(engine.claim("42", "a1"));
        assertThat(engine.hints())
                .last()
                .satisfies(h -> assertThat(h.readyByType()).doesNotContainKey("build"));
        engine.complete("42", "a1", grant.epoch());

        final Item latest = engine.latestClaim("42");
        assertThat(latest.state()).isEqualTo(ItemState.DONE);
        assertThat(latest.epoch()).isEqualTo(1);
        assertThat(latest.result().summary()).isEqualTo("done by a1");
        assertThat(latest.owner()).isNull();
    }

    @Test
    void aDependencyChainBecomesReadyLinkByLinkAsEachDependencyIsDone() {
        engine.submit("a", ItemSpec.of("build", "A"));
        engine.submit("b", ItemSpec.of("build", "B").withDependsOn(List.of("a")));
        engine.submit("c", ItemSpec.of("build", "C").withDependsOn(List.of("b")));
        engine.pumpEngineCommands();

        final Rejection notYet = rejected(engine.claim("c", "a1"));
        assertThat(notYet.reason()).isEqualTo(Reason.NOT_READY);
        assertThat(notYet.detail()).isEqualTo("waiting on b");
        assertThat(rejected(engine.claim("b", "a1")).detail()).isEqualTo("waiting on a");

        engine.complete("a", "a1", granted(engine.claim("a", "a1")).epoch());
        engine.pumpEngineCommands();
        assertThat(rejected(engine.claim("c", "a1")).reason()).isEqualTo(Reason.NOT_READY);
        engine.complete("b", "a1", granted(engine.claim("b", "a1")).epoch());
        engine.pumpEngineCommands();

        assertThat(granted(engine.claim("c", "a1")).itemId()).isEqualTo("c");
        assertThat(engine.events())
                .filteredOn(ItemEvent.DependencySettled.class::isInstance)
                .extracting(ItemEvent::itemId)
                .containsExactly("b", "c");
    }

    @Test
    void aDependencyThatDiesBlocksItsDependentUntilItIsRedrivenAndDone() {
        engine.submit("a", ItemSpec.of("build", "A"));
        engine.submit("b", ItemSpec.of("build", "B").withDependsOn(List.of("a")));
        engine.pumpEngineCommands();

        engine.fail("a", "a1", granted(engine.claim("a", "a1")).epoch(), false);
        engine.pumpEngineCommands();
        final Rejection blocked = rejected(engine.claim("b", "a1"));
        assertThat(blocked.detail()).isEqualTo("blocked: dependency ended without success: a");

        engine.send(new Command.RedriveItem("r-redrive", "a"));
        engine.complete("a", "a2", granted(engine.claim("a", "a2")).epoch());
        engine.pumpEngineCommands();

        assertThat(granted(engine.claim("b", "a1")).itemId()).isEqualTo("b");
    }

    @Test
    void aDependentSubmittedAfterItsDependencyIsDoneIsReadyAtOnce() {
        engine.submit("a", ItemSpec.of("build", "A"));
        engine.complete("a", "a1", granted(engine.claim("a", "a1")).epoch());

        engine.submit("b", ItemSpec.of("build", "B").withDependsOn(List.of("a")));
        engine.pumpEngineCommands();

        assertThat(granted(engine.claim("b", "a1")).itemId()).isEqualTo("b");
    }

    @Test
    void aFinishedItemIsForgottenAfterTheRetentionWithATombstoneOnClaims() {
        engine.submit("42", ItemSpec.of("build", "Write the parser"));
        engine.complete("42", "a1", granted(engine.claim("42", "a1")).epoch());
        engine.claims.readRecordsToList();

        engine.advance(Settings.defaults().doneRetention().minusMinutes(1));
        assertThat(rejected(engine.claim("42", "a2")).reason()).isEqualTo(Reason.TERMINAL);
        engine.advance(Duration.ofMinutes(2));

        final List<TestRecord<String, byte[]>> claims = engine.claims.readRecordsToList();
        assertThat(claims).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("42");
            assertThat(r.value()).isNull();
        });
        assertThat(engine.send(new Command.ClaimItem("r-late", "42", "a2", null)))
                .isNull();
    }

    @Test
    void aSubmissionSeenTwiceMakesOneItem() {
        engine.submit("42", ItemSpec.of("build", "Write the parser"));
        engine.submit("42", ItemSpec.of("build", "Write the parser"));

        assertThat(engine.events()).hasSize(1);
    }

    // ------------------------------------------------------------------ one record never stops or wedges it

    /** The far-future time of the issue's reproduction: {@link Instant#MAX}. */
    private static final Instant FAR = Instant.parse("+1000000000-12-31T23:59:59.999999999Z");

    /** An item as an older build, without today's limits, may have stored it. */
    private static Item storedItem(
            String id,
            ItemSpec spec,
            ItemState state,
            long epoch,
            String owner,
            Instant leaseUntil,
            Instant wakeAt,
            Instant at) {
        return new Item(
                id,
                spec,
                state,
                epoch,
                owner,
                leaseUntil,
                0,
                wakeAt,
                List.of(),
                List.of(),
                at,
                at,
                null,
                null,
                null,
                leaseUntil == null ? null : 30);
    }

    private static String reason(TestRecord<String, byte[]> deadLetter) {
        return new String(deadLetter.headers().lastHeader(DeadLetters.REASON).value(), UTF_8);
    }

    /** A result within every limit of the door (about 190 KB), for items already near the state's bound. */
    private static Result largestResult() {
        return new Result(
                "summary",
                "n".repeat(Limits.MAX_NOTES),
                List.of("tag"),
                Collections.nCopies(70, "l".repeat(Limits.MAX_LOG_LINE)));
    }

    @Test
    void aSubmissionWithAFarFutureNotBeforeIsRefusedToItsSubmitterAndNothingIsStored() {
        final Reply answer =
                engine.submitAwaited("far", ItemSpec.of("build", "far").withNotBefore(FAR));

        final Rejection refused = rejected(answer);
        assertThat(refused.reason()).isEqualTo(Reason.INVALID);
        assertThat(refused.detail()).startsWith("notBefore must be between");
        assertThat(engine.stored("far")).isNull();
        assertThat(engine.events()).isEmpty();
        assertThat(engine.latestClaim("far")).isNull();
        assertThat(engine.deadLetters())
                .as("the submitter heard it; nothing for the DLQ")
                .isEmpty();
    }

    @Test
    void aRefusedSubmissionNobodyWaitsForGoesToTheDeadLetterTopicWithTheReason() {
        engine.submit("self", ItemSpec.of("build", "Self").withDependsOn(List.of("self")));

        assertThat(engine.deadLetters()).singleElement().satisfies(dead -> {
            assertThat(dead.key()).isEqualTo("self");
            assertThat(reason(dead)).isEqualTo("refused: dependsOn[0] must not be the item itself");
        });
        assertThat(engine.stored("self")).isNull();
    }

    @Test
    void anItemStoredWithAFarFutureTimeLoadsAfterARestartAndTheEngineServes() {
        final Instant at = engine.now();
        engine.store(storedItem(
                "far-wait", ItemSpec.of("build", "far").withNotBefore(FAR), ItemState.WAITING, 0, null, null, FAR, at));
        engine.store(storedItem("far-lease", ItemSpec.of("build", "held"), ItemState.CLAIMED, 1, "a1", FAR, null, at));
        engine.store(storedItem("far-age", ItemSpec.of("build", "young"), ItemState.READY, 0, null, null, null, FAR));
        engine.store(storedItem("far-done", ItemSpec.of("build", "done"), ItemState.DONE, 1, null, null, null, FAR));
        engine.store(storedItem("no-spec", null, ItemState.READY, 0, null, null, null, at));

        engine.restart();
        engine.advance(Duration.ofSeconds(1));
        engine.submit("42", ItemSpec.of("build", "Write the parser").withPriority(1));

        assertThat(granted(engine.claim("42", "a2")).itemId()).isEqualTo("42");
        final Rejection notYet = rejected(engine.claim("far-wait", "a2"));
        assertThat(notYet.reason()).isEqualTo(Reason.NOT_READY);
        assertThat(notYet.detail()).isEqualTo("not before " + FAR);
        assertThat(rejected(engine.claim("far-lease", "a2")).reason()).isEqualTo(Reason.ALREADY_CLAIMED);
        assertThat(granted(engine.next("a3", List.of("build"), 5)).itemId()).isEqualTo("far-age");
        assertThat(((Reply.Accepted) engine.send(new Command.CancelItem("r-cancel", "far-wait", "never"))).state())
                .isEqualTo(ItemState.CANCELLED);
        engine.advance(Duration.ofSeconds(1));
        assertThat(rejected(engine.claim("far-done", "a2")).reason()).isEqualTo(Reason.TERMINAL);
        assertThat(rejected(engine.claim("no-spec", "a2")).detail())
                .isEqualTo("the engine could not apply this request (NullPointerException)");
    }

    @Test
    void aStoredItemThatCannotBeDecidedIsAnsweredWithTheReasonAndTheEngineGoesOn() {
        // Held, but without the lease deadline every holder has: what time does to it cannot be worked out.
        engine.store(storedItem(
                "broken", ItemSpec.of("build", "broken"), ItemState.CLAIMED, 1, "a1", null, null, engine.now()));
        engine.restart();
        engine.submit("42", ItemSpec.of("build", "Write the parser"));

        final Rejection refused = rejected(engine.heartbeat("broken", "a1", 1));

        assertThat(refused.reason()).isEqualTo(Reason.INVALID);
        assertThat(refused.detail()).startsWith("the engine could not apply this request");
        assertThat(reason(engine.deadLetters().get(0))).startsWith("engine error: ");
        assertThat(granted(engine.claim("42", "a2")).itemId()).isEqualTo("42");
    }

    @Test
    void aCompleteThatWouldPushTheStateOverItsLimitIsRefusedTheSameWayEachTimeAndTheItemStaysClaimed() {
        // An item an older build stored with an 800 KB payload: any result within the door's limits overflows it.
        final ItemSpec heavy = new ItemSpec(
                "build",
                "heavy",
                JsonNodeFactory.instance.textNode("p".repeat(800_000)),
                0,
                List.of(),
                3,
                null,
                null,
                List.of());
        engine.store(storedItem(
                "heavy", heavy, ItemState.CLAIMED, 1, "a1", engine.now().plusSeconds(30), null, engine.now()));
        engine.restart();
        final Command.CompleteItem complete = new Command.CompleteItem("r-heavy", "heavy", "a1", 1, largestResult());

        final Reply refused = engine.send(complete);
        final Reply replayed = engine.send(complete);
        final Reply retold = engine.send(new Command.CompleteItem("r-heavy-2", "heavy", "a1", 1, largestResult()));

        assertThat(rejected(refused).reason()).isEqualTo(Reason.INVALID);
        assertThat(rejected(refused).detail())
                .matches("the item's state would be \\d+ bytes, over the limit of " + Limits.MAX_ITEM_STATE_BYTES
                        + " bytes");
        assertThat(replayed).isEqualTo(refused);
        assertThat(rejected(retold).detail()).isEqualTo(rejected(refused).detail());
        assertThat(engine.stored("heavy")).satisfies(item -> {
            assertThat(item.state()).isEqualTo(ItemState.CLAIMED);
            assertThat(item.epoch()).isEqualTo(1);
            assertThat(item.result()).isNull();
        });
        assertThat(engine.events()).isEmpty();
        assertThat(engine.latestClaim("heavy")).isNull();
        assertThat(engine.heartbeat("heavy", "a1", 1)).isInstanceOf(Reply.Accepted.class);
        assertThat(((Reply.Accepted) engine.send(new Command.CancelItem("r-end", "heavy", "too big"))).state())
                .as("an operator can still end it")
                .isEqualTo(ItemState.CANCELLED);
    }

    @Test
    void theIssuesOversizedCompletionIsRefusedByTheRulesNamingTheFieldAndChangesNothing() {
        engine.submit("42", ItemSpec.of("build", "Write the parser"));
        final Grant grant = granted(engine.claim("42", "a1"));
        final Result huge = new Result(
                "s".repeat(100_000), "n".repeat(100_000), List.of(), Collections.nCopies(170, "l".repeat(4_000)));
        engine.events();

        final Rejection refused =
                rejected(engine.send(new Command.CompleteItem("r-huge", "42", "a1", grant.epoch(), huge)));

        assertThat(refused.reason()).isEqualTo(Reason.INVALID);
        assertThat(refused.detail()).startsWith("result.summary must be at most " + Limits.MAX_SUMMARY + " characters");
        assertThat(engine.stored("42").state()).isEqualTo(ItemState.CLAIMED);
        assertThat(engine.events()).isEmpty();
        assertThat(engine.complete("42", "a1", grant.epoch())).isInstanceOf(Reply.Accepted.class);
    }

    @Test
    void idsWithNulAreRefusedForCancelRedriveAndClaimInsteadOfLeftUnanswered() {
        final String id = "a\u0000b";

        final List<Reply> answers = List.of(
                engine.send(new Command.CancelItem("r-cancel", id, "x")),
                engine.send(new Command.RedriveItem("r-redrive", id)),
                engine.send(new Command.ClaimItem("r-claim", id, "a1", null)));

        assertThat(answers).allSatisfy(answer -> {
            assertThat(rejected(answer).reason()).isEqualTo(Reason.INVALID);
            assertThat(rejected(answer).detail()).isEqualTo("itemId " + Limits.ITEM_ID_RULE);
            assertThat(rejected(answer).itemId()).isNull();
        });
        engine.advance(Settings.defaults().unknownGrace().plusSeconds(1));
        assertThat(engine.replyTo("r-claim"))
                .as("not parked, so not answered twice")
                .isNull();
    }

    @Test
    void aNoticeBetweenPartitionsThatBreaksTheRulesGoesToTheDeadLetterTopic() {
        engine.submit("a", ItemSpec.of("build", "A"));

        engine.requests.pipeInput(
                "a",
                EngineDriver.COMMANDS.encode(new Command.WatchDependency("watch:a>x", "a", "x\u0000y")),
                engine.now());

        assertThat(engine.deadLetters())
                .singleElement()
                .satisfies(dead -> assertThat(reason(dead)).isEqualTo("refused: dependentId " + Limits.ITEM_ID_RULE));
        assertThat(granted(engine.claim("a", "a1")).itemId()).isEqualTo("a");
    }

    @Test
    void twoItemsWaitingOnEachOtherBothStayWaitingSayingSoAndTheEngineGoesOn() {
        engine.submit("a", ItemSpec.of("build", "A").withDependsOn(List.of("b")));
        engine.submit("b", ItemSpec.of("build", "B").withDependsOn(List.of("a")));
        engine.pumpEngineCommands();
        engine.advance(Duration.ofSeconds(5));
        engine.submit("c", ItemSpec.of("build", "C"));

        assertThat(rejected(engine.claim("a", "a1")).detail()).isEqualTo("waiting on b");
        assertThat(rejected(engine.claim("b", "a1")).detail()).isEqualTo("waiting on a");
        assertThat(granted(engine.next("a1", List.of(), 5)).itemId()).isEqualTo("c");

        engine.send(new Command.CancelItem("r-break", "a", "a cycle"));
        engine.pumpEngineCommands();
        assertThat(rejected(engine.claim("b", "a1")).detail())
                .isEqualTo("blocked: dependency ended without success: a");
    }

    @Test
    void claimNextStopsGrantingBeforeItsAnswerWouldOutgrowOneRecord() {
        final ItemSpec quarterMegabyte = new ItemSpec(
                "build",
                "big",
                JsonNodeFactory.instance.textNode("p".repeat(250_000)),
                0,
                List.of(),
                3,
                null,
                null,
                List.of());
        for (int i = 0; i < 5; i++) {
            engine.submit("big-" + i, quarterMegabyte);
        }

        final Reply first = engine.next("a1", List.of(), 5);
        final Reply second = engine.next("a1", List.of(), 5);

        assertThat(((Reply.Granted) first).grants()).hasSize(3);
        assertThat(((Reply.Granted) second).grants()).hasSize(2);
        assertThat(EngineDriver.REPLIES.encode(first).length).isLessThan(Limits.MAX_ITEM_STATE_BYTES);
    }

    @Test
    void aDeadLetterTooLargeForOneRecordIsCutToFitAndSaysSo() {
        final byte[] huge = ("{\"@type\":\"ClaimItem\",\"@v\":1,\"x\":\"" + "x".repeat(1_000_000)).getBytes(UTF_8);

        engine.requests.pipeInput("42", huge);

        final TestRecord<String, byte[]> dead = engine.deadLetters().get(0);
        assertThat(dead.value().length).isLessThan(Limits.MAX_DEAD_LETTER_BYTES);
        assertThat(dead.value()).startsWith(java.util.Arrays.copyOf(huge, 100));
        assertThat(reason(dead)).startsWith("not JSON").contains("(the original of " + huge.length + " bytes cut to");
    }

    @Test
    void recordsThatOnceStoppedTheEngineLeaveItAnsweringTheNextOrdinaryClaim() {
        engine.submit("42", ItemSpec.of("build", "Write the parser"));
        engine.store(storedItem(
                "heavy",
                new ItemSpec(
                        "build",
                        "heavy",
                        JsonNodeFactory.instance.textNode("p".repeat(800_000)),
                        0,
                        List.of(),
                        3,
                        null,
                        null,
                        List.of()),
                ItemState.CLAIMED,
                1,
                "a1",
                engine.now().plusSeconds(30),
                null,
                engine.now()));

        engine.submitAwaited("far", ItemSpec.of("build", "far").withNotBefore(FAR));
        engine.submit(
                "far-quiet", ItemSpec.of("build", "far").withNotBefore(Instant.parse("+292278995-01-01T00:00:00Z")));
        engine.send(new Command.CompleteItem("r-heavy", "heavy", "a1", 1, largestResult()));
        engine.send(new Command.CancelItem("r-nul", "a\u0000b", "x"));
        engine.send(new Command.ClaimItem("\ud800", "42", "a1", null));
        engine.restart();

        assertThat(granted(engine.claim("42", "a2")).itemId()).isEqualTo("42");
        assertThat(engine.stored("far")).isNull();
        assertThat(engine.stored("far-quiet")).isNull();
        assertThat(engine.stored("heavy").state()).isEqualTo(ItemState.CLAIMED);
    }

    @Test
    void aRestartServesFromTheStoredIndexesAndReadsNoItemToRebuildThem() {
        engine.submit("low", ItemSpec.of("build", "low").withPriority(1));
        engine.submit("high", ItemSpec.of("build", "high").withPriority(9));
        engine.submit("held", ItemSpec.of("docs", "held"));
        granted(engine.claim("held", "a1", 30));
        // Were the items read at the start, this one would be indexed and granted first.
        engine.storeBehindTheIndexes(storedItem(
                "stray",
                ItemSpec.of("build", "stray").withPriority(99),
                ItemState.READY,
                0,
                null,
                null,
                null,
                engine.now()));

        engine.restart();
        engine.advance(Duration.ofMillis(100));
        final ReadyHint first = engine.hints().get(0);
        final Reply next = engine.next("a2", List.of("build"), 5);
        engine.events();
        engine.advance(Duration.ofSeconds(31));

        assertThat(first.readyByType()).isEqualTo(java.util.Map.of("build", 2));
        assertThat(first.topPriority()).isEqualTo(java.util.Map.of("build", 9));
        assertThat(((Reply.Granted) next).grants()).extracting(Grant::itemId).containsExactly("high", "low");
        // The lease granted before the restart ran out on time: its index entry came back with the stores.
        assertThat(engine.events())
                .filteredOn(e -> e.itemId().equals("held"))
                .singleElement()
                .isInstanceOf(ItemEvent.LeaseExpired.class);
    }
}
