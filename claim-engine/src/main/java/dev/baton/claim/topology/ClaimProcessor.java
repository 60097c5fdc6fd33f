package dev.baton.claim.topology;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.baton.claim.engine.ClaimRule;
import dev.baton.claim.engine.Decision;
import dev.baton.contracts.catalog.DeadLetters;
import dev.baton.contracts.catalog.Stores;
import dev.baton.contracts.command.Command;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.event.LifecycleLine;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.json.Codec;
import dev.baton.contracts.json.Decoded;
import dev.baton.contracts.reply.Grant;
import dev.baton.contracts.reply.ReadyHint;
import dev.baton.contracts.reply.Rejection;
import dev.baton.contracts.reply.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
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
 */
final class ClaimProcessor implements Processor<String, Object, String, Object> {

    private static final Logger LOG = Logger.getLogger("backlog.claim");
    private static final Codec<Command> COMMANDS = Codec.of(Command.class);
    private static final Codec<ItemEvent> EVENTS = Codec.of(ItemEvent.class);
    private static final Codec<Reply> REPLIES = Codec.of(Reply.class);
    private static final int MAX_BATCH = 100;
    /** Bounds the work of one punctuation so a burst of expiries cannot stall the stream thread. */
    private static final int MAX_PER_TICK = 2_000;

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
        try (KeyValueIterator<String, Item> all = items.all()) {
            while (all.hasNext()) {
                reindex(null, all.next().value);
            }
        }
        rebuilding = false;
        ctx.schedule(tick, PunctuationType.WALL_CLOCK_TIME, this::onTick);
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
                onSubmitted(submitted, now);
            } else if (decoded instanceof Command command) {
                onCommand(command, now);
            } else {
                deadLetter(record, reencode(decoded), "unexpected record " + decoded.getClass().getSimpleName()
                        + " on this topic; only ItemSubmitted and commands are read");
            }
        } catch (RuntimeException e) {
            // One bad record must not stop the engine: it goes to the DLQ with the reason.
            LOG.errorf(e, "backlog.claim status=error key=%s", record.key());
            deadLetter(record, reencode(decoded), "engine error: " + e);
        }
    }

    private static byte[] reencode(Object decoded) {
        if (decoded instanceof Command command) {
            return COMMANDS.encode(command);
        }
        return decoded instanceof ItemEvent event ? EVENTS.encode(event) : null;
    }

    // ------------------------------------------------------------------ inputs

    private void onSubmitted(ItemEvent.ItemSubmitted submitted, Instant now) {
        final Item existing = items.get(submitted.itemId());
        final Item after = apply(existing, rule.submit(existing, submitted, now));
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
            final Command command = COMMANDS.decodeOrThrow(parkedCommand(entry.value).getBytes(UTF_8));
            onCommand(command, now);
        }
    }

    private void onCommand(Command command, Instant now) {
        if (command.requestId() == null || command.requestId().isBlank()) {
            throw new IllegalArgumentException("a command without a request id cannot be answered");
        }
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
        final Item item = settle(items.get(command.itemId()), now);
        if (item == null) {
            park(command, now);
            return;
        }
        final Decision decision = rule.decide(item, command, now);
        if (command instanceof Command.SettleDependency) {
            apply(item, decision.events()); // engine to engine: nobody waits for an answer
            return;
        }
        final Reply reply;
        if (decision.rejected()) {
            reply = new Reply.Rejected(command.requestId(), decision.rejection());
            LOG.debugf("backlog.claim id=%s status=rejected reason=%s request=%s", command.itemId(),
                    decision.rejection().reason(), command.requestId());
        } else {
            final Item after = apply(item, decision.events());
            reply = command instanceof Command.ClaimItem
                    ? new Reply.Granted(command.requestId(), List.of(grant(after)))
                    : new Reply.Accepted(command.requestId(), after.id(), after.state(), after.epoch(),
                            after.leaseUntil());
        }
        remember(fingerprint, reply, now);
    }

    private Reply claimNext(Command.ClaimNext next, Instant now) {
        final int max = Math.max(1, Math.min(MAX_BATCH, next.max()));
        final List<Grant> grants = new ArrayList<>();
        for (String id : candidates(next.types(), max)) {
            final Item item = items.get(id);
            if (item == null || item.state() != ItemState.READY) {
                continue;
            }
            final Decision decision = rule.claim(item, next.agent(), next.leaseSeconds(), now);
            if (decision.rejected()) {
                // Invalid request (agent, lease): the same for every candidate.
                return new Reply.Rejected(next.requestId(), decision.rejection());
            }
            grants.add(grant(apply(item, decision.events())));
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
                + ":" + dependency.updatedAt().toEpochMilli(), dependentId, dependency.id(), dependency.state()));
    }

    private void send(Command command) {
        context.forward(new Record<>(command.itemId(), command, context.currentSystemTimeMs()),
                ClaimTopology.REQUESTS_SINK);
    }

    // ------------------------------------------------------------------ time

    private void onTick(long wallClockMillis) {
        final Instant now = Instant.ofEpochMilli(wallClockMillis);
        int budget = MAX_PER_TICK;
        budget -= dueFrom(leases, wallClockMillis, budget, now);
        budget -= dueFrom(wakes, wallClockMillis, budget, now);
        budget -= expireParked(wallClockMillis, budget, now);
        budget -= forgetFinished(wallClockMillis, Math.max(budget, 0));
        forgetRequests(wallClockMillis - rule.settings().requestMemory().toMillis(), Math.max(budget, 100));
        publishHint(now);
    }

    private int dueFrom(NavigableMap<String, String> index, long nowMillis, int budget, Instant now) {
        final List<Map.Entry<String, String>> due = dueEntries(index, nowMillis, budget);
        for (Map.Entry<String, String> entry : due) {
            final Item item = items.get(entry.getValue());
            if (settle(item, now) == item) {
                // Nothing was due after all: the entry outlived its item's state; drop it.
                index.remove(entry.getKey());
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
                LOG.debugf("backlog.claim id=%s status=forgotten", item.id());
            }
        }
        return due.size();
    }

    private static boolean finished(Item item) {
        return item.state() == ItemState.DONE || item.state() == ItemState.CANCELLED;
    }

    private long purgeAt(Item item) {
        return item.updatedAt().plus(rule.settings().doneRetention()).toEpochMilli();
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

    /** Applies what time has done to the item by now; returns the item as it is then. */
    private Item settle(Item item, Instant now) {
        final List<ItemEvent> due = rule.due(item, now);
        return due.isEmpty() ? item : apply(item, due);
    }

    // ------------------------------------------------------------------ pending commands

    private void park(Command command, Instant now) {
        final long deadline = now.plus(rule.settings().unknownGrace()).toEpochMilli();
        final String key = "c" + IndexKeys.SEP + command.itemId() + IndexKeys.SEP + command.requestId();
        if (pending.get(key) != null) {
            return; // the same request, sent again while parked: one answer will come
        }
        pending.put(key, IndexKeys.millis(deadline) + "\n" + new String(COMMANDS.encode(command), UTF_8));
        pending.put("t" + IndexKeys.SEP + IndexKeys.timed(deadline, command.itemId(), command.requestId()), "");
        LOG.debugf("backlog.claim id=%s status=parked request=%s", command.itemId(), command.requestId());
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
                final Command command = COMMANDS.decodeOrThrow(parkedCommand(value).getBytes(UTF_8));
                remember(fingerprint(command), new Reply.Rejected(command.requestId(),
                        Rejection.unknownItem(command.itemId())), now);
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

    /** Applies events to an item: store, indexes, the audit log and the compacted claim state. */
    private Item apply(Item before, List<ItemEvent> events) {
        if (events.isEmpty()) {
            return before;
        }
        Item after = before;
        for (ItemEvent event : events) {
            after = ClaimRule.evolve(after, event);
            context.forward(new Record<>(event.itemId(), event, event.at().toEpochMilli()), ClaimTopology.EVENTS_SINK);
            LOG.info(LifecycleLine.of(event));
        }
        items.put(after.id(), after);
        reindex(before, after);
        if (after.state().terminal() && (before == null || before.state() != after.state())) {
            notifyWatchers(after);
        }
        context.forward(new Record<>(after.id(), after, after.updatedAt().toEpochMilli()), ClaimTopology.CLAIMS_SINK);
        return after;
    }

    private void reindex(Item before, Item after) {
        if (before != null) {
            if (before.state() == ItemState.READY) {
                ready.remove(readyKey(before, before.spec().type()));
                ready.remove(readyKey(before, IndexKeys.ANY_TYPE));
                count(before.spec().type(), -1);
            } else if (before.state() == ItemState.CLAIMED) {
                leases.remove(IndexKeys.timed(before.leaseUntil(), before.id()));
            } else if (before.state() == ItemState.WAITING && before.wakeAt() != null) {
                wakes.remove(IndexKeys.timed(before.wakeAt(), before.id()));
            }
        }
        if (finished(after) && (before == null || !finished(before))) {
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
        } else if (after.state() == ItemState.CLAIMED) {
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
        final Map<String, Integer> top = new HashMap<>();
        for (String type : readyByType.keySet()) {
            final String head = ready.ceilingKey(IndexKeys.readyPrefix(type));
            if (head != null && head.startsWith(IndexKeys.readyPrefix(type))) {
                top.put(type, IndexKeys.priorityOf(head));
            }
        }
        context.forward(new Record<>(Integer.toString(partition),
                new ReadyHint(partition, new HashMap<>(readyByType), top, now), now.toEpochMilli()),
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

    private void deadLetter(Record<String, Object> record, byte[] raw, String reason) {
        final RecordMetadata meta = context.recordMetadata().orElse(null);
        final Headers headers = DeadLetters.headers(record.headers().toArray(), reason,
                meta == null ? null : meta.topic(), meta == null ? null : meta.partition(),
                meta == null ? null : meta.offset(), now());
        LOG.warnf("backlog.claim status=dead-letter key=%s reason=\"%s\"", record.key(), reason);
        context.forward(new Record<String, Object>(record.key(), raw, record.timestamp(), headers),
                ClaimTopology.DLQ_SINK);
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }
}
