package dev.baton.e2e.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.event.ItemEvent.ItemClaimed;
import dev.baton.contracts.event.ItemEvent.ItemCompleted;
import dev.baton.contracts.event.ItemEvent.ItemSubmitted;
import dev.baton.contracts.event.ItemEvent.LeaseExpired;
import dev.baton.contracts.event.ItemEvent.LeaseRenewed;
import dev.baton.contracts.item.ItemState;
import dev.baton.e2e.agent.Journal.Entry;
import dev.baton.e2e.agent.Journal.Kind;
import dev.baton.e2e.campaign.HistoryChecker.Fault;
import dev.baton.e2e.campaign.HistoryChecker.Recovery;
import dev.baton.e2e.campaign.HistoryChecker.Report;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The checker on histories written by hand: a clean one, then one anomaly at a time, each of
 * which it must find (and find as that kind, not another).
 */
class HistoryCheckerTest {

    private static final Instant T0 = Instant.parse("2026-11-27T20:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(3);

    private final List<ItemEvent> events = new ArrayList<>();
    private final Map<String, List<Entry>> journals = new LinkedHashMap<>();

    @Test
    void aCleanHistoryHasNoAnomalies() {
        // given: two items, each claimed, heartbeated and completed once; one expired first and was claimed again
        submitted("a", 0);
        claimed("a", "agent-1", 1, 1);
        renewed("a", "agent-1", 1, 2);
        completed("a", "agent-1", 1, 3);
        told("agent-1", Kind.CLAIMED, "a", 1, 1);
        told("agent-1", Kind.COMPLETED, "a", 1, 3);
        submitted("b", 0);
        claimed("b", "agent-2", 1, 1);
        expired("b", "agent-2", 1, 4);
        claimed("b", "agent-1", 2, 5);
        completed("b", "agent-1", 2, 6);
        told("agent-2", Kind.CLAIMED, "b", 1, 1);
        told("agent-2", Kind.REJECTED, "b", 1, 7);
        told("agent-1", Kind.CLAIMED, "b", 2, 5);
        told("agent-1", Kind.COMPLETED, "b", 2, 6);

        // when
        final Report report = check(Set.of("a", "b"));

        // then
        assertThat(report.anomalies()).as(report.render()).isZero();
        assertThat(report.items()).isEqualTo(2);
        assertThat(report.completions()).isEqualTo(2);
    }

    @Test
    void aGrantMadeWhileAnotherIsOpenIsAnOverlap() {
        // given: agent-2 is granted the item while agent-1's lease still runs
        submitted("a", 0);
        claimed("a", "agent-1", 1, 1);
        claimed("a", "agent-2", 2, 2);
        completed("a", "agent-2", 2, 3);

        // when
        final Report report = check(Set.of("a"));

        // then
        assertThat(report.overlappingOwnership()).singleElement().asString().contains("epoch 2 of agent-2");
        assertThat(report.lost()).isEmpty();
        assertThat(report.completedMoreThanOnce()).isEmpty();
    }

    @Test
    void anExpiryRecordedBeforeTheLeaseDeadlineLetsTheNextGrantOverlap() {
        // given: the lease was renewed to second 5, yet expired and granted again at second 4
        submitted("a", 0);
        claimed("a", "agent-1", 1, 1);
        renewed("a", "agent-1", 1, 2);
        events.add(new LeaseExpired("a", at(3), ItemState.READY, "agent-1", 1, 1, null));
        claimed("a", "agent-2", 2, 4);
        completed("a", "agent-2", 2, 5);

        // when
        final Report report = check(Set.of("a"));

        // then
        assertThat(report.overlappingOwnership()).hasSize(1);
    }

    @Test
    void anAcceptedItemThatNeverEndsIsLost() {
        // given: one item claimed and left; another the submitter was told of, never on record
        submitted("a", 0);
        claimed("a", "agent-1", 1, 1);

        // when
        final Report report = check(Set.of("a", "ghost"));

        // then
        assertThat(report.lost()).hasSize(2);
        assertThat(report.lost()).anySatisfy(l -> assertThat(l).startsWith("a: last seen CLAIMED"));
        assertThat(report.lost()).anySatisfy(l -> assertThat(l).startsWith("ghost: accepted, and not on record"));
    }

    @Test
    void twoCompletionsOfOneItemAreCaught() {
        // given
        submitted("a", 0);
        claimed("a", "agent-1", 1, 1);
        completed("a", "agent-1", 1, 2);
        claimed("a", "agent-2", 2, 3);
        completed("a", "agent-2", 2, 4);

        // when
        final Report report = check(Set.of("a"));

        // then
        assertThat(report.completedMoreThanOnce()).singleElement().asString().contains("completed 2 times");
    }

    @Test
    void aWriteOfAnEarlierEpochAcceptedAfterTheNextGrantIsStale() {
        // given: agent-1's lease expired and agent-2 holds epoch 2; agent-1's heartbeat of epoch 1 is on record
        submitted("a", 0);
        claimed("a", "agent-1", 1, 1);
        expired("a", "agent-1", 1, 4);
        claimed("a", "agent-2", 2, 5);
        renewed("a", "agent-1", 1, 6);
        completed("a", "agent-2", 2, 7);

        // when
        final Report report = check(Set.of("a"));

        // then
        assertThat(report.staleWritesAccepted())
                .singleElement()
                .asString()
                .contains("LeaseRenewed of epoch 1 by agent-1")
                .contains("epoch 2 of agent-2 was the grant");
        assertThat(report.overlappingOwnership()).isEmpty();
    }

    @Test
    void aCompletionAcceptedAfterTheLeaseRanOutIsStale() {
        // given: claimed at second 1 with a three-second lease, completed at second 9 with no heartbeat
        submitted("a", 0);
        claimed("a", "agent-1", 1, 1);
        completed("a", "agent-1", 1, 9);

        // when
        final Report report = check(Set.of("a"));

        // then
        assertThat(report.staleWritesAccepted()).singleElement().asString().contains("its lease had ended");
    }

    @Test
    void aCompletionTheAgentWasToldOfButNotOnRecordIsCaught() {
        // given: agent-1 was answered "completed", and the record has the item done by agent-2
        submitted("a", 0);
        claimed("a", "agent-1", 1, 1);
        expired("a", "agent-1", 1, 4);
        claimed("a", "agent-2", 2, 5);
        completed("a", "agent-2", 2, 6);
        told("agent-1", Kind.COMPLETED, "a", 1, 5);
        told("agent-2", Kind.COMPLETED, "a", 2, 6);

        // when
        final Report report = check(Set.of("a"));

        // then
        assertThat(report.unrecordedCompletions())
                .singleElement()
                .asString()
                .startsWith("agent-1 was told its completion of a at epoch 1 succeeded");
    }

    @Test
    void recoveryIsTheWaitFromTheHealUntilEveryActiveAgentIsAnswered() {
        // given: two agents answered before a fault at second 10, healed at second 12; answered again at 13 and 16
        told("agent-1", Kind.CLAIMED, "a", 1, 9);
        told("agent-2", Kind.CLAIMED, "b", 1, 8);
        told("agent-1", Kind.COMPLETED, "a", 1, 13);
        told("agent-2", Kind.REJECTED, "b", 1, 16);
        // and one agent answered long before, idle since: not waited for
        told("agent-3", Kind.CLAIMED, "c", 1, -60);
        final Fault fault = new Fault("broker killed", at(10), at(12));

        // when
        final Report report = HistoryChecker.check(Set.of(), events, journals, List.of(fault));

        // then
        final Recovery recovery = report.recoveries().get(0);
        assertThat(recovery.firstAnswer()).contains(Duration.ofSeconds(1));
        assertThat(recovery.everyAgent()).contains(Duration.ofSeconds(4));
        assertThat(recovery.notAnswered()).isEmpty();
    }

    @Test
    void anActiveAgentNeverAnsweredAgainHasNoRecovery() {
        // given
        told("agent-1", Kind.CLAIMED, "a", 1, 9);
        told("agent-2", Kind.CLAIMED, "b", 1, 9);
        told("agent-1", Kind.COMPLETED, "a", 1, 11);
        final Fault fault = new Fault("claim-service-1 killed", at(10), at(10));

        // when
        final Report report = HistoryChecker.check(Set.of(), events, journals, List.of(fault));

        // then
        final Recovery recovery = report.recoveries().get(0);
        assertThat(recovery.everyAgent()).isEmpty();
        assertThat(recovery.notAnswered()).containsExactly("agent-2");
        assertThat(report.render()).contains("never answered again: [agent-2]");
    }

    // --- building histories ---------------------------------------------------------------------

    private Report check(Set<String> submitted) {
        return HistoryChecker.check(submitted, events, journals, List.of());
    }

    private static Instant at(int second) {
        return T0.plusSeconds(second);
    }

    private void submitted(String item, int second) {
        events.add(new ItemSubmitted(item, at(second), ItemState.READY, null, "req-" + item));
    }

    private void claimed(String item, String agent, long epoch, int second) {
        events.add(new ItemClaimed(
                item, at(second), ItemState.CLAIMED, agent, epoch, at(second).plus(LEASE), 1, null));
    }

    private void renewed(String item, String agent, long epoch, int second) {
        events.add(new LeaseRenewed(
                item, at(second), ItemState.CLAIMED, agent, epoch, at(second).plus(LEASE), "working"));
    }

    private void completed(String item, String agent, long epoch, int second) {
        events.add(new ItemCompleted(item, at(second), ItemState.DONE, agent, epoch, null, null));
    }

    private void expired(String item, String agent, long epoch, int second) {
        events.add(new LeaseExpired(item, at(second), ItemState.READY, agent, epoch, 1, null));
    }

    private void told(String agent, Kind kind, String item, long epoch, int second) {
        journals.computeIfAbsent(agent, a -> new ArrayList<>())
                .add(new Entry(kind, item, epoch, kind == Kind.CLAIMED ? null : "complete", null, at(second)));
    }
}
