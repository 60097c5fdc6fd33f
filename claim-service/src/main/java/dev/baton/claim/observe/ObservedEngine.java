package dev.baton.claim.observe;

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
import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The engine's processor as the service runs it: each record it reads is decided inside a span
 * whose parent is the trace context the record carries (the API's call, or another system's
 * CloudEvent), and every record it forwards carries that context on, so an item's events keep the
 * trace of the call that caused them. What it forwards is counted ({@link EngineMeters}). The
 * engine itself knows of neither: this wraps it ({@code ClaimTopology.build(..., around)}).
 *
 * <p>With tracing off the tracer's spans are invalid and cost nothing; the incoming
 * {@code traceparent} is still carried on as it came, so a trace begun elsewhere is not cut.
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
        final String command = read instanceof Command c
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
        forwarding.begin(command, span.getSpanContext().isValid() ? parent.with(span) : null, record.headers());
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

    /**
     * The engine's context with its forwards watched: each forwarded record is stamped with the
     * current trace context and counted by what it is.
     */
    private static final class Forwarding implements ProcessorContext<String, Object> {

        private final ProcessorContext<String, Object> context;
        private final EngineMeters meters;
        private String command;
        private Context trace;
        private Headers incoming;

        Forwarding(ProcessorContext<String, Object> context, EngineMeters meters) {
            this.context = context;
            this.meters = meters;
        }

        void begin(String command, Context trace, Headers incoming) {
            this.command = command;
            this.trace = trace;
            this.incoming = incoming;
        }

        void end() {
            command = null;
            trace = null;
            incoming = null;
        }

        @Override
        public <K extends String, V> void forward(Record<K, V> record) {
            context.forward(observed(record));
        }

        @Override
        public <K extends String, V> void forward(Record<K, V> record, String childName) {
            context.forward(observed(record), childName);
        }

        private <K extends String, V> Record<K, V> observed(Record<K, V> record) {
            count(record.value());
            if (trace != null) {
                final Headers headers = new RecordHeaders(record.headers().toArray());
                TraceHeaders.inject(trace, headers);
                return record.withHeaders(headers);
            }
            if (incoming != null && incoming.lastHeader(TraceHeaders.TRACEPARENT) != null) {
                final Headers headers = new RecordHeaders(record.headers().toArray());
                for (String key : new String[] {TraceHeaders.TRACEPARENT, TraceHeaders.TRACESTATE}) {
                    final Header header = incoming.lastHeader(key);
                    if (header != null) {
                        headers.remove(key);
                        headers.add(key, header.value());
                    }
                }
                return record.withHeaders(headers);
            }
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

        @Override
        public String applicationId() {
            return context.applicationId();
        }

        @Override
        public TaskId taskId() {
            return context.taskId();
        }

        @Override
        public Optional<RecordMetadata> recordMetadata() {
            return context.recordMetadata();
        }

        @Override
        public Serde<?> keySerde() {
            return context.keySerde();
        }

        @Override
        public Serde<?> valueSerde() {
            return context.valueSerde();
        }

        @Override
        public File stateDir() {
            return context.stateDir();
        }

        @Override
        public StreamsMetrics metrics() {
            return context.metrics();
        }

        @Override
        public <S extends StateStore> S getStateStore(String name) {
            return context.getStateStore(name);
        }

        @Override
        public Cancellable schedule(Duration interval, PunctuationType type, Punctuator callback) {
            return context.schedule(interval, type, callback);
        }

        @Override
        public void commit() {
            context.commit();
        }

        @Override
        public Map<String, Object> appConfigs() {
            return context.appConfigs();
        }

        @Override
        public Map<String, Object> appConfigsWithPrefix(String prefix) {
            return context.appConfigsWithPrefix(prefix);
        }

        @Override
        public long currentSystemTimeMs() {
            return context.currentSystemTimeMs();
        }

        @Override
        public long currentStreamTimeMs() {
            return context.currentStreamTimeMs();
        }
    }
}
