package dev.baton.claim.topology;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.claim.engine.Settings;
import dev.baton.contracts.catalog.DeadLetters;
import dev.baton.contracts.command.Command;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.reply.Grant;
import dev.baton.contracts.reply.Reason;
import dev.baton.contracts.reply.Rejection;
import dev.baton.contracts.reply.Reply;
import java.time.Duration;
import java.util.ArrayList;
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

        final List<Reply> grants = answers.stream().filter(Reply.Granted.class::isInstance).toList();
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
        assertThat(engine.events()).filteredOn(ItemEvent.ItemClaimed.class::isInstance).hasSize(1);
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
        assertThat(engine.events()).extracting(e -> e.getClass().getSimpleName()).containsExactly(
                "ItemSubmitted", "ItemClaimed", "LeaseExpired", "ItemClaimed", "ItemCompleted");
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
        assertThat(engine.events()).last().isInstanceOfSatisfying(ItemEvent.ItemDeadLettered.class,
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
        assertThat(engine.events()).filteredOn(ItemEvent.ItemClaimed.class::isInstance).hasSize(1);

        final Command.CompleteItem complete = new Command.CompleteItem("r-2", "42", "a1", granted(first).epoch(),
                dev.baton.contracts.item.Result.of("done"));
        final Reply completed = engine.send(complete);
        assertThat(engine.send(complete)).isEqualTo(completed).isInstanceOf(Reply.Accepted.class);
        assertThat(engine.events()).filteredOn(ItemEvent.ItemCompleted.class::isInstance).hasSize(1);
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
        assertThat(engine.events()).filteredOn(ItemEvent.ItemClaimed.class::isInstance).hasSize(1);
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

        assertThat(((Reply.Granted) reply).grants()).extracting(Grant::itemId)
                .containsExactly("high-old", "high-new", "low", "negative");
    }

    @Test
    void claimNextOnlyOffersTheAcceptedTypesAndMergesThemInPriorityOrder() {
        engine.submit("doc", ItemSpec.of("docs", "docs").withPriority(1));
        engine.submit("build", ItemSpec.of("build", "build").withPriority(2));
        engine.submit("learn", ItemSpec.of("learn", "learn").withPriority(9));

        final Reply reply = engine.next("a1", List.of("docs", "build"), 5);

        assertThat(((Reply.Granted) reply).grants()).extracting(Grant::itemId).containsExactly("build", "doc");
        assertThat(((Reply.Granted) engine.next("a2", List.of("ops"), 5)).grants()).isEmpty();
        assertThat(((Reply.Granted) engine.next("a3", List.of(), 5)).grants()).extracting(Grant::itemId)
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
        assertThat(engine.events()).extracting(e -> e.getClass().getSimpleName()).containsExactly(
                "ItemSubmitted", "ItemClaimed", "ItemFailed", "ItemBecameReady", "ItemClaimed", "ItemFailed",
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

        assertThat(((Reply.Accepted) engine.release("42", "a1", first.epoch())).state()).isEqualTo(ItemState.READY);
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

        assertThat(((Reply.Accepted) renewed).leaseUntil()).isEqualTo(engine.now().minusSeconds(8).plusSeconds(10));
        assertThat(engine.latestClaim("42")).satisfies(item -> {
            assertThat(item.state()).isEqualTo(ItemState.CLAIMED);
            assertThat(item.progress()).isEqualTo("working");
        });
        assertThat(rejected(engine.heartbeat("42", "intruder", grant.epoch())).reason()).isEqualTo(Reason.NOT_OWNER);
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
        assertThat(engine.send(new Command.ClaimItem("r-ghost", "ghost", "a1", null))).isNull();

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
        assertThat(rejected(engine.send(new Command.RedriveItem("r-r", "42"))).reason()).isEqualTo(Reason.NOT_DEAD);

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
        assertThat(new String(dead.get(0).headers().lastHeader(DeadLetters.REASON).value(), UTF_8))
                .startsWith("not JSON");
        assertThat(new String(dead.get(1).headers().lastHeader(DeadLetters.REASON).value(), UTF_8))
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
        assertThat(engine.hints()).last().satisfies(h -> assertThat(h.readyByType()).doesNotContainKey("build"));
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
        assertThat(engine.events()).filteredOn(ItemEvent.DependencySettled.class::isInstance)
                .extracting(ItemEvent::itemId).containsExactly("b", "c");
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
        assertThat(engine.send(new Command.ClaimItem("r-late", "42", "a2", null))).isNull();
    }

    @Test
    void aSubmissionSeenTwiceMakesOneItem() {
        engine.submit("42", ItemSpec.of("build", "Write the parser"));
        engine.submit("42", ItemSpec.of("build", "Write the parser"));

        assertThat(engine.events()).hasSize(1);
    }
}
