package dev.baton.claim.topology;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.baton.claim.engine.Admission;
import dev.baton.claim.engine.ClaimRule;
import dev.baton.claim.engine.Decision;
import dev.baton.claim.engine.Storable;
import dev.baton.claim.engine.Times;
import dev.baton.contracts.catalog.Stores;
import dev.baton.contracts.command.Command;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.event.LifecycleLine;
import dev.baton.contracts.http.Violation;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.json.Codec;
import dev.baton.contracts.json.Decoded;
import dev.baton.contracts.limits.Limits;
import dev.baton.contracts.limits.Rules;
import dev.baton.contracts.limits.Text;
import dev.baton.contracts.reply.Grant;
import dev.baton.contracts.reply.ReadyHint;
import dev.baton.contracts.reply.Rejection;
import dev.baton.contracts.reply.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * The claim engine of one partition: applies submissions and agent commands to the items it
 * owns, keeps the indexes, answers each command once, and lets time expire leases and wake
 * waiting items. All decisions come from {@link ClaimRule}; this class only reads and writes
 * state and records.
 *
 * <p>Inputs ({@code backlog-items}, {@code claim-requests}) are co-partitioned by item id, so the
 * one processor of a partition sees every record about its items, in order per topic. The two
 * topics are not ordered against each other: a command about an item whose submission has not
 * been seen yet is parked for a short grace period and decided when the submission arrives.
 *
 * <p>One record can never stop or wedge it. Each is admitted first ({@link Admission}: the same
 * rules as the door), and a refusal is answered to whoever waits for it or dead-lettered with
 * its reason, with nothing stored. A transition is applied only once all it would write is known
 * to encode within bounds ({@link Storable}), so nothing fails half-way through one. Every
 * record it writes stays within one Kafka record: grants per answer, types per hint and dead
 * letters are cut to fit. A stored item that cannot be read or indexed is skipped, never fatal.
 */
final class ClaimProcessor implements Processor<String, Object, String, Object> {

    private static final Logger LOG = Logger.getLogger("backlog.claim");
    private static final Codec<Command> COMMANDS = Codec.of(Command.class);
    private static final Codec<ItemEvent> EVENTS = Codec.of(ItemEvent.class);
    private static final Codec<Reply> REPLIES = Codec.of(Reply.class);
    private static final int MAX_BATCH = 100;
    /** Bounds the work of one punctuation so a burst of expiries cannot stall the stream thread. */
    private static final int MAX_PER_TICK = 2_000;
    /** Candidates a claim-next may pass over (items whose grant cannot be stored) before it gives up. */
    private static final int MAX_PASSED_OVER = 16;
    /**
     * Types a hint names, the most urgent first: a hint is one record, and a partition may hold
     * ready items of any number of types. About 150 bytes each at most.
     */
    private static final int MAX_HINT_TYPES = 2_000;

    private final ClaimRule rule;
    private final Duration tick;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, Item> items;
    /*
     * The indexes are derived from the items store and rebuilt from it when the task starts: kept
     * in memory they cost no changelog writes in each transaction and none of the tombstones a
     * RocksDB queue accumulates at its head. They hold live items only (ready, claimed, waiting).
     */
    private final NavigableMap<String, String> ready = new TreeMap<>();
    private final NavigableMap<String, String> leases = new TreeMap<>();
    private final NavigableMap<String, String> wakes = new TreeMap<>();
    /** Finished items by the time they may be forgotten. */
    private final NavigableMap<String, String> purges = new TreeMap<>();
    private KeyValueStore<String, String> requests;
    private KeyValueStore<String, String> pending;
    private KeyValueStore<String, String> watchers;
    private final Map<String, Integer> readyByType = new TreeMap<>();
    private boolean hintDirty = true;
    private boolean rebuilding;

    ClaimProcessor(ClaimRule rule, Duration tick) {
        this.rule = rule;
        this.tick = tick;
    }

    @Override
    public void init(ProcessorContext<String, Object> ctx) {
        this.context = ctx;
        items = ctx.getStateStore(Stores.ITEMS);
        requests = ctx.getStateStore(Stores.REQUESTS);
        pending = ctx.getStateStore(Stores.PENDING);
        watchers = ctx.getStateStore(Stores.WATCHERS);
        // Indexes and the ready hint are derived state: rebuilt from the items once per task assignment.
        rebuilding = true;
        try {
            rebuildIndexes();
        } finally {
            rebuilding = false;
        }
        ctx.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::onTick);
    }

    /**
     * Indexes every stored item. An item that cannot be read or indexed (stored by an older build,
     * or damaged) is left out and said so: the rest of the partition must come up and serve, and
     * a command about that item is refused with the reason when it comes.
     */
    private void rebuildIndexes() {
        int skipped = 0;
        try (KeyValueIterator<String, Item> all = items.all()) {
            while (all.hasNext()) {
                final KeyValue<String, Item> entry;
                try {
                    // Reading the value may fail; the iterator has moved past it by then.
                    entry = all.next();
                } catch (StreamsException e) {
                    throw e;
                } catch (RuntimeException e) {
                    skipped++;
                    LOG.errorf("backlog.claim status=unreadable-item reason=\"%s\"", Text.inert(e.toString()));
                    continue;
                }
                try {
                    reindex(null, entry.value);
                } catch (RuntimeException e) {
                    skipped++;
                    LOG.errorf("backlog.claim id=%s status=not-indexed reason=\"%s\"", Text.inert(entry.key),
                            Text.inert(e.toString()));
                }
            }
        }
        if (skipped > 0) {
            LOG.warnf("backlog.claim status=rebuilt partition=%d skipped=%d", context.taskId().partition(), skipped);
        }
    }

    @Override
    public void process(Record<String, Object> record) {
        final Object value = record.value();
        if (value == null) {
            return;
        }
        if (value instanceof Decoded.Failed<?> failed) {
            deadLetter(record, failed.raw(), failed.reason());
            return;
        }
        final Object decoded = ((Decoded.Ok<?>) value).value();
        final Instant now = now();
        try {
            if (decoded instanceof ItemEvent.ItemSubmitted submitted) {
                onSubmitted(record, submitted, now);
            } else if (decoded instanceof Command command) {
                onArrival(record, command, now);
            } else {
                deadLetter(record, reencode(decoded), "unexpected record " + decoded.getClass().getSimpleName()
                        + " on this topic; only ItemSubmitted and commands are read");
            }
        } catch (StreamsException e) {
            throw e; // Kafka's own condition (a fenced producer, a failed store): Streams must handle it
        } catch (RuntimeException e) {
            // Whatever was not foreseen: the caller hears of it, the record goes to the DLQ, the stream goes on.
            // Nothing is half-applied: apply() writes only what it has checked.
            failed(record, decoded, e);
        }
    }

    private void failed(Record<String, Object> record, Object decoded, RuntimeException e) {
        LOG.errorf("backlog.claim status=error key=%s reason=\"%s\"", Text.inert(record.key()),
                Text.inert(e.toString()));
        LOG.debugf("backlog.claim status=error trace=\"%s\"", trace(e));
        final Rejection refusal = Rejection.invalid(itemIdOf(decoded),
                "the engine could not apply this request (" + e.getClass().getSimpleName() + ")");
        if (decoded instanceof Command command && awaited(command)) {
            answer(new Reply.Rejected(command.requestId(), refusal));
        } else if (decoded instanceof ItemEvent.ItemSubmitted submitted && answerable(submitted.requestId())) {
            answer(new Reply.Rejected(submitted.requestId(), refusal));
        }
        deadLetter(record, reencode(decoded), "engine error: " + e);
    }

    private static String itemIdOf(Object decoded) {
        final String id = decoded instanceof Command c ? c.itemId()
                : decoded instanceof ItemEvent e ? e.itemId() : null;
        return id != null && Limits.ITEM_ID.matcher(id).matches() ? id : null;
    }

    /** The record as it was read, for a dead letter; {@code null} when even that fails. */
    private static byte[] reencode(Object decoded) {
        try {
            if (decoded instanceof Command command) {
                return COMMANDS.encode(command);
            }
            return decoded instanceof ItemEvent event ? EVENTS.encode(event) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Someone waits for an answer to this command: it is not a notice between partitions, and it
     * carries a request id an answer can be keyed by.
     */
    private static boolean awaited(Command command) {
        return !(command instanceof Command.WatchDependency || command instanceof Command.SettleDependency)
                && answerable(command.requestId());
    }

    /**
     * A request id the rules accept. Only those are answered: a caller that sent another (a lone
     * surrogate, a kilobyte of text) could not be matched with its answer anyway, and the answer
     * might not even encode; such records go to the DLQ instead.
     */
    private static boolean answerable(String requestId) {
        return requestId != null && Limits.REQUEST_ID_PATTERN_FOR_COMMANDS.matcher(requestId).matches();
    }

    /**
     * A record the rules refuse: the caller is answered (nothing is remembered, nothing stored);
     * a record nobody waits for goes to the DLQ with the reason.
     */
    private void refuse(Record<String, Object> record, Object decoded, String requestId, boolean awaited,
            Rejection refusal) {
        LOG.debugf("backlog.claim id=%s status=refused request=%s reason=\"%s\"", Text.inert(refusal.itemId()),
                Text.inert(requestId), Text.inert(refusal.detail()));
        if (awaited) {
            answer(new Reply.Rejected(requestId, refusal));
        } else {
            deadLetter(record, reencode(decoded), "refused: " + refusal.detail());
        }
    }

    // ------------------------------------------------------------------ inputs

    private void onSubmitted(Record<String, Object> record, ItemEvent.ItemSubmitted submitted, Instant now) {
        final List<Violation> wrong = Admission.submission(submitted, record.key(), now);
        final boolean awaited = answerable(submitted.requestId());
        if (!wrong.isEmpty()) {
            refuse(record, submitted, submitted.requestId(), awaited, Admission.refusal(submitted.itemId(), wrong));
            return;
        }
        final Item existing = items.get(submitted.itemId());
        final Item after;
        try {
            after = apply(existing, rule.submit(existing, submitted, now));
        } catch (Unstorable e) {
            refuse(record, submitted, submitted.requestId(), awaited, e.rejection);
            return;
        }
        if (existing == null) {
            // Dependencies may live in other partitions: ask each to tell this item when it ends.
            for (String dependency : after.spec().dependsOn()) {
                send(new Command.WatchDependency("watch:" + dependency + ">" + after.id(), dependency, after.id()));
            }
        }
        if (submitted.requestId() != null) {
            // The submitter waits for this: new, or the same idempotency key seen before.
            answer(new Reply.Submitted(submitted.requestId(), existing != null, after));
        }
        // Commands that arrived before the submission are decided now, in arrival order.
        final String prefix = "c" + IndexKeys.SEP + submitted.itemId() + IndexKeys.SEP;
        final List<KeyValue<String, String>> parked = new ArrayList<>();
        try (KeyValueIterator<String, String> it = pending.prefixScan(prefix, new StringSerializer())) {
            it.forEachRemaining(parked::add);
        }
        parked.sort((a, b) -> a.value.compareTo(b.value));
        for (KeyValue<String, String> entry : parked) {
            unpark(entry.key, entry.value);
            decideParked(record, entry.value, now);
        }
    }

    /** A parked command, decided now that its item is here; one that fails is answered and dead-lettered alone. */
    private void decideParked(Record<String, Object> record, String parked, Instant now) {
        final byte[] raw = parkedCommand(parked).getBytes(UTF_8);
        final Decoded<Command> decoded = COMMANDS.decode(raw);
        final Record<String, Object> asRead = new Record<>(record.key(), decoded, record.timestamp());
        if (decoded instanceof Decoded.Failed<Command> failed) {
            deadLetter(asRead, raw, "parked command unreadable: " + failed.reason());
            return;
        }
        final Command command = ((Decoded.Ok<Command>) decoded).value();
        try {
            onArrival(asRead, command, now);
        } catch (StreamsException e) {
            throw e;
        } catch (RuntimeException e) {
            failed(asRead, command, e);
        }
    }

    /** A command as it arrives: admitted by the rules, then decided. */
    private void onArrival(Record<String, Object> record, Command command, Instant now) {
        final List<Violation> wrong = Admission.command(command);
        if (!wrong.isEmpty()) {
            refuse(record, command, command.requestId(), awaited(command), Admission.refusal(command.itemId(), wrong));
            return;
        }
        onCommand(record, command, now);
    }

    private void onCommand(Record<String, Object> record, Command command, Instant now) {
        final String fingerprint = fingerprint(command);
        final String remembered = requests.get(requestKey(command.requestId()));
        if (remembered != null) {
            final int newline = remembered.indexOf('\n');
            if (remembered.substring(0, newline).equals(fingerprint)) {
                answer(REPLIES.decodeOrThrow(remembered.substring(newline + 1).getBytes(UTF_8)));
            } else {
                answer(new Reply.Rejected(command.requestId(), Rejection.invalid(command.itemId(),
                        "request id " + command.requestId() + " was already used for a different command")));
            }
            return;
        }
        if (command instanceof Command.ClaimNext next) {
            remember(fingerprint, claimNext(next, now), now);
            return;
        }
        if (command instanceof Command.WatchDependency watch) {
            watch(watch);
            return;
        }
        Reply reply;
        try {
            final Item item = settleOrKeep(items.get(command.itemId()), now);
            if (item == null) {
                park(command, now);
                return;
            }
            final Decision decision = rule.decide(item, command, now);
            if (command instanceof Command.SettleDependency) {
                // Engine to engine: nobody waits for an answer, so a refusal is a dead letter.
                if (decision.rejected()) {
                    deadLetter(record, reencode(command), "refused: " + decision.rejection().detail());
                } else {
                    apply(item, decision.events());
                }
                return;
            }
            if (decision.rejected()) {
                reply = new Reply.Rejected(command.requestId(), decision.rejection());
            } else {
                final Item after = apply(item, decision.events());
                reply = command instanceof Command.ClaimItem
                        ? new Reply.Granted(command.requestId(), List.of(grant(after)))
                        : new Reply.Accepted(command.requestId(), after.id(), after.state(), after.epoch(),
                                after.leaseUntil());
            }
        } catch (Unstorable e) {
            if (!awaited(command)) {
                deadLetter(record, reencode(command), "refused: " + e.rejection.detail());
                return;
            }
            reply = new Reply.Rejected(command.requestId(), e.rejection);
        }
        if (reply instanceof Reply.Rejected rejected) {
            LOG.debugf("backlog.claim id=%s status=rejected reason=%s request=%s", Text.inert(command.itemId()),
                    rejected.rejection().reason(), Text.inert(command.requestId()));
        }
        // A refusal is remembered like any answer: the same request id, replayed, hears the same.
        remember(fingerprint, reply, now);
    }

    /**
     * Grants up to {@code max} of the most urgent ready items. The answer is one record (and is
     * remembered for a retry), so grants stop once their payloads fill
     * {@link Limits#MAX_ITEM_STATE_BYTES}; the rest stay ready for the next call. An item whose
     * grant cannot be stored is passed over, so it cannot hold up the items behind it.
     */
    private Reply claimNext(Command.ClaimNext next, Instant now) {
        final Rejection badRequest = rule.claimRequestProblem(null, next.agent(), next.leaseSeconds());
        if (badRequest != null) {
            return new Reply.Rejected(next.requestId(), badRequest);
        }
        final int max = Math.max(1, Math.min(MAX_BATCH, next.max()));
        final List<Grant> grants = new ArrayList<>();
        int bytes = 0;
        for (String id : candidates(next.types(), max + MAX_PASSED_OVER)) {
            if (grants.size() >= max) {
                break;
            }
            try {
                final Item item = items.get(id);
                if (item == null || item.state() != ItemState.READY) {
                    continue;
                }
                final Decision decision = rule.claim(item, next.agent(), next.leaseSeconds(), now);
                if (decision.rejected()) {
                    LOG.warnf("backlog.claim id=%s status=passed-over reason=\"%s\"", Text.inert(id),
                            Text.inert(decision.rejection().detail()));
                    continue;
                }
                final int size = Rules.encodedSize(grant(ClaimRule.fold(item, decision.events())));
                if (!grants.isEmpty() && bytes + size > Limits.MAX_ITEM_STATE_BYTES) {
                    break;
                }
                grants.add(grant(apply(item, decision.events())));
                bytes += size;
            } catch (StreamsException e) {
                throw e;
            } catch (RuntimeException e) {
                // This candidate only (unreadable, or not storable): the others are still granted.
                LOG.errorf("backlog.claim id=%s status=passed-over reason=\"%s\"", Text.inert(id),
                        Text.inert(e.toString()));
            }
        }
        return new Reply.Granted(next.requestId(), grants);
    }

    /** The most urgent ready items of the given types (empty: any), most urgent first. */
    private List<String> candidates(List<String> types, int max) {
        final List<String> wanted = types.isEmpty() ? List.of(IndexKeys.ANY_TYPE) : types;
        // Each type's range is already in order; merge their heads by (priority, age).
        final TreeMap<String, String> merged = new TreeMap<>();
        for (String type : wanted) {
            if (!IndexKeys.ANY_TYPE.equals(type) && readyByType.getOrDefault(type, 0) == 0) {
                continue;
            }
            int taken = 0;
            final String prefix = IndexKeys.readyPrefix(type);
            for (Map.Entry<String, String> entry : ready.subMap(prefix, prefix + '\uffff').entrySet()) {
                if (taken++ >= max) {
                    break;
                }
                merged.put(IndexKeys.withoutFirstPart(entry.getKey()), entry.getValue());
            }
        }
        return merged.values().stream().limit(max).toList();
    }

    // ------------------------------------------------------------------ dependencies

    /** Records that a dependent waits for this item; tells it at once if this item has already ended. */
    private void watch(Command.WatchDependency watch) {
        watchers.put(watch.itemId() + IndexKeys.SEP + watch.dependentId(), "");
        final Item dependency = items.get(watch.itemId());
        if (dependency != null && dependency.state().terminal()) {
            settleDependent(dependency, watch.dependentId());
        }
    }

    /** This item ended: tell every item that waits for it. Done and cancelled are final, dead may be redriven. */
    private void notifyWatchers(Item ended) {
        final String prefix = ended.id() + IndexKeys.SEP;
        final List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, String> it = watchers.prefixScan(prefix, new StringSerializer())) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        for (String key : keys) {
            settleDependent(ended, IndexKeys.lastPart(key));
            if (ended.state() != ItemState.DEAD) {
                watchers.delete(key);
            }
        }
    }

    private void settleDependent(Item dependency, String dependentId) {
        send(new Command.SettleDependency("settle:" + dependency.id() + ">" + dependentId + ":" + dependency.state()
                + ":" + Times.millis(dependency.updatedAt()), dependentId, dependency.id(), dependency.state()));
    }

    private void send(Command command) {
        context.forward(new Record<>(command.itemId(), command, context.currentSystemTimeMs()),
                ClaimTopology.REQUESTS_SINK);
    }

    // ------------------------------------------------------------------ time

    private void onTick(long wallClockMillis) {
        final Instant now = Instant.ofEpochMilli(wallClockMillis);
        final int[] budget = {MAX_PER_TICK};
        // Each step alone: a failure is logged and the others still run, for a punctuator must not throw.
        guarded("leases", () -> budget[0] -= dueFrom(leases, wallClockMillis, budget[0], now));
        guarded("wakes", () -> budget[0] -= dueFrom(wakes, wallClockMillis, budget[0], now));
        guarded("parked", () -> budget[0] -= expireParked(wallClockMillis, Math.max(budget[0], 0), now));
        guarded("finished", () -> budget[0] -= forgetFinished(wallClockMillis, Math.max(budget[0], 0)));
        guarded("requests", () -> forgetRequests(Times.minusMillis(wallClockMillis,
                rule.settings().requestMemory()), Math.max(budget[0], 100)));
        guarded("hint", () -> publishHint(now));
    }

    private static void guarded(String step, Runnable work) {
        try {
            work.run();
        } catch (StreamsException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.errorf("backlog.claim status=tick-failed step=%s reason=\"%s\"", step, Text.inert(e.toString()));
            LOG.debugf("backlog.claim status=tick-failed trace=\"%s\"", trace(e));
        }
    }

    private int dueFrom(NavigableMap<String, String> index, long nowMillis, int budget, Instant now) {
        final List<Map.Entry<String, String>> due = dueEntries(index, nowMillis, budget);
        for (Map.Entry<String, String> entry : due) {
            try {
                final Item item = items.get(entry.getValue());
                if (settle(item, now) == item) {
                    // Nothing was due after all: the entry outlived its item's state; drop it.
                    index.remove(entry.getKey());
                }
            } catch (StreamsException e) {
                throw e;
            } catch (RuntimeException e) {
                // What time would do to this item cannot be applied (unreadable, or its state would not fit):
                // drop the entry so it is not tried every tick; a command about the item still hears why.
                index.remove(entry.getKey());
                LOG.errorf("backlog.claim id=%s status=not-due reason=\"%s\"", Text.inert(entry.getValue()),
                        Text.inert(e instanceof Unstorable u ? u.rejection.detail() : e.toString()));
            }
        }
        return due.size();
    }

    /**
     * Forgets items finished longer ago than the retention: the store stays the size of the live
     * backlog plus recent history, and a tombstone on {@code claims} lets compaction drop them too.
     */
    private int forgetFinished(long nowMillis, int budget) {
        final List<Map.Entry<String, String>> due = dueEntries(purges, nowMillis, budget);
        for (Map.Entry<String, String> entry : due) {
            purges.remove(entry.getKey());
            final Item item = items.get(entry.getValue());
            if (item != null && finished(item) && purgeAt(item) <= nowMillis) {
                items.delete(item.id());
                context.forward(new Record<String, Object>(item.id(), null, nowMillis), ClaimTopology.CLAIMS_SINK);
                LOG.debugf("backlog.claim id=%s status=forgotten", Text.inert(item.id()));
            }
        }
        return due.size();
    }

    private static boolean finished(Item item) {
        return item.state() == ItemState.DONE || item.state() == ItemState.CANCELLED;
    }

    private long purgeAt(Item item) {
        return Times.millis(Times.plus(item.updatedAt(), rule.settings().doneRetention()));
    }

    /** Up to {@code budget} entries of a time-ordered index that are due by now, copied out so the index can change. */
    private static List<Map.Entry<String, String>> dueEntries(NavigableMap<String, String> index, long nowMillis,
            int budget) {
        final List<Map.Entry<String, String>> due = new ArrayList<>();
        for (Map.Entry<String, String> entry : index.headMap(IndexKeys.after(nowMillis)).entrySet()) {
            if (due.size() >= budget) {
                break;
            }
            due.add(Map.entry(entry.getKey(), entry.getValue()));
        }
        return due;
    }

    /**
     * {@link #settle}, or the item as stored when what time did to it cannot be stored (an item
     * an older build left over the state's bound): the command is then decided against the
     * stored state, where it can only succeed by not growing it, so an operator can still end it.
     */
    private Item settleOrKeep(Item item, Instant now) {
        try {
            return settle(item, now);
        } catch (Unstorable e) {
            LOG.warnf("backlog.claim id=%s status=not-due reason=\"%s\"", Text.inert(item.id()),
                    Text.inert(e.rejection.detail()));
            return item;
        }
    }

    /** Applies what time has done to the item by now; returns the item as it is then. */
    private Item settle(Item item, Instant now) {
        final List<ItemEvent> due = rule.due(item, now);
        return due.isEmpty() ? item : apply(item, due);
    }

    // ------------------------------------------------------------------ pending commands

    private void park(Command command, Instant now) {
        final long deadline = Times.millis(Times.plus(now, rule.settings().unknownGrace()));
        final String key = "c" + IndexKeys.SEP + command.itemId() + IndexKeys.SEP + command.requestId();
        if (pending.get(key) != null) {
            return; // the same request, sent again while parked: one answer will come
        }
        pending.put(key, IndexKeys.millis(deadline) + "\n" + new String(COMMANDS.encode(command), UTF_8));
        pending.put("t" + IndexKeys.SEP + IndexKeys.timed(deadline, command.itemId(), command.requestId()), "");
        LOG.debugf("backlog.claim id=%s status=parked request=%s", Text.inert(command.itemId()),
                Text.inert(command.requestId()));
    }

    private void unpark(String commandKey, String value) {
        final String[] parts = IndexKeys.parts(commandKey);
        pending.delete(commandKey);
        pending.delete("t" + IndexKeys.SEP + IndexKeys.timed(Long.parseLong(value.substring(0, value.indexOf('\n'))),
                parts[1], parts[2]));
    }

    private static String parkedCommand(String value) {
        return value.substring(value.indexOf('\n') + 1);
    }

    private int expireParked(long nowMillis, int budget, Instant now) {
        final List<String> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = pending.range("t" + IndexKeys.SEP,
                "t" + IndexKeys.SEP + IndexKeys.after(nowMillis))) {
            while (it.hasNext() && due.size() < budget) {
                due.add(it.next().key);
            }
        }
        for (String timerKey : due) {
            final String[] parts = IndexKeys.parts(timerKey);
            final String commandKey = "c" + IndexKeys.SEP + parts[2] + IndexKeys.SEP + parts[3];
            final String value = pending.get(commandKey);
            pending.delete(timerKey);
            if (value != null) {
                pending.delete(commandKey);
                if (COMMANDS.decode(parkedCommand(value).getBytes(UTF_8)) instanceof Decoded.Ok<Command> ok) {
                    final Command command = ok.value();
                    remember(fingerprint(command), new Reply.Rejected(command.requestId(),
                            Rejection.unknownItem(command.itemId())), now);
                } else {
                    LOG.errorf("backlog.claim id=%s status=parked-unreadable request=%s", Text.inert(parts[2]),
                            Text.inert(parts[3]));
                }
            }
        }
        return due.size();
    }

    // ------------------------------------------------------------------ request memory

    private static String requestKey(String requestId) {
        return "r" + IndexKeys.SEP + requestId;
    }

    private void remember(String fingerprint, Reply reply, Instant now) {
        requests.put(requestKey(reply.requestId()), fingerprint + "\n" + new String(REPLIES.encode(reply), UTF_8));
        requests.put("t" + IndexKeys.SEP + IndexKeys.timed(now.toEpochMilli(), reply.requestId()), "");
        answer(reply);
    }

    private void forgetRequests(long olderThanMillis, int budget) {
        final List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, String> it = requests.range("t" + IndexKeys.SEP,
                "t" + IndexKeys.SEP + IndexKeys.after(olderThanMillis))) {
            while (it.hasNext() && old.size() < budget) {
                old.add(it.next().key);
            }
        }
        for (String timerKey : old) {
            requests.delete(timerKey);
            requests.delete(requestKey(IndexKeys.lastPart(timerKey)));
        }
    }

    private static String fingerprint(Command command) {
        return Integer.toHexString(Arrays.hashCode(COMMANDS.encode(command)));
    }

    // ------------------------------------------------------------------ state and outputs

    /**
     * Applies events to an item: store, indexes, the audit log and the compacted claim state.
     * Validate, then mutate: the new state is folded and every record it writes is encoded once
     * before anything is written, so a transition is stored whole or not at all.
     *
     * @throws Unstorable before any write, when the state or an event would not fit or not encode
     */
    private Item apply(Item before, List<ItemEvent> events) {
        if (events.isEmpty()) {
            return before;
        }
        final Rejection unstorable = Storable.check(before, events);
        if (unstorable != null) {
            throw new Unstorable(unstorable);
        }
        final Item after = ClaimRule.fold(before, events);
        items.put(after.id(), after);
        for (ItemEvent event : events) {
            context.forward(new Record<>(event.itemId(), event, stamp(event.at())), ClaimTopology.EVENTS_SINK);
            LOG.info(LifecycleLine.of(event));
        }
        reindex(before, after);
        if (after.state().terminal() && (before == null || before.state() != after.state())) {
            notifyWatchers(after);
        }
        context.forward(new Record<>(after.id(), after, stamp(after.updatedAt())), ClaimTopology.CLAIMS_SINK);
        return after;
    }

    /** A record timestamp for a time: never negative, which a producer refuses. */
    private static long stamp(Instant at) {
        return at == null ? 0 : Math.max(0, Times.millis(at));
    }

    /** A transition that was refused before anything was written, and why. */
    private static final class Unstorable extends RuntimeException {
        private final transient Rejection rejection;

        Unstorable(Rejection rejection) {
            super(rejection.detail(), null, false, false);
            this.rejection = rejection;
        }
    }

    private void reindex(Item before, Item after) {
        if (before != null) {
            if (before.state() == ItemState.READY) {
                ready.remove(readyKey(before, before.spec().type()));
                ready.remove(readyKey(before, IndexKeys.ANY_TYPE));
                count(before.spec().type(), -1);
            } else if (before.state() == ItemState.CLAIMED && before.leaseUntil() != null) {
                leases.remove(IndexKeys.timed(before.leaseUntil(), before.id()));
            } else if (before.state() == ItemState.WAITING && before.wakeAt() != null) {
                wakes.remove(IndexKeys.timed(before.wakeAt(), before.id()));
            }
        }
        if (finished(after) && after.updatedAt() != null && (before == null || !finished(before))) {
            purges.put(IndexKeys.timed(purgeAt(after), after.id()), after.id());
        }
        if (after.state() == ItemState.READY) {
            final String type = after.spec().type();
            final String prefix = IndexKeys.readyPrefix(type);
            final String head = ready.ceilingKey(prefix);
            final boolean newTop = head == null || !head.startsWith(prefix)
                    || IndexKeys.priorityOf(head) < after.spec().priority();
            ready.put(readyKey(after, type), after.id());
            ready.put(readyKey(after, IndexKeys.ANY_TYPE), after.id());
            count(type, 1);
            // The API routes claim-next to the partition with the most urgent work: say so at once.
            if (newTop && !rebuilding) {
                hintDirty = true;
                publishHint(now());
            }
        } else if (after.state() == ItemState.CLAIMED && after.leaseUntil() != null) {
            leases.put(IndexKeys.timed(after.leaseUntil(), after.id()), after.id());
        } else if (after.state() == ItemState.WAITING && after.wakeAt() != null && after.waitingOn().isEmpty()
                && after.blockedBy().isEmpty()) {
            wakes.put(IndexKeys.timed(after.wakeAt(), after.id()), after.id());
        }
    }

    private static String readyKey(Item item, String type) {
        return IndexKeys.ready(type, item.spec().priority(), item.submittedAt(), item.id());
    }

    private void count(String type, int delta) {
        final int before = readyByType.getOrDefault(type, 0);
        final int after = Math.max(0, before + delta);
        if (after == 0) {
            readyByType.remove(type);
        } else {
            readyByType.put(type, after);
        }
        hintDirty = true;
        // Whether a partition has anything of a type is what the API routes on: say so at once.
        if ((before == 0 || after == 0) && !rebuilding) {
            publishHint(now());
        }
    }

    private void publishHint(Instant now) {
        if (!hintDirty) {
            return;
        }
        final int partition = context.taskId().partition();
        Map<String, Integer> top = new HashMap<>();
        for (String type : readyByType.keySet()) {
            final String head = ready.ceilingKey(IndexKeys.readyPrefix(type));
            if (head != null && head.startsWith(IndexKeys.readyPrefix(type))) {
                top.put(type, IndexKeys.priorityOf(head));
            }
        }
        final Map<String, Integer> counts = new HashMap<>();
        if (top.size() > MAX_HINT_TYPES) {
            // One record: the most urgent types are named, the rest wait for a hint with room for them.
            top = top.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                            .thenComparing(Map.Entry.comparingByKey()))
                    .limit(MAX_HINT_TYPES)
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        }
        for (String type : top.keySet()) {
            counts.put(type, readyByType.get(type));
        }
        context.forward(new Record<>(Integer.toString(partition),
                new ReadyHint(partition, counts, top, now), now.toEpochMilli()),
                ClaimTopology.HINTS_SINK);
        hintDirty = false;
    }

    private Grant grant(Item item) {
        return new Grant(item.id(), item.epoch(), item.leaseUntil(), new Grant.Work(item.spec().type(),
                item.spec().title(), item.spec().payload(), item.spec().priority(), item.spec().labels(),
                item.attempts() + 1));
    }

    private void answer(Reply reply) {
        context.forward(new Record<>(reply.requestId(), reply, context.currentSystemTimeMs()),
                ClaimTopology.REPLIES_SINK);
    }

    /** Writes a record the engine will not apply to {@code claim-engine-dlq}, with the reason ({@link DeadLetter}). */
    private void deadLetter(Record<String, Object> record, byte[] raw, String reason) {
        final DeadLetter dead = DeadLetter.of(record, raw, reason, context.recordMetadata().orElse(null), now());
        LOG.warnf("backlog.claim status=dead-letter key=%s reason=\"%s\"",
                Text.inert(DeadLetter.clip(record.key(), 300)), Text.inert(dead.reason()));
        context.forward(dead.record(), ClaimTopology.DLQ_SINK);
    }

    /** A stack trace as one inert line: an exception's message may quote what a client sent. */
    private static String trace(Throwable e) {
        final java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return Text.inert(out.toString());
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }
}
