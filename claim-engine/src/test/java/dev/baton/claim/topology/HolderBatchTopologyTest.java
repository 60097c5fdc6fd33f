package dev.baton.claim.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.command.Command;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.item.Result;
import dev.baton.contracts.reply.Grant;
import dev.baton.contracts.reply.Reason;
import dev.baton.contracts.reply.Reply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A holder's batch in one record: each part decided as if alone, one answer with every part's. */
class HolderBatchTopologyTest {

    private final EngineDriver engine = new EngineDriver();

    @AfterEach
    void close() {
        engine.close();
    }

    private long claimed(String id, String agent, int leaseSeconds) {
        engine.submit(id, ItemSpec.of("build", "Item " + id));
        final Reply reply = engine.claim(id, agent, leaseSeconds);
        assertThat(reply).isInstanceOf(Reply.Granted.class);
        return ((Reply.Granted) reply).grants().get(0).epoch();
    }

    private static List<Reply> answers(Reply reply) {
        assertThat(reply).isInstanceOf(Reply.Batched.class);
        return ((Reply.Batched) reply).answers();
    }

    private static Reason reason(Reply reply) {
        assertThat(reply).isInstanceOf(Reply.Rejected.class);
        return ((Reply.Rejected) reply).rejection().reason();
    }

    private static ItemState state(Reply reply) {
        assertThat(reply).isInstanceOf(Reply.Accepted.class);
        return ((Reply.Accepted) reply).state();
    }

    @Test
    void oneStalePartIsRefusedWhileTheOthersAreAppliedAndAnsweredInOrder() {
        final long e1 = claimed("1", "a1", 30);
        final long e2 = claimed("2", "a1", 30);
        final long e3 = claimed("3", "a1", 30);
        engine.events();

        final Reply reply = engine.batch(
                "b#batch/0.0",
                new Command.CompleteItem("b#1", "1", "a1", e1, Result.of("one")),
                new Command.CompleteItem("b#2", "2", "a1", e2 + 7, Result.of("two")),
                new Command.RenewLease("b#3", "3", "a1", e3, 60, "half way"));

        final List<Reply> answers = answers(reply);
        assertThat(answers).extracting(Reply::requestId).containsExactly("b#1", "b#2", "b#3");
        assertThat(state(answers.get(0))).isEqualTo(ItemState.DONE);
        assertThat(reason(answers.get(1))).isEqualTo(Reason.STALE_EPOCH);
        assertThat(state(answers.get(2))).isEqualTo(ItemState.CLAIMED);
        assertThat(engine.stored("2").state()).isEqualTo(ItemState.CLAIMED);
        assertThat(engine.events())
                .extracting(e -> e.getClass().getSimpleName() + " " + e.itemId())
                .containsExactly("ItemCompleted 1", "LeaseRenewed 3");
    }

    @Test
    void aRepeatedBatchAndARepeatedPartAloneOrInAnotherBatchAreAnsweredFromTheRequestLog() {
        final long e1 = claimed("1", "a1", 30);
        final long e2 = claimed("2", "a1", 30);
        final Command.CompleteItem one = new Command.CompleteItem("b#1", "1", "a1", e1, Result.of("one"));
        final Command.FailItem two = new Command.FailItem("b#2", "2", "a1", e2, "boom", false);
        final Reply first = engine.batch("b#batch/0.0", one, two);
        engine.events();

        final Reply again = engine.batch("b#batch/0.0", one, two);
        final Reply alone = engine.send(one);
        final Reply elsewhere = engine.batch("c#batch/0.0", two);

        assertThat(again).isEqualTo(first);
        assertThat(alone).isEqualTo(answers(first).get(0));
        assertThat(answers(elsewhere)).containsExactly(answers(first).get(1));
        assertThat(engine.events()).isEmpty();
    }

    @Test
    void aStaleHoldersBatchIsRefusedPartByPartAndTheNewHolderKeepsItsGrants() {
        final long e1 = claimed("1", "a1", 10);
        final long e2 = claimed("2", "a1", 10);
        engine.advance(Duration.ofSeconds(11));
        final Grant taken =
                ((Reply.Granted) engine.claim("1", "a2", 30)).grants().get(0);
        engine.events();

        final Reply late = engine.batch(
                "late#batch/0.0",
                new Command.CompleteItem("late#1", "1", "a1", e1, Result.of("mine")),
                new Command.ReleaseItem("late#2", "2", "a1", e2, "done with it"));

        assertThat(answers(late))
                .extracting(HolderBatchTopologyTest::reason)
                .containsExactly(Reason.STALE_EPOCH, Reason.STALE_EPOCH);
        assertThat(engine.stored("1").owner()).isEqualTo("a2");
        assertThat(engine.stored("1").epoch()).isEqualTo(taken.epoch());
        assertThat(engine.events())
                .filteredOn(e -> !(e instanceof ItemEvent.LeaseExpired))
                .isEmpty();
        final Reply bystander =
                engine.batch("thief#batch/0.0", new Command.CompleteItem("thief#1", "1", "a3", taken.epoch(), null));
        assertThat(answers(bystander))
                .extracting(HolderBatchTopologyTest::reason)
                .containsExactly(Reason.NOT_OWNER);
    }

    @Test
    void aPartThatBreaksTheRulesOrNamesAnUnknownItemIsRefusedAloneAndTheOthersApplied() {
        final long e1 = claimed("1", "a1", 30);

        final Reply reply = engine.batch(
                "b#batch/0.0",
                new Command.ReleaseItem("b#1", "1", "a1", e1, null),
                new Command.RenewLease("b#2", "2", "a1", 1, 0, null),
                new Command.CompleteItem("b#nowhere", "nowhere", "a1", 1, null));

        final List<Reply> answers = answers(reply);
        assertThat(state(answers.get(0))).isEqualTo(ItemState.READY);
        assertThat(reason(answers.get(1))).isEqualTo(Reason.INVALID);
        assertThat(((Reply.Rejected) answers.get(1)).rejection().detail()).contains("leaseSeconds");
        assertThat(reason(answers.get(2))).isEqualTo(Reason.UNKNOWN_ITEM);
    }

    @Test
    void aPartTheEngineFailsOnIsDeadLetteredAndAnsweredAloneAndTheOthersAreApplied() {
        final long e1 = claimed("1", "a1", 30);
        // Held, but without the lease deadline every holder has: what time does to it cannot be worked out.
        final Item good = engine.stored("1");
        engine.store(new Item(
                "broken",
                good.spec(),
                ItemState.CLAIMED,
                1,
                "a1",
                null,
                0,
                null,
                null,
                null,
                good.submittedAt(),
                good.updatedAt(),
                null,
                null,
                null,
                null));
        engine.deadLetters();

        final Reply reply = engine.batch(
                "b#batch/0.0",
                new Command.RenewLease("b#broken", "broken", "a1", 1, null, null),
                new Command.CompleteItem("b#1", "1", "a1", e1, null));

        final List<Reply> answers = answers(reply);
        assertThat(reason(answers.get(0))).isEqualTo(Reason.INVALID);
        assertThat(((Reply.Rejected) answers.get(0)).rejection().detail())
                .startsWith("the engine could not apply this request");
        assertThat(state(answers.get(1))).isEqualTo(ItemState.DONE);
        assertThat(engine.deadLetters()).hasSize(1);
    }

    @Test
    void aBatchWithoutPartsIsRefusedWholeAndNothingChanges() {
        final Reply reply = engine.batch("b#batch/0.0");

        assertThat(reason(reply)).isEqualTo(Reason.INVALID);
        assertThat(((Reply.Rejected) reply).rejection().detail()).contains("parts must hold between 1 and");
        assertThat(engine.events()).isEmpty();
    }
}
