package dev.baton.writer.streams;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.baton.contracts.catalog.DeadLetters;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.json.Decoded;
import java.time.Instant;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
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
        final Headers headers = new RecordHeaders(record.headers().toArray());
        headers.add(DeadLetters.REASON, failed.reason().getBytes(UTF_8));
        context.recordMetadata().ifPresent(meta -> {
            headers.add(DeadLetters.SOURCE_TOPIC, meta.topic().getBytes(UTF_8));
            headers.add(DeadLetters.SOURCE_PARTITION, Integer.toString(meta.partition()).getBytes(UTF_8));
            headers.add(DeadLetters.SOURCE_OFFSET, Long.toString(meta.offset()).getBytes(UTF_8));
            LOG.warnf("writer.dlq topic=%s partition=%d offset=%d key=%s reason=\"%s\"", meta.topic(), meta.partition(),
                    meta.offset(), record.key(), failed.reason());
        });
        headers.add(DeadLetters.FAILED_AT,
                Instant.ofEpochMilli(context.currentSystemTimeMs()).toString().getBytes(UTF_8));
        context.forward(new Record<>(record.key(), failed.raw(), record.timestamp(), headers));
    }
}
