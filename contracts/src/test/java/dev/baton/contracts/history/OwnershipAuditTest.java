package dev.baton.contracts.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.event.ItemEvent.ItemCancelled;
import dev.baton.contracts.event.ItemEvent.ItemClaimed;
import dev.baton.contracts.event.ItemEvent.ItemCompleted;
import dev.baton.contracts.event.ItemEvent.ItemDeadLettered;
import dev.baton.contracts.event.ItemEvent.ItemFailed;
import dev.baton.contracts.event.ItemEvent.ItemRedriven;
import dev.baton.contracts.event.ItemEvent.ItemReleased;
import dev.baton.contracts.event.ItemEvent.ItemSubmitted;
import dev.baton.contracts.event.ItemEvent.LeaseExpired;
import dev.baton.contracts.event.ItemEvent.LeaseRenewed;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.item.ItemSummary;
import dev.baton.contracts.item.Result;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The audit alone, over hand-written histories: what it accepts and what it flags. */
class OwnershipAuditTest {

    private static final String ID = "item-1";
    private static final ItemSummary SUMMARY = new ItemSummary("build", "Build it", 0, List.of());
    private static final Instant T0 = Instant.parse("2025-06-01T10:00:00Z");

    @Test
    void acceptsAHistoryOfOneExpiredGrantThenACompletedOne() {
        final OwnershipAudit.Report report = OwnershipAudit.auditItem(
                ID,
                List.of(
                        submitted(0),
                        claimed("a", 1, 1, 4),
                        renewed("a", 1, 2, 7),
                        expired("a", 1, 8),
                        claimed("b", 2, 8, 11),
                        completed("b", 2, 10)));

        assertThat(report.violations()).isEmpty();
        assertThat(report.completions()).isEqualTo(1);
        assertThat(report.windows()).extracting(OwnershipAudit.Window::agent).containsExactly("a", "b");
        assertThat(report.windows().get(0).until()).contains(T0.plusSeconds(7));
    }

    @Test
    void flagsAGrantWhileAnotherIsOpen() {
        final OwnershipAudit.Report report =
                OwnershipAudit.auditItem(ID, List.of(claimed("a", 1, 1, 4), claimed("b", 2, 2, 5)));

        assertThat(report.violations()).singleElement().asString().contains("while epoch 1 of a was open");
    }

    @Test
    void flagsAnExpiryBeforeTheDeadlineAndAGrantInsideTheOldWindow() {
        // The expiry is written at 5 s, but a heartbeat had moved the deadline to 7 s.
        final OwnershipAudit.Report report = OwnershipAudit.auditItem(
                ID, List.of(claimed("a", 1, 1, 4), renewed("a", 1, 3, 7), expired("a", 1, 5), claimed("b", 2, 6, 9)));

        assertThat(report.violations()).hasSize(2);
        assertThat(report.violations().get(0)).contains("expired at", "before its deadline");
        assertThat(report.violations().get(1)).contains("before epoch 1 of a ended");
    }

    @Test
    void flagsACompletionUnderAStaleEpochOrByAnotherAgent() {
        final OwnershipAudit.Report report = OwnershipAudit.auditItem(
                ID, List.of(claimed("a", 1, 1, 4), released("a", 1, 2), claimed("b", 2, 3, 6), completed("a", 1, 4)));

        assertThat(report.violations())
                .singleElement()
                .asString()
                .contains("ItemCompleted names epoch 1 of a, but epoch 2 of b is open");
    }

    @Test
    void flagsACompletionAfterTheLeaseDeadline() {
        final OwnershipAudit.Report report =
                OwnershipAudit.auditItem(ID, List.of(claimed("a", 1, 1, 4), completed("a", 1, 5)));

        assertThat(report.violations()).singleElement().asString().contains("after its lease ended");
    }

    @Test
    void flagsASecondCompletionAndAnEpochThatDoesNotGrow() {
        final OwnershipAudit.Report report = OwnershipAudit.auditItem(
                ID, List.of(claimed("a", 3, 1, 4), completed("a", 3, 2), claimed("b", 3, 3, 6), completed("b", 3, 4)));

        assertThat(report.completions()).isEqualTo(2);
        assertThat(report.violations())
                .containsExactly(
                        "ItemClaimed at 2025-06-01T10:00:03Z after the item was DONE",
                        "epoch 3 granted after epoch 3",
                        "2 completions");
    }

    @Test
    void flagsAnythingAfterDoneOrCancelledButLetsADeadItemBeDeadLetteredAndRedriven() {
        final OwnershipAudit.Report dead = OwnershipAudit.auditItem(
                ID,
                List.of(
                        submitted(0),
                        claimed("a", 1, 1, 4),
                        new ItemFailed(ID, T0.plusSeconds(2), ItemState.DEAD, "a", 1, "boom", false, 1, null, SUMMARY),
                        new ItemDeadLettered(
                                ID, T0.plusSeconds(2), ItemState.DEAD, "failed, not retryable", 1, SUMMARY),
                        new ItemRedriven(ID, T0.plusSeconds(3), ItemState.READY),
                        claimed("b", 2, 4, 7),
                        completed("b", 2, 5)));
        final OwnershipAudit.Report cancelled = OwnershipAudit.auditItem(
                ID,
                List.of(
                        submitted(0),
                        new ItemCancelled(ID, T0.plusSeconds(1), ItemState.CANCELLED, "obsolete"),
                        new ItemRedriven(ID, T0.plusSeconds(2), ItemState.READY)));

        assertThat(dead.violations()).isEmpty();
        assertThat(cancelled.violations())
                .containsExactly("ItemRedriven at 2025-06-01T10:00:02Z after the item was CANCELLED");
    }

    @Test
    void groupsEventsByItem() {
        final List<ItemEvent> events = List.of(
                claimed("a", 1, 1, 4),
                new ItemClaimed("other", T0.plusSeconds(1), ItemState.CLAIMED, "b", 1, T0.plusSeconds(4), 1, SUMMARY),
                completed("a", 1, 2));

        assertThat(OwnershipAudit.audit(events))
                .containsOnlyKeys(ID, "other")
                .allSatisfy((id, report) -> assertThat(report.violations()).isEmpty());
    }

    private static ItemSubmitted submitted(int second) {
        return new ItemSubmitted(ID, T0.plusSeconds(second), ItemState.READY, ItemSpec.of("build", "Build it"), "r");
    }

    private static ItemClaimed claimed(String agent, long epoch, int second, int leaseUntil) {
        return new ItemClaimed(
                ID, T0.plusSeconds(second), ItemState.CLAIMED, agent, epoch, T0.plusSeconds(leaseUntil), 1, SUMMARY);
    }

    private static LeaseRenewed renewed(String agent, long epoch, int second, int leaseUntil) {
        return new LeaseRenewed(
                ID, T0.plusSeconds(second), ItemState.CLAIMED, agent, epoch, T0.plusSeconds(leaseUntil), null);
    }

    private static LeaseExpired expired(String agent, long epoch, int second) {
        return new LeaseExpired(ID, T0.plusSeconds(second), ItemState.READY, agent, epoch, 1, SUMMARY);
    }

    private static ItemReleased released(String agent, long epoch, int second) {
        return new ItemReleased(ID, T0.plusSeconds(second), ItemState.READY, agent, epoch, "later");
    }

    private static ItemCompleted completed(String agent, long epoch, int second) {
        return new ItemCompleted(ID, T0.plusSeconds(second), ItemState.DONE, agent, epoch, Result.of("done"), SUMMARY);
    }
}
