package dev.baton.writer.streams;

import dev.baton.contracts.catalog.StoreNames;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.ItemSummary;
import dev.baton.writer.material.DevlogItems;
import dev.baton.writer.material.MaterialSettings;
import java.time.LocalDate;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keys each event by the day whose material it is: the day it happened in the writer's zone,
 * except for the writer's own devlog items, whose events belong to the day after the one they
 * write (see {@link DevlogItems}). Runs on {@code item-events} as partitioned, by item id, so an
 * item's submission is seen before its later events; it remembers which items are devlog items
 * in {@code devlog-items-store}, because heartbeats and releases do not carry the item's labels.
 */
final class DayDating implements Processor<String, ItemEvent, String, ItemEvent> {

    private final MaterialSettings settings;
    private ProcessorContext<String, ItemEvent> context;
    private KeyValueStore<String, String> devlogItems;

    DayDating(MaterialSettings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, ItemEvent> context) {
        this.context = context;
        devlogItems = context.getStateStore(StoreNames.DEVLOG_ITEMS);
    }

    @Override
    public void process(Record<String, ItemEvent> record) {
        final ItemEvent event = record.value();
        LocalDate writes = writes(event);
        if (writes != null) {
            devlogItems.put(event.itemId(), writes.toString());
        } else {
            final String known = devlogItems.get(event.itemId());
            writes = known == null ? null : LocalDate.parse(known);
        }
        final LocalDate day = DevlogItems.materialDay(settings.dayOf(event), writes);
        context.forward(record.withKey(day.toString()));
    }

    private static LocalDate writes(ItemEvent event) {
        if (event instanceof ItemEvent.ItemSubmitted e && e.spec() != null) {
            return DevlogItems.writes(e.spec().type(), e.spec().labels());
        }
        final ItemSummary item = summaryOf(event);
        return item == null ? null : DevlogItems.writes(item.type(), item.labels());
    }

    private static ItemSummary summaryOf(ItemEvent event) {
        if (event instanceof ItemEvent.ItemClaimed e) {
            return e.item();
        } else if (event instanceof ItemEvent.ItemCompleted e) {
            return e.item();
        } else if (event instanceof ItemEvent.ItemFailed e) {
            return e.item();
        } else if (event instanceof ItemEvent.LeaseExpired e) {
            return e.item();
        } else if (event instanceof ItemEvent.ItemDeadLettered e) {
            return e.item();
        }
        return null;
    }
}
