package dev.baton.claim.topology;

import dev.baton.claim.engine.ClaimRule;
import dev.baton.claim.engine.Storable;
import dev.baton.claim.state.DependencyWatchers;
import dev.baton.claim.state.LiveIndexes;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.limits.Text;
import dev.baton.contracts.reply.Rejection;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * Applies what the rule decided: the item's new state to its store, the indexes in step, the
 * events to the audit log, notices to the items that wait for it, the state to {@code claims}.
 * Validate, then mutate: the new state is folded and every record it writes is checked to encode
 * within bounds before anything is written, so a transition is stored whole or not at all.
 */
final class Transitions {

    private static final Logger LOG = Logger.getLogger("backlog.claim");

    private final ClaimRule rule;
    private final KeyValueStore<String, Item> items;
    private final LiveIndexes indexes;
    private final DependencyWatchers watchers;
    private final Outputs out;

    Transitions(
            ClaimRule rule,
            KeyValueStore<String, Item> items,
            LiveIndexes indexes,
            DependencyWatchers watchers,
            Outputs out) {
        this.rule = rule;
        this.items = items;
        this.indexes = indexes;
        this.watchers = watchers;
        this.out = out;
    }

    /**
     * Applies events to an item ({@code null} before its submission); returns the item after them.
     *
     * @throws Unstorable before any write, when the state or an event would not fit or not encode
     */
    Item apply(Item before, List<ItemEvent> events) {
        if (events.isEmpty()) {
            return before;
        }
        final Rejection unstorable = Storable.check(before, events);
        if (unstorable != null) {
            throw new Unstorable(unstorable);
        }
        final Item after = ClaimRule.fold(before, events);
        items.put(after.id(), after);
        events.forEach(out::event);
        if (indexes.update(before, after)) {
            // The API routes claim-next by the hint: a type that appeared or went, or a more urgent item, cannot wait.
            out.hint(indexes.ready().hint(out.partition(), out.now()));
        }
        if (after.state().terminal() && (before == null || before.state() != after.state())) {
            watchers.ended(after).forEach(out::send);
        }
        out.state(after);
        return after;
    }

    /** Catches the item up with time: applies what time alone has done to it by now (an expired lease, an ended wait). */
    Item catchUp(Item item, Instant now) {
        final List<ItemEvent> due = rule.due(item, now);
        return due.isEmpty() ? item : apply(item, due);
    }

    /**
     * {@link #catchUp}, or the item as stored when what time did to it cannot be stored (an item
     * an older build left over the state's bound): the command is then decided against the
     * stored state, where it can only succeed by not growing it, so an operator can still end it.
     */
    Item catchUpOrKeep(Item item, Instant now) {
        try {
            return catchUp(item, now);
        } catch (Unstorable e) {
            LOG.warnf(
                    "backlog.claim id=%s status=not-due reason=\"%s\"",
                    Text.inert(item.id()), Text.inert(e.rejection().detail()));
            return item;
        }
    }
}
