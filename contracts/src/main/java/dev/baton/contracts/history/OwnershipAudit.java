package dev.baton.contracts.history;

import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.event.ItemEvent.ItemClaimed;
import dev.baton.contracts.event.ItemEvent.ItemCompleted;
import dev.baton.contracts.event.ItemEvent.ItemDeadLettered;
import dev.baton.contracts.event.ItemEvent.ItemFailed;
import dev.baton.contracts.event.ItemEvent.ItemRedriven;
import dev.baton.contracts.event.ItemEvent.ItemReleased;
import dev.baton.contracts.event.ItemEvent.LeaseExpired;
import dev.baton.contracts.event.ItemEvent.LeaseRenewed;
import dev.baton.contracts.item.ItemState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an item's history the way an auditor would, and says where it breaks the ownership
 * guarantees. An ownership window opens with {@code ItemClaimed} and closes with the grant's
 * completion, failure, release or lease expiry; for an expiry the window lasts until the lease
 * deadline (the last one a heartbeat set), since the holder may work until then.
 *
 * <ul>
 * <li>no grant while another is open, and each grant starts at or after the previous window ended;</li>
 * <li>epochs only grow from grant to grant;</li>
 * <li>heartbeats and endings name the open grant's epoch and holder, and come no later than its lease
 * deadline; an expiry comes no earlier than it;</li>
 * <li>at most one completion;</li>
 * <li>a finished item stays finished: after {@code DONE} or {@code CANCELLED} nothing happens to it, after
 * {@code DEAD} only its dead-lettering and a redrive.</li>
 * </ul>
 *
 * Pure: no Kafka, no clock. The end-to-end test feeds it what it read from {@code item-events}; the
 * rule's property test feeds it what the rule decided, so both hold the engine to the same account.
 */
public final class OwnershipAudit {

    /** One grant of an item, from its claim to its end (empty while still open). */
    public record Window(
            String itemId, String agent, long epoch, Instant from, Instant leaseUntil, Optional<ItemEvent> end) {

        /** When the holder's right to the item ended: the end event, or the lease deadline for an expiry. */
        public Optional<Instant> until() {
            return end.map(e -> e instanceof LeaseExpired ? leaseUntil : e.at());
        }
    }

    /** Everything the audit found about one item. */
    public record Report(String itemId, List<Window> windows, int completions, List<String> violations) {}

    private OwnershipAudit() {}

    /** Audits every item of a history given as events in topic order (per item, the order of its partition). */
    public static Map<String, Report> audit(List<ItemEvent> events) {
        final Map<String, List<ItemEvent>> byItem = new LinkedHashMap<>();
        for (ItemEvent event : events) {
            byItem.computeIfAbsent(event.itemId(), id -> new ArrayList<>()).add(event);
        }
        final Map<String, Report> reports = new LinkedHashMap<>();
        byItem.forEach((id, history) -> reports.put(id, auditItem(id, history)));
        return reports;
    }

    /** Audits one item's events, in the order they were written. */
    public static Report auditItem(String itemId, List<ItemEvent> history) {
        final List<Window> windows = new ArrayList<>();
        final List<String> violations = new ArrayList<>();
        Window open = null;
        Window last = null;
        int completions = 0;
        ItemState finished = null;
        for (ItemEvent event : history) {
            if (finished != null
                    && !(finished == ItemState.DEAD
                            && (event instanceof ItemDeadLettered || event instanceof ItemRedriven))) {
                violations.add(String.format(
                        Locale.ROOT,
                        "%s at %s after the item was %s",
                        event.getClass().getSimpleName(),
                        event.at(),
                        finished));
            }
            finished = event.state() != null && event.state().terminal() ? event.state() : null;
            if (event instanceof ItemClaimed claimed) {
                if (open != null) {
                    violations.add(String.format(
                            Locale.ROOT,
                            "epoch %d granted to %s at %s while epoch %d of %s was open",
                            claimed.epoch(),
                            claimed.agent(),
                            claimed.at(),
                            open.epoch(),
                            open.agent()));
                }
                if (last != null && claimed.epoch() <= last.epoch()) {
                    violations.add(String.format(
                            Locale.ROOT, "epoch %d granted after epoch %d", claimed.epoch(), last.epoch()));
                }
                if (last != null
                        && last.until().isPresent()
                        && claimed.at().isBefore(last.until().get())) {
                    violations.add(String.format(
                            Locale.ROOT,
                            "epoch %d granted to %s at %s, before epoch %d of %s ended at %s",
                            claimed.epoch(),
                            claimed.agent(),
                            claimed.at(),
                            last.epoch(),
                            last.agent(),
                            last.until().get()));
                }
                open = new Window(
                        itemId, claimed.agent(), claimed.epoch(), claimed.at(), claimed.leaseUntil(), Optional.empty());
                windows.add(open);
                last = open;
                continue;
            }
            final Holder holder = holder(event);
            if (holder == null) {
                continue; // submission, readiness, dead letter, cancel, redrive: no grant involved
            }
            if (event instanceof ItemCompleted) {
                completions++;
            }
            final String what = event.getClass().getSimpleName();
            if (open == null) {
                violations.add(String.format(
                        Locale.ROOT,
                        "%s of epoch %d by %s at %s with no open grant",
                        what,
                        holder.epoch(),
                        holder.agent(),
                        event.at()));
                continue;
            }
            if (holder.epoch() != open.epoch() || !holder.agent().equals(open.agent())) {
                violations.add(String.format(
                        Locale.ROOT,
                        "%s names epoch %d of %s, but epoch %d of %s is open",
                        what,
                        holder.epoch(),
                        holder.agent(),
                        open.epoch(),
                        open.agent()));
            }
            if (event instanceof LeaseExpired && event.at().isBefore(open.leaseUntil())) {
                violations.add(String.format(
                        Locale.ROOT,
                        "lease of epoch %d expired at %s, before its deadline %s",
                        open.epoch(),
                        event.at(),
                        open.leaseUntil()));
            }
            if (!(event instanceof LeaseExpired) && event.at().isAfter(open.leaseUntil())) {
                violations.add(String.format(
                        Locale.ROOT,
                        "%s of epoch %d accepted at %s, after its lease ended at %s",
                        what,
                        open.epoch(),
                        event.at(),
                        open.leaseUntil()));
            }
            if (event instanceof LeaseRenewed renewed) {
                // A heartbeat never shortens a lease.
                final Instant until =
                        renewed.leaseUntil().isAfter(open.leaseUntil()) ? renewed.leaseUntil() : open.leaseUntil();
                open = replaceLast(
                        windows, new Window(itemId, open.agent(), open.epoch(), open.from(), until, Optional.empty()));
                last = open;
                continue;
            }
            open = null;
            last = replaceLast(
                    windows,
                    new Window(itemId, last.agent(), last.epoch(), last.from(), last.leaseUntil(), Optional.of(event)));
        }
        if (completions > 1) {
            violations.add(completions + " completions");
        }
        return new Report(itemId, List.copyOf(windows), completions, List.copyOf(violations));
    }

    private record Holder(String agent, long epoch) {}

    /** The grant an event is about, for events that belong to a grant; null for the others. */
    private static Holder holder(ItemEvent event) {
        if (event instanceof LeaseRenewed e) {
            return new Holder(e.agent(), e.epoch());
        }
        if (event instanceof ItemCompleted e) {
            return new Holder(e.agent(), e.epoch());
        }
        if (event instanceof ItemFailed e) {
            return new Holder(e.agent(), e.epoch());
        }
        if (event instanceof ItemReleased e) {
            return new Holder(e.agent(), e.epoch());
        }
        if (event instanceof LeaseExpired e) {
            return new Holder(e.agent(), e.epoch());
        }
        return null;
    }

    private static Window replaceLast(List<Window> windows, Window window) {
        windows.set(windows.size() - 1, window);
        return window;
    }
}
