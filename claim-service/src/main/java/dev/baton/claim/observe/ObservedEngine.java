package dev.baton.claim.observe;

import dev.baton.claim.topology.ForwardingContext;
import dev.baton.contracts.command.Command;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.json.Decoded;
import dev.baton.contracts.reply.Reply;
import dev.baton.service.trace.TraceHeaders;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The engine's processor as the service runs it: each record it reads is decided inside a span
 * whose parent is the trace context the record carries (the API's call, or another system's
 * CloudEvent); the record reaches the engine naming that span, and the engine carries it on to
 * everything it writes for the record, so an item's events keep the trace of the call that caused
 * them. What it forwards is counted ({@link EngineMeters}). The engine itself knows of neither
 * metrics nor spans: this wraps it ({@code ClaimTopology.build(..., around)}).
 *
 * <p>With tracing off the tracer's spans are invalid and cost nothing; the engine still carries
 * the incoming {@code traceparent} on as it came, so a trace begun elsewhere is not cut.
 */
final class ObservedEngine implements Processor<String, Object, String, Object> {

    private final Processor<String, Object, String, Object> engine;
    private final EngineMeters meters;
    private final Tracer tracer;
    private Forwarding forwarding;

    ObservedEngine(Processor<String, Object, String, Object> engine, EngineMeters meters, Tracer tracer) {
        this.engine = engine;
        this.meters = meters;
        this.tracer = tracer;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        forwarding = new Forwarding(context, meters);
        engine.init(forwarding);
    }

    @Override
    public void process(Record<String, Object> record) {
        final Object read = record.value() instanceof Decoded.Ok<?> ok ? ok.value() : null;
        final String command = read instanceof Command.Batch batch
                ? batchKind(batch)
                : read instanceof Command c
                        ? c.getClass().getSimpleName()
                        : read instanceof ItemEvent.ItemSubmitted ? "Submit" : null;
        final long now = forwarding.currentSystemTimeMs();
        if (command != null && record.timestamp() > 0 && record.timestamp() <= now) {
            meters.requestToDecision(command, Duration.ofMillis(now - record.timestamp()));
        }
        final Context parent = TraceHeaders.extract(record.headers());
        final Span span = tracer.spanBuilder("engine " + (command != null ? command : "record"))
                .setParent(parent)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka")
                .startSpan();
        forwarding.begin(command);
        try (Scope ignored = span.makeCurrent()) {
            engine.process(decidedIn(record, parent.with(span)));
        } finally {
            forwarding.end();
            span.end();
        }
    }

    @Override
    public void close() {
        engine.close();
    }

    /**
     * The record as the engine is to see it: with the decision's span as its trace context, which
     * the engine carries on to everything it writes for it (TraceContextCarrier), so the context
     * is set once per record read rather than once per record written. Unchanged when there is
     * no span to name.
     */
    private static Record<String, Object> decidedIn(Record<String, Object> record, Context decision) {
        if (!Span.fromContext(decision).getSpanContext().isValid()) {
            return record;
        }
        final Headers headers = new RecordHeaders(record.headers().toArray());
        TraceHeaders.inject(decision, headers);
        return record.withHeaders(headers);
    }

    /** A holder's batch as the command its parts are (they are of one kind when the API sends them), else "Batch". */
    private static String batchKind(Command.Batch batch) {
        final Set<String> kinds = new HashSet<>();
        batch.parts().forEach(part -> kinds.add(part.getClass().getSimpleName()));
        return kinds.size() == 1 ? kinds.iterator().next() : "Batch";
    }

    /**
     * The engine's context with its forwards watched: each forwarded record is counted by what it
     * is.
     */
    private static final class Forwarding extends ForwardingContext {

        private final EngineMeters meters;
        private String command;

        Forwarding(ProcessorContext<String, Object> context, EngineMeters meters) {
            super(context);
            this.meters = meters;
        }

        void begin(String command) {
            this.command = command;
        }

        void end() {
            command = null;
        }

        @Override
        protected <K extends String, V> Record<K, V> onForward(Record<K, V> record) {
            count(record.value());
            return record;
        }

        private void count(Object value) {
            if (value instanceof ItemEvent event) {
                meters.transition(event);
            } else if (value instanceof Reply reply) {
                // A reply during a timer run (an ended wait) answers a claim-next that was counted when it arrived.
                if (command != null && !(reply instanceof Reply.Submitted)) {
                    meters.decided(command, reply);
                }
            } else if (value instanceof Item item) {
                if (EngineMeters.isFirstGrant(item.state(), item.epoch()) && item.submittedAt() != null) {
                    final Duration waited =
                            Duration.between(item.submittedAt(), Instant.ofEpochMilli(currentSystemTimeMs()));
                    if (!waited.isNegative()) {
                        meters.firstGrant(item.spec() == null ? "" : item.spec().type(), waited);
                    }
                }
            } else if (value instanceof byte[]) {
                meters.deadLettered();
            }
        }
    }
}
