package dev.baton.claim.topology;

import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Carries the trace context a record came with (W3C {@code traceparent} and {@code tracestate}
 * headers) onto every record the engine writes while deciding it: its events, its answer, its
 * notices. So an item's events keep the trace of the call that caused them, whoever reads them,
 * with or without a tracer anywhere. Records the engine writes on its own (an expiry on the
 * timer) carry none. A record forwarded with a context of its own keeps it.
 */
final class TraceContextCarrier implements Processor<String, Object, String, Object> {

    static final List<String> HEADERS = List.of("traceparent", "tracestate");

    private final Processor<String, Object, String, Object> engine;
    private Headers carried;

    TraceContextCarrier(Processor<String, Object, String, Object> engine) {
        this.engine = engine;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        engine.init(new ForwardingContext(context) {
            @Override
            protected <K extends String, V> Record<K, V> onForward(Record<K, V> record) {
                final Headers from = carried;
                if (from == null || record.headers().lastHeader(HEADERS.get(0)) != null) {
                    return record;
                }
                final Headers headers = new RecordHeaders(record.headers().toArray());
                for (String name : HEADERS) {
                    final Header header = from.lastHeader(name);
                    if (header != null) {
                        headers.add(name, header.value());
                    }
                }
                return record.withHeaders(headers);
            }
        });
    }

    @Override
    public void process(Record<String, Object> record) {
        carried = record.headers().lastHeader(HEADERS.get(0)) == null ? null : record.headers();
        try {
            engine.process(record);
        } finally {
            carried = null;
        }
    }

    @Override
    public void close() {
        engine.close();
    }
}
