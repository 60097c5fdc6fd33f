package dev.baton.service.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Trace context on Kafka records, as W3C {@code traceparent} (and {@code tracestate}) headers: how
 * a call's trace crosses from the API to the engine and from the engine to everyone reading its
 * events. The propagator is W3C's own, whatever the exporter: other systems that write to
 * Baton's topics carry their context in the same headers.
 */
public final class TraceHeaders {

    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<Headers> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers carrier) {
            final List<String> keys = new ArrayList<>();
            carrier.forEach(h -> keys.add(h.key()));
            return keys;
        }

        @Override
        public String get(Headers carrier, String key) {
            if (carrier == null) {
                return null;
            }
            final Header header = carrier.lastHeader(key);
            return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
        }
    };

    private static final TextMapSetter<Headers> SETTER = (carrier, key, value) -> {
        if (carrier != null) {
            carrier.remove(key);
            carrier.add(key, value.getBytes(StandardCharsets.UTF_8));
        }
    };

    private TraceHeaders() {}

    /** The context the record's headers carry, as the parent of whatever handles it; the root context if none. */
    public static Context extract(Headers headers) {
        return W3C.extract(Context.root(), headers, GETTER);
    }

    /**
     * The context another system sent with a record: the W3C {@code traceparent} header, or a
     * CloudEvent's distributed-tracing extension in binary mode ({@code ce_traceparent}).
     */
    public static Context extractCarried(Headers headers) {
        final Context plain = extract(headers);
        if (Span.fromContext(plain).getSpanContext().isValid() || headers == null) {
            return plain;
        }
        final Header ce = headers.lastHeader("ce_" + TRACEPARENT);
        if (ce == null || ce.value() == null) {
            return plain;
        }
        final Headers renamed = new org.apache.kafka.common.header.internals.RecordHeaders();
        renamed.add(TRACEPARENT, ce.value());
        final Header state = headers.lastHeader("ce_" + TRACESTATE);
        if (state != null && state.value() != null) {
            renamed.add(TRACESTATE, state.value());
        }
        return extract(renamed);
    }

    /** Writes {@code context}'s span into the headers; writes nothing when it has no valid span. */
    public static void inject(Context context, Headers headers) {
        if (Span.fromContext(context).getSpanContext().isValid()) {
            W3C.inject(context, headers, SETTER);
        }
    }

    /** The trace id the record's headers carry, or {@code null}: what an item's history names. */
    public static String traceId(Headers headers) {
        final SpanContext span = Span.fromContext(extract(headers)).getSpanContext();
        return span.isValid() ? span.getTraceId() : null;
    }
}
