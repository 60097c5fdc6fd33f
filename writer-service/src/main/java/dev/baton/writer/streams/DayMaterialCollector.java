package dev.baton.writer.streams;

import dev.baton.contracts.catalog.StoreNames;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.event.LifecycleLine;
import java.time.LocalDate;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * Takes each event into its day in {@code devlog-days-store} (see {@link DayEvents}). Records
 * arrive keyed by their day (see {@link DayDating}), so one task owns each day. A replayed event writes the same entry
 * again and changes nothing.
 */
final class DayMaterialCollector implements Processor<String, ItemEvent, Void, Void> {

    private static final Logger LOG = Logger.getLogger("writer.material");

    private KeyValueStore<String, ItemEvent> days;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        days = context.getStateStore(StoreNames.DEVLOG_DAYS);
    }

    @Override
    public void process(Record<String, ItemEvent> record) {
        final ItemEvent event = record.value();
        final String key = DayEvents.key(LocalDate.parse(record.key()), event);
        days.put(key, event);
        LOG.debugf("writer.material key=%s status=%s", key, LifecycleLine.status(event));
    }
}
