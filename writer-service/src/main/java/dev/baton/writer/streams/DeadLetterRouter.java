package dev.baton.writer.streams;

import dev.baton.contracts.catalog.DeadLetters;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.json.Decoded;
import dev.baton.contracts.limits.Text;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Turns a record the writer cannot use into a dead letter: the original key, bytes, timestamp
 * and headers, plus why it was refused and where it was read. The stream goes on with the next
 * record.
 */
final class DeadLetterRouter implements Processor<String, Decoded<ItemEvent>, String, byte[]> {

    private static final Logger LOG = Logger.getLogger("writer.dlq");

    private ProcessorContext<String, byte[]> context;

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, Decoded<ItemEvent>> record) {
        final Decoded.Failed<ItemEvent> failed = (Decoded.Failed<ItemEvent>) record.value();
        final RecordMetadata meta = context.recordMetadata().orElse(null);
        final Headers headers = DeadLetters.headers(
                record.headers().toArray(),
                failed.reason(),
                meta == null ? null : meta.topic(),
                meta == null ? null : meta.partition(),
                meta == null ? null : meta.offset(),
                Instant.ofEpochMilli(context.currentSystemTimeMs()));
        LOG.warnf(
                "writer.dlq source=%s key=%s reason=\"%s\"",
                meta == null ? "?" : meta.topic() + "-" + meta.partition() + "@" + meta.offset(),
                Text.inert(record.key()),
                Text.inert(failed.reason()));
        context.forward(new Record<>(record.key(), failed.raw(), record.timestamp(), headers));
    }
}
