package dev.baton.claim.topology;

import dev.baton.claim.engine.Times;
import dev.baton.contracts.command.Command;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.event.LifecycleLine;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.limits.Text;
import dev.baton.contracts.reply.ReadyHint;
import dev.baton.contracts.reply.Rejection;
import dev.baton.contracts.reply.Reply;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;

/**
 * Everything the engine writes, one method per output topic: the audit log, the compacted claim
 * state, the answers, the ready hints, the notices to other partitions and the dead letters; and
 * the two ways a record that is not applied is accounted for (refused, or failed on). Each record
 * is stamped with a time a producer accepts.
 */
final class Outputs {

    private static final Logger LOG = Logger.getLogger("backlog.claim");

    private final ProcessorContext<String, Object> context;

    Outputs(ProcessorContext<String, Object> context) {
        this.context = context;
    }

    /** A transition, to {@code item-events} and to the log in the devlog's shape. */
    void event(ItemEvent event) {
        context.forward(new Record<>(event.itemId(), event, stamp(event.at())), ClaimTopology.EVENTS_SINK);
        LOG.info(LifecycleLine.of(event));
    }

    /** The item's whole state after a transition, to the compacted {@code claims}. */
    void state(Item item) {
        context.forward(new Record<>(item.id(), item, stamp(item.updatedAt())), ClaimTopology.CLAIMS_SINK);
    }

    /** A tombstone on {@code claims}: the item is forgotten, and compaction may drop it too. */
    void forgotten(String itemId, long millis) {
        context.forward(new Record<String, Object>(itemId, null, millis), ClaimTopology.CLAIMS_SINK);
    }

    void answer(Reply reply) {
        context.forward(
                new Record<>(reply.requestId(), reply, context.currentSystemTimeMs()), ClaimTopology.REPLIES_SINK);
    }

    void hint(ReadyHint hint) {
        context.forward(
                new Record<>(Integer.toString(hint.partition()), hint, hint.at().toEpochMilli()),
                ClaimTopology.HINTS_SINK);
    }

    /** A notice to the partition of the item it is about, through {@code claim-requests}. */
    void send(Command notice) {
        context.forward(
                new Record<>(notice.itemId(), notice, context.currentSystemTimeMs()), ClaimTopology.REQUESTS_SINK);
    }

    /** Writes a record the engine will not apply to {@code claim-engine-dlq}, with the reason ({@link DeadLetter}). */
    void deadLetter(Record<String, Object> record, byte[] raw, String reason) {
        final DeadLetter dead =
                DeadLetter.of(record, raw, reason, context.recordMetadata().orElse(null), now());
        LOG.warnf(
                "backlog.claim status=dead-letter key=%s reason=\"%s\"",
                Text.inert(DeadLetter.clip(record.key(), 300)), Text.inert(dead.reason()));
        context.forward(dead.record(), ClaimTopology.DLQ_SINK);
    }

    /**
     * A record the rules refuse: the caller is answered (nothing is remembered, nothing stored);
     * a record nobody waits for goes to the DLQ with the reason.
     */
    void refuse(Record<String, Object> record, Object decoded, String requestId, boolean awaited, Rejection refusal) {
        LOG.debugf(
                "backlog.claim id=%s status=refused request=%s reason=\"%s\"",
                Text.inert(refusal.itemId()), Text.inert(requestId), Text.inert(refusal.detail()));
        if (awaited) {
            answer(new Reply.Rejected(requestId, refusal));
        } else {
            deadLetter(record, Inputs.reencode(decoded), "refused: " + refusal.detail());
        }
    }

    /** A record the engine failed on unforeseen: whoever waits hears so, and the record goes to the DLQ. */
    void failed(Record<String, Object> record, Object decoded, RuntimeException e) {
        LOG.errorf(
                "backlog.claim status=error key=%s reason=\"%s\"", Text.inert(record.key()), Text.inert(e.toString()));
        LOG.debugf("backlog.claim status=error trace=\"%s\"", Inputs.trace(e));
        final Rejection refusal = couldNotApply(decoded, e);
        if (decoded instanceof Command command && Inputs.awaited(command)) {
            answer(new Reply.Rejected(command.requestId(), refusal));
        } else if (decoded instanceof ItemEvent.ItemSubmitted submitted && Inputs.answerable(submitted.requestId())) {
            answer(new Reply.Rejected(submitted.requestId(), refusal));
        }
        deadLetter(record, Inputs.reencode(decoded), "engine error: " + e);
    }

    /**
     * One part of a batch the engine failed on unforeseen: the part goes to the DLQ with the
     * reason, and its refusal is returned for the batch's answer; the other parts go on.
     */
    Rejection failedPart(Record<String, Object> record, Command part, RuntimeException e) {
        LOG.errorf(
                "backlog.claim status=error key=%s request=%s reason=\"%s\"",
                Text.inert(record.key()), Text.inert(part.requestId()), Text.inert(e.toString()));
        LOG.debugf("backlog.claim status=error trace=\"%s\"", Inputs.trace(e));
        deadLetter(record, Inputs.reencode(part), "engine error: " + e);
        return couldNotApply(part, e);
    }

    private static Rejection couldNotApply(Object decoded, RuntimeException e) {
        return Rejection.invalid(
                Inputs.itemIdOf(decoded),
                "the engine could not apply this request (" + e.getClass().getSimpleName() + ")");
    }

    int partition() {
        return context.taskId().partition();
    }

    Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }

    /** A record timestamp for a time: never negative, which a producer refuses. */
    private static long stamp(Instant at) {
        return at == null ? 0 : Math.max(0, Times.millis(at));
    }
}
