package dev.baton.writer.streams;

import dev.baton.contracts.catalog.Stores;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.event.LifecycleLine;
import dev.baton.writer.material.DayMaterial;
import dev.baton.writer.material.MaterialSettings;
import java.time.LocalDate;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;

/**
 * Adds each event to its day's material in {@code devlog-days-store}. Records arrive keyed by
 * their day, so one task owns each day. A store write happens only when the day changed, so a
 * replayed event costs a read and nothing else.
 */
final class DayMaterialCollector implements Processor<String, ItemEvent, Void, Void> {

    private static final Logger LOG = Logger.getLogger("writer.material");

    private final MaterialSettings settings;
    private KeyValueStore<String, DayMaterial> days;

    DayMaterialCollector(MaterialSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        days = context.getStateStore(Stores.DEVLOG_DAYS);
    }

    @Override
    public void process(Record<String, ItemEvent> record) {
        final ItemEvent event = record.value();
        final LocalDate day = settings.dayOf(event);
        final String key = day.toString();
        final DayMaterial before = days.get(key);
        final DayMaterial after = (before == null ? DayMaterial.empty(day) : before).with(event, settings);
        if (after.equals(before)) {
            LOG.debugf("writer.material day=%s id=%s status=%s outcome=seen", key, event.itemId(),
                    LifecycleLine.status(event));
            return;
        }
        days.put(key, after);
        LOG.debugf("writer.material day=%s id=%s status=%s outcome=added", key, event.itemId(),
                LifecycleLine.status(event));
    }
}
