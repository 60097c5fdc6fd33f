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
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The engine's processor as the service runs it: each record it reads is decided inside a span
 * whose parent is the trace context the record carries (the API's call, or another system's
 * CloudEvent), and every record it forwards carries that context on, so an item's events keep the
 * trace of the call that caused them. What it forwards is counted ({@link EngineMeters}). The
 * engine itself knows of neither: this wraps it ({@code ClaimTopology.build(..., around)}).
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
        forwarding.begin(command, span.getSpanContext().isValid() ? parent.with(span) : null);
        try (Scope ignored = span.makeCurrent()) {
            engine.process(record);
        } finally {
            forwarding.end();
            span.end();
        }
    }

    @Override
    public void close() {
        engine.close();
    }

    /** A holder's batch as the command its parts are (they are of one kind when the API sends them), else "Batch". */
    private static String batchKind(Command.Batch batch) {
        final java.util.Set<String> kinds = new java.util.HashSet<>();
        batch.parts().forEach(part -> kinds.add(part.getClass().getSimpleName()));
        return kinds.size() == 1 ? kinds.iterator().next() : "Batch";
    }

    /**
     * The engine's context with its forwards watched: each forwarded record is counted by what it
     * is, and stamped with the decision's span when there is one (else it keeps the context the
     * engine carried on from its input).
     */
    private static final class Forwarding extends ForwardingContext {

        private final EngineMeters meters;
        private String command;
        private Context trace;

        Forwarding(ProcessorContext<String, Object> context, EngineMeters meters) {
            super(context);
            this.meters = meters;
        }

        void begin(String command, Context trace) {
            this.command = command;
            this.trace = trace;
        }

        void end() {
            command = null;
            trace = null;
        }

        @Override
        protected <K extends String, V> Record<K, V> onForward(Record<K, V> record) {
            count(record.value());
            if (trace == null) {
                return record;
            }
            final Headers headers = new RecordHeaders(record.headers().toArray());
            TraceHeaders.inject(trace, headers);
            return record.withHeaders(headers);
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
