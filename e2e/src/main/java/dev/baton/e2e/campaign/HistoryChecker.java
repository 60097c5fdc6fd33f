package dev.baton.e2e.campaign;

import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.event.ItemEvent.ItemClaimed;
import dev.baton.contracts.event.ItemEvent.ItemCompleted;
import dev.baton.contracts.event.ItemEvent.ItemFailed;
import dev.baton.contracts.event.ItemEvent.ItemReleased;
import dev.baton.contracts.event.ItemEvent.LeaseExpired;
import dev.baton.contracts.event.ItemEvent.LeaseRenewed;
import dev.baton.contracts.history.OwnershipAudit;
import dev.baton.contracts.history.OwnershipAudit.Window;
import dev.baton.e2e.agent.Journal;
import dev.baton.e2e.agent.Journal.Entry;
import dev.baton.e2e.agent.Journal.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Holds a run's record against what the agents were told: the history of {@code item-events}
 * (as {@link ItemEvents} reads it, committed records only) and each agent's {@link Journal}. It
 * finds the anomalies a fault could cause, each a list of readable findings, and how long each
 * fault left the agents unanswered.
 *
 * <ul>
 * <li><b>overlapping ownership</b>: a grant made while another grant of the item was still open or
 * before its lease deadline had passed;</li>
 * <li><b>lost</b>: an item the submitter was told was accepted whose record never reaches a
 * terminal state (or has no record at all);</li>
 * <li><b>completed more than once</b>: two {@code ItemCompleted} for one item;</li>
 * <li><b>stale writes accepted</b>: a heartbeat, completion, failure or release on record that
 * does not name the current grant (its epoch and holder), or that came after the grant's lease
 * deadline;</li>
 * <li><b>unrecorded completions</b>: an agent was told its completion succeeded and the record has
 * no completion of that grant by that agent;</li>
 * <li><b>audit violations</b>: anything else {@link OwnershipAudit} finds (epochs that do not
 * grow, events after the item was finished).</li>
 * </ul>
 *
 * Pure: the caller reads the topic and the journals; the unit test builds histories by hand.
 */
public final class HistoryChecker {

    /** The journal lines that prove a call was answered by the claim-service. */
    private static final Set<Kind> ANSWERED = Set.of(Kind.CLAIMED, Kind.COMPLETED, Kind.REJECTED);

    /**
     * An agent counts as active at a fault if it was answered within this long before it: an agent
     * stopped on purpose, or one with nothing to do, is not waiting to be answered again.
     */
    private static final Duration ACTIVE_BEFORE = Duration.ofSeconds(30);

    /**
     * A fault the campaign injected. {@code healed} is when the system could answer again without
     * help of its own: the injection itself for a fault a second instance covers, the restart or
     * the resume for one it cannot (the broker down). Recovery is measured from it.
     */
    public record Fault(String name, Instant injected, Instant healed) {
        public Fault {
            if (healed.isBefore(injected)) {
                throw new IllegalArgumentException(name + " healed before it was injected");
            }
        }
    }

    /**
     * How long a fault left the agents unanswered, counted from when it healed: until the first
     * agent had an answer, and until every agent active before it had one ({@code notAnswered}
     * names those that never had one again).
     */
    public record Recovery(
            Fault fault, Optional<Duration> firstAnswer, Optional<Duration> everyAgent, List<String> notAnswered) {

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%s: first answer after %s, every agent answered after %s%s",
                    fault.name(),
                    firstAnswer.map(HistoryChecker::seconds).orElse("never"),
                    everyAgent.map(HistoryChecker::seconds).orElse("never"),
                    notAnswered.isEmpty() ? "" : ", never answered again: " + notAnswered);
        }
    }

    /** What the checker found. The anomalies are zero in a good run; the recoveries are figures. */
    public record Report(
            int items,
            int events,
            int completions,
            List<String> overlappingOwnership,
            List<String> lost,
            List<String> completedMoreThanOnce,
            List<String> staleWritesAccepted,
            List<String> unrecordedCompletions,
            List<String> auditViolations,
            List<Recovery> recoveries) {

        /** Every anomaly found, of every kind. */
        public int anomalies() {
            return overlappingOwnership.size()
                    + lost.size()
                    + completedMoreThanOnce.size()
                    + staleWritesAccepted.size()
                    + unrecordedCompletions.size()
                    + auditViolations.size();
        }

        /** The report as the campaign prints it: counts, then up to ten findings of each kind, then the recoveries. */
        public String render() {
            final StringBuilder out = new StringBuilder();
            out.append(String.format(
                    Locale.ROOT,
                    "campaign.check items=%d events=%d completions=%d anomalies=%d%n",
                    items,
                    events,
                    completions,
                    anomalies()));
            section(out, "overlapping-ownership", overlappingOwnership);
            section(out, "lost", lost);
            section(out, "completed-more-than-once", completedMoreThanOnce);
            section(out, "stale-writes-accepted", staleWritesAccepted);
            section(out, "unrecorded-completions", unrecordedCompletions);
            section(out, "audit-violations", auditViolations);
            for (Recovery recovery : recoveries) {
                out.append("campaign.recovery ").append(recovery).append(System.lineSeparator());
            }
            return out.toString();
        }

        private static void section(StringBuilder out, String name, List<String> findings) {
            out.append(String.format(Locale.ROOT, "campaign.check %s=%d%n", name, findings.size()));
            findings.stream().limit(10).forEach(f -> out.append("  ").append(f).append(System.lineSeparator()));
        }
    }

    private HistoryChecker() {}

    /**
     * Checks a run.
     *
     * @param submitted the ids the submitter was told were accepted
     * @param events {@code item-events} in topic order (each item's events in its partition's order)
     * @param journals each agent's journal, by agent name (the name the record carries)
     * @param faults the faults injected, in any order
     */
    public static Report check(
            Set<String> submitted, List<ItemEvent> events, Map<String, List<Entry>> journals, List<Fault> faults) {
        final Map<String, List<ItemEvent>> byItem = new LinkedHashMap<>();
        for (ItemEvent event : events) {
            byItem.computeIfAbsent(event.itemId(), id -> new ArrayList<>()).add(event);
        }
        final List<String> overlaps = new ArrayList<>();
        final List<String> lost = new ArrayList<>();
        final List<String> twice = new ArrayList<>();
        final List<String> stale = new ArrayList<>();
        final List<String> audit = new ArrayList<>();
        final Set<String> recordedCompletions = new HashSet<>();
        int completions = 0;

        final Set<String> items = new HashSet<>(submitted);
        items.addAll(byItem.keySet());
        for (String item : new TreeMap<>(byItem).keySet()) {
            final List<ItemEvent> history = byItem.get(item);
            final OwnershipAudit.Report report = OwnershipAudit.auditItem(item, history);
            audit.addAll(report.violations().stream().map(v -> item + ": " + v).toList());
            overlaps.addAll(overlaps(item, report.windows()));
            stale.addAll(staleWrites(item, history));
            final List<ItemCompleted> done = history.stream()
                    .filter(ItemCompleted.class::isInstance)
                    .map(ItemCompleted.class::cast)
                    .toList();
            completions += done.size();
            if (done.size() > 1) {
                twice.add(String.format(
                        Locale.ROOT,
                        "%s completed %d times, by %s",
                        item,
                        done.size(),
                        done.stream().map(c -> c.agent() + "@" + c.epoch()).toList()));
            }
            done.forEach(c -> recordedCompletions.add(key(c.agent(), c.itemId(), c.epoch())));
        }
        for (String item : new TreeSet<>(submitted)) {
            final List<ItemEvent> history = byItem.get(item);
            if (history == null) {
                lost.add(item + ": accepted, and not on record");
                continue;
            }
            final ItemEvent last = history.get(history.size() - 1);
            if (last.state() == null || !last.state().terminal()) {
                lost.add(String.format(
                        Locale.ROOT,
                        "%s: last seen %s (%s at %s)",
                        item,
                        last.state(),
                        last.getClass().getSimpleName(),
                        last.at()));
            }
        }

        final List<String> unrecorded = new ArrayList<>();
        journals.forEach((agent, entries) -> entries.stream()
                .filter(e -> e.kind() == Kind.COMPLETED)
                .filter(e -> !recordedCompletions.contains(key(agent, e.item(), e.epoch())))
                .forEach(e -> unrecorded.add(String.format(
                        Locale.ROOT,
                        "%s was told its completion of %s at epoch %d succeeded (at %s); none is on record",
                        agent,
                        e.item(),
                        e.epoch(),
                        e.at()))));

        final List<Recovery> recoveries = faults.stream()
                .sorted(Comparator.comparing(Fault::injected))
                .map(f -> recovery(f, journals))
                .toList();
        return new Report(
                items.size(),
                events.size(),
                completions,
                List.copyOf(overlaps),
                List.copyOf(lost),
                List.copyOf(twice),
                List.copyOf(stale),
                List.copyOf(unrecorded),
                List.copyOf(audit),
                recoveries);
    }

    /** Consecutive grants of one item whose windows overlap: the later one began before the earlier one ended. */
    private static List<String> overlaps(String item, List<Window> windows) {
        final List<String> found = new ArrayList<>();
        for (int i = 1; i < windows.size(); i++) {
            final Window before = windows.get(i - 1);
            final Window after = windows.get(i);
            final Optional<Instant> until = before.until();
            if (until.isEmpty() || after.from().isBefore(until.get())) {
                found.add(String.format(
                        Locale.ROOT,
                        "%s: epoch %d of %s from %s, while epoch %d of %s held it %s",
                        item,
                        after.epoch(),
                        after.agent(),
                        after.from(),
                        before.epoch(),
                        before.agent(),
                        until.map(u -> "until " + u).orElse("with no end")));
            }
        }
        return found;
    }

    /** Writes on record that the current grant did not make, or made after its lease deadline. */
    private static List<String> staleWrites(String item, List<ItemEvent> history) {
        final List<String> found = new ArrayList<>();
        String agent = null;
        long epoch = -1;
        Instant leaseUntil = null;
        for (ItemEvent event : history) {
            if (event instanceof ItemClaimed claimed) {
                agent = claimed.agent();
                epoch = claimed.epoch();
                leaseUntil = claimed.leaseUntil();
                continue;
            }
            if (event instanceof LeaseExpired) {
                agent = null;
                continue;
            }
            final Write write = write(event);
            if (write == null) {
                continue;
            }
            final boolean current = agent != null && write.agent().equals(agent) && write.epoch() == epoch;
            if (!current || event.at().isAfter(leaseUntil)) {
                found.add(String.format(
                        Locale.ROOT,
                        "%s: %s of epoch %d by %s at %s accepted, when %s",
                        item,
                        event.getClass().getSimpleName(),
                        write.epoch(),
                        write.agent(),
                        event.at(),
                        agent == null
                                ? "no grant was open"
                                : current
                                        ? "its lease had ended at " + leaseUntil
                                        : "epoch " + epoch + " of " + agent + " was the grant"));
            }
            if (event instanceof LeaseRenewed renewed
                    && current
                    && renewed.leaseUntil().isAfter(leaseUntil)) {
                leaseUntil = renewed.leaseUntil();
            } else if (!(event instanceof LeaseRenewed) && current) {
                agent = null;
            }
        }
        return found;
    }

    private record Write(String agent, long epoch) {}

    /** The grant a holder's write names; null for an event no holder writes. */
    private static Write write(ItemEvent event) {
        if (event instanceof LeaseRenewed e) {
            return new Write(e.agent(), e.epoch());
        }
        if (event instanceof ItemCompleted e) {
            return new Write(e.agent(), e.epoch());
        }
        if (event instanceof ItemFailed e) {
            return new Write(e.agent(), e.epoch());
        }
        if (event instanceof ItemReleased e) {
            return new Write(e.agent(), e.epoch());
        }
        return null;
    }

    private static Recovery recovery(Fault fault, Map<String, List<Entry>> journals) {
        Duration first = null;
        Duration every = Duration.ZERO;
        final List<String> notAnswered = new ArrayList<>();
        final Instant activeFrom = fault.injected().minus(ACTIVE_BEFORE);
        for (Map.Entry<String, List<Entry>> journal : new TreeMap<>(journals).entrySet()) {
            final List<Entry> answered = journal.getValue().stream()
                    .filter(e -> ANSWERED.contains(e.kind()))
                    .toList();
            final boolean active =
                    answered.stream().anyMatch(e -> !e.at().isBefore(activeFrom) && e.at().isBefore(fault.injected()));
            final Optional<Instant> next = answered.stream()
                    .map(Entry::at)
                    .filter(at -> !at.isBefore(fault.healed()))
                    .min(Comparator.naturalOrder());
            if (next.isPresent()) {
                final Duration wait = Duration.between(fault.healed(), next.get());
                first = first == null || wait.compareTo(first) < 0 ? wait : first;
                if (active && wait.compareTo(every) > 0) {
                    every = wait;
                }
            } else if (active) {
                notAnswered.add(journal.getKey());
            }
        }
        return new Recovery(
                fault,
                Optional.ofNullable(first),
                notAnswered.isEmpty() && first != null ? Optional.of(every) : Optional.empty(),
                List.copyOf(notAnswered));
    }

    private static String key(String agent, String item, long epoch) {
        return agent + "/" + item + "/" + epoch;
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
