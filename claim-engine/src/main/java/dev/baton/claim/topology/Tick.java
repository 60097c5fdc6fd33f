package dev.baton.claim.topology;

import dev.baton.claim.engine.Settings;
import dev.baton.claim.engine.Times;
import dev.baton.claim.state.LiveIndexes;
import dev.baton.claim.state.ParkedCommands;
import dev.baton.claim.state.RequestLog;
import dev.baton.claim.state.TimeIndex;
import dev.baton.contracts.command.Command;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.limits.Text;
import dev.baton.contracts.reply.Rejection;
import dev.baton.contracts.reply.Reply;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * What the wall-clock punctuator does each tick, for items nobody asks about: expire leases and
 * end waits that are due, answer parked commands whose grace is over, forget finished items and
 * old request ids, and publish the ready hint if it changed. Each step reads a time-ordered range
 * up to now, never all items, and one tick does a bounded amount of work so a burst of expiries
 * cannot stall the stream thread.
 */
final class Tick {

    private static final Logger LOG = Logger.getLogger("backlog.claim");
    /** Bounds the work of one punctuation. */
    private static final int MAX_PER_TICK = 2_000;

    private final Settings settings;
    private final KeyValueStore<String, Item> items;
    private final LiveIndexes indexes;
    private final ParkedCommands parked;
    private final RequestLog requests;
    private final Transitions transitions;
    private final Outputs out;

    Tick(
            Settings settings,
            KeyValueStore<String, Item> items,
            LiveIndexes indexes,
            ParkedCommands parked,
            RequestLog requests,
            Transitions transitions,
            Outputs out) {
        this.settings = settings;
        this.items = items;
        this.indexes = indexes;
        this.parked = parked;
        this.requests = requests;
        this.transitions = transitions;
        this.out = out;
    }

    void run(long wallClockMillis) {
        final Instant now = Instant.ofEpochMilli(wallClockMillis);
        final int[] budget = {MAX_PER_TICK};
        // Each step alone: a failure is logged and the others still run, for a punctuator must not throw.
        guarded("leases", () -> budget[0] -= catchUp(indexes.leases(), wallClockMillis, budget[0], now));
        guarded("wakes", () -> budget[0] -= catchUp(indexes.wakes(), wallClockMillis, budget[0], now));
        guarded("parked", () -> budget[0] -= expireParked(wallClockMillis, Math.max(budget[0], 0), now));
        guarded("finished", () -> budget[0] -= forgetFinished(wallClockMillis, Math.max(budget[0], 0)));
        guarded(
                "requests",
                () -> requests.forget(
                        Times.minusMillis(wallClockMillis, settings.requestMemory()), Math.max(budget[0], 100)));
        guarded("hint", () -> {
            if (indexes.ready().changedSinceHint()) {
                out.hint(indexes.ready().hint(out.partition(), now));
            }
        });
    }

    /** Catches up the items a time index holds as due; returns how many entries it read. */
    private int catchUp(TimeIndex index, long nowMillis, int budget, Instant now) {
        final List<TimeIndex.Entry> due = index.due(nowMillis, budget);
        for (TimeIndex.Entry entry : due) {
            try {
                final Item item = items.get(entry.itemId());
                if (transitions.catchUp(item, now) == item) {
                    // Nothing was due after all: the entry outlived its item's state; drop it.
                    index.drop(entry);
                }
            } catch (StreamsException e) {
                throw e;
            } catch (RuntimeException e) {
                // What time would do to this item cannot be applied (unreadable, or its state would not fit):
                // drop the entry so it is not tried every tick; a command about the item still hears why.
                index.drop(entry);
                LOG.errorf(
                        "backlog.claim id=%s status=not-due reason=\"%s\"",
                        Text.inert(entry.itemId()),
                        Text.inert(e instanceof Unstorable u ? u.rejection().detail() : e.toString()));
            }
        }
        return due.size();
    }

    /** A command whose item never came is answered {@code UNKNOWN_ITEM}, and the answer remembered. */
    private int expireParked(long nowMillis, int budget, Instant now) {
        final List<Command> expired = parked.expire(nowMillis, budget);
        for (Command command : expired) {
            final Reply reply = new Reply.Rejected(command.requestId(), Rejection.unknownItem(command.itemId()));
            requests.remember(command, reply, now);
            out.answer(reply);
        }
        return expired.size();
    }

    /** Forgets finished items past their retention, with a tombstone on {@code claims}. */
    private int forgetFinished(long nowMillis, int budget) {
        final List<String> due = indexes.retention().due(nowMillis, budget);
        for (String id : due) {
            final Item item = items.get(id);
            if (indexes.retention().over(item, nowMillis)) {
                items.delete(item.id());
                out.forgotten(item.id(), nowMillis);
                LOG.debugf("backlog.claim id=%s status=forgotten", Text.inert(item.id()));
            }
        }
        return due.size();
    }

    /** Runs one step; what it throws is logged, so the next step and the next tick still run. */
    static void guarded(String step, Runnable work) {
        try {
            work.run();
        } catch (StreamsException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.errorf("backlog.claim status=tick-failed step=%s reason=\"%s\"", step, Text.inert(e.toString()));
            LOG.debugf("backlog.claim status=tick-failed trace=\"%s\"", Inputs.trace(e));
        }
    }
}
