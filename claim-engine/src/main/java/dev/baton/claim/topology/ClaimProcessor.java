package dev.baton.claim.topology;

import dev.baton.claim.engine.Admission;
import dev.baton.claim.engine.ClaimRule;
import dev.baton.claim.engine.Decision;
import dev.baton.claim.state.DependencyWatchers;
import dev.baton.claim.state.IndexLayout;
import dev.baton.claim.state.LiveIndexes;
import dev.baton.claim.state.ParkedCommands;
import dev.baton.claim.state.RequestLog;
import dev.baton.contracts.catalog.StoreNames;
import dev.baton.contracts.command.Command;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.http.Violation;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.json.Decoded;
import dev.baton.contracts.limits.Text;
import dev.baton.contracts.reply.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * The claim engine of one partition, as an orchestrator: it reads a record, has it admitted
 * ({@link Admission}), looks it up in the request log, parks it or decides it through the
 * {@link ClaimRule}, and has the outcome applied ({@link Transitions}) and answered. It decides
 * nothing itself; each concern it calls on has its own class.
 *
 * <p>Inputs ({@code backlog-items}, {@code claim-requests}) are co-partitioned by item id, so the
 * one processor of a partition sees every record about its items, in order per topic. The two
 * topics are not ordered against each other: a command about an item whose submission has not
 * been seen yet is parked ({@link ParkedCommands}) and decided when the submission arrives.
 *
 * <p>One record can never stop or wedge it. A refusal is answered to whoever waits for it or
 * dead-lettered with its reason, with nothing stored; whatever was not foreseen is answered and
 * dead-lettered the same way, and the stream goes on.
 */
final class ClaimProcessor implements Processor<String, Object, String, Object> {

    private static final Logger LOG = Logger.getLogger("backlog.claim");

    private final ClaimRule rule;
    private final Duration tick;
    private KeyValueStore<String, Item> items;
    private Outputs out;
    private RequestLog requests;
    private ParkedCommands parked;
    private DependencyWatchers watchers;
    private Transitions transitions;
    private ClaimNextGrants claimNext;
    private LiveIndexes indexes;
    private IndexLayout layout;
    private boolean layoutChecked;

    ClaimProcessor(ClaimRule rule, Duration tick) {
        this.rule = rule;
        this.tick = tick;
    }

    @Override
    public void init(ProcessorContext<String, Object> ctx) {
        items = ctx.getStateStore(StoreNames.ITEMS);
        out = new Outputs(ctx);
        requests = new RequestLog(
                ctx.getStateStore(StoreNames.REQUEST_ANSWERS), ctx.getStateStore(StoreNames.REQUEST_EXPIRIES));
        parked = new ParkedCommands(
                ctx.getStateStore(StoreNames.PARKED_COMMANDS),
                ctx.getStateStore(StoreNames.PARKED_DEADLINES),
                rule.settings().unknownGrace());
        watchers = new DependencyWatchers(ctx.getStateStore(StoreNames.WATCHERS));
        final KeyValueStore<String, String> live = ctx.getStateStore(StoreNames.LIVE_INDEXES);
        indexes = new LiveIndexes(rule.settings().doneRetention(), LiveIndexes.Tables.in(live));
        layout = LiveIndexes.layout(live);
        transitions = new Transitions(rule, items, indexes, watchers, out);
        claimNext = new ClaimNextGrants(rule, items, indexes.ready(), transitions);
        final Tick ticks = new Tick(rule.settings(), items, indexes, parked, requests, transitions, out);
        ctx.schedule(tick, PunctuationType.WALL_CLOCK_TIME, now -> {
            indexed();
            ticks.run(now);
        });
    }

    /**
     * Makes sure the index stores hold this build's layout before anything reads them. Only stores
     * another build wrote are indexed anew, from the items, once; the entries and the mark are
     * written as part of the first record's (or tick's) transaction, not in {@code init}, where no
     * record is being processed for the changelog writes to belong to.
     */
    private void indexed() {
        if (layoutChecked) {
            return;
        }
        if (!layout.current() && items.approximateNumEntries() == 0) {
            // A new task: nothing to index.
            indexes.clear();
            layout.markCurrent();
        } else if (!layout.current()) {
            indexes.clear();
            final long started = System.nanoTime();
            final int skipped;
            try (KeyValueIterator<String, Item> all = items.all()) {
                skipped = indexes.rebuild(all);
            }
            layout.markCurrent();
            LOG.infof(
                    "backlog.claim status=indexed partition=%d skipped=%d ms=%d",
                    out.partition(), skipped, (System.nanoTime() - started) / 1_000_000);
        }
        layoutChecked = true;
    }

    @Override
    public void process(Record<String, Object> record) {
        final Object value = record.value();
        if (value == null) {
            return;
        }
        indexed();
        if (value instanceof Decoded.Failed<?> failed) {
            out.deadLetter(record, failed.raw(), failed.reason());
            return;
        }
        final Object decoded = ((Decoded.Ok<?>) value).value();
        final Instant now = out.now();
        try {
            if (decoded instanceof ItemEvent.ItemSubmitted submitted) {
                onSubmitted(record, submitted, now);
            } else if (decoded instanceof Command command) {
                onArrival(record, command, now);
            } else {
                out.deadLetter(
                        record,
                        Inputs.reencode(decoded),
                        "unexpected record " + decoded.getClass().getSimpleName()
                                + " on this topic; only ItemSubmitted and commands are read");
            }
        } catch (StreamsException e) {
            throw e; // Kafka's own condition (a fenced producer, a failed store): Streams must handle it
        } catch (RuntimeException e) {
            // Whatever was not foreseen: the caller hears of it, the record goes to the DLQ, the stream goes on.
            // Nothing is half-applied: Transitions writes only what it has checked.
            out.failed(record, decoded, e);
        }
    }

    private void onSubmitted(Record<String, Object> record, ItemEvent.ItemSubmitted submitted, Instant now) {
        final List<Violation> wrong = Admission.submission(submitted, record.key(), now);
        final boolean awaited = Inputs.answerable(submitted.requestId());
        if (!wrong.isEmpty()) {
            out.refuse(record, submitted, submitted.requestId(), awaited, Admission.refusal(submitted.itemId(), wrong));
            return;
        }
        final Item existing = items.get(submitted.itemId());
        final Item after;
        try {
            after = transitions.apply(existing, rule.submit(existing, submitted, now));
        } catch (Unstorable e) {
            out.refuse(record, submitted, submitted.requestId(), awaited, e.rejection());
            return;
        }
        if (existing == null) {
            DependencyWatchers.watchesFor(after).forEach(out::send);
        }
        if (submitted.requestId() != null) {
            // The submitter waits for this: new, or the same idempotency key seen before.
            out.answer(new Reply.Submitted(submitted.requestId(), existing != null, after));
        }
        // Commands that arrived before the submission are decided now, in arrival order; each alone.
        for (Decoded<Command> early : parked.unpark(submitted.itemId())) {
            final Record<String, Object> asRead = new Record<>(record.key(), early, record.timestamp());
            if (early instanceof Decoded.Failed<Command> unreadable) {
                out.deadLetter(asRead, unreadable.raw(), "parked command unreadable: " + unreadable.reason());
                continue;
            }
            final Command command = ((Decoded.Ok<Command>) early).value();
            try {
                onArrival(asRead, command, now);
            } catch (StreamsException e) {
                throw e;
            } catch (RuntimeException e) {
                out.failed(asRead, command, e);
            }
        }
    }

    /** A command as it arrives: admitted by the rules, then decided. */
    private void onArrival(Record<String, Object> record, Command command, Instant now) {
        final List<Violation> wrong = Admission.command(command);
        if (!wrong.isEmpty()) {
            out.refuse(
                    record,
                    command,
                    command.requestId(),
                    Inputs.awaited(command),
                    Admission.refusal(command.itemId(), wrong));
            return;
        }
        final Optional<Reply> recalled = requests.recall(command);
        if (recalled.isPresent()) {
            out.answer(recalled.get());
        } else if (command instanceof Command.ClaimNext next) {
            remember(command, claimNext.answer(next, now), now);
        } else if (command instanceof Command.WatchDependency watch) {
            watchers.watch(watch, items.get(watch.itemId())).ifPresent(out::send);
        } else {
            onItemCommand(record, command, now);
        }
    }

    /** A command about one item: caught up with time, decided, applied, answered; parked while the item is unknown. */
    private void onItemCommand(Record<String, Object> record, Command command, Instant now) {
        Reply reply;
        try {
            final Item item = transitions.catchUpOrKeep(items.get(command.itemId()), now);
            if (item == null) {
                if (parked.park(command, now)) {
                    LOG.debugf(
                            "backlog.claim id=%s status=parked request=%s",
                            Text.inert(command.itemId()), Text.inert(command.requestId()));
                }
                return;
            }
            final Decision decision = rule.decide(item, command, now);
            if (command instanceof Command.SettleDependency) {
                // Engine to engine: nobody waits for an answer, so a refusal is a dead letter.
                if (decision.rejected()) {
                    out.deadLetter(
                            record,
                            Inputs.reencode(command),
                            "refused: " + decision.rejection().detail());
                } else {
                    transitions.apply(item, decision.events());
                }
                return;
            }
            reply = decision.rejected()
                    ? new Reply.Rejected(command.requestId(), decision.rejection())
                    : accepted(command, transitions.apply(item, decision.events()));
        } catch (Unstorable e) {
            if (!Inputs.awaited(command)) {
                out.deadLetter(
                        record,
                        Inputs.reencode(command),
                        "refused: " + e.rejection().detail());
                return;
            }
            reply = new Reply.Rejected(command.requestId(), e.rejection());
        }
        if (reply instanceof Reply.Rejected rejected) {
            LOG.debugf(
                    "backlog.claim id=%s status=rejected reason=%s request=%s",
                    Text.inert(command.itemId()), rejected.rejection().reason(), Text.inert(command.requestId()));
        }
        // A refusal is remembered like any answer: the same request id, replayed, hears the same.
        remember(command, reply, now);
    }

    /** The answer to an accepted command: the grant for a claim, the item's new state for the others. */
    private static Reply accepted(Command command, Item after) {
        return command instanceof Command.ClaimItem
                ? new Reply.Granted(command.requestId(), List.of(ClaimNextGrants.grant(after)))
                : new Reply.Accepted(command.requestId(), after.id(), after.state(), after.epoch(), after.leaseUntil());
    }

    private void remember(Command command, Reply reply, Instant now) {
        requests.remember(command, reply, now);
        out.answer(reply);
    }
}
