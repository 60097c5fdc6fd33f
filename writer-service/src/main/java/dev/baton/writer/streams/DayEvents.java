package dev.baton.writer.streams;

import dev.baton.contracts.event.ItemEvent;
import dev.baton.writer.material.DayMaterial;
import dev.baton.writer.material.MaterialSettings;
import java.time.LocalDate;
import java.util.Locale;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * How a day's events are kept in {@code devlog-days-store}: one entry per event, keyed
 * {@code date|millis|eventId}, so taking an event in costs one small write however busy the day,
 * and seeing an event twice writes the same key again. A day's material is the fold of its
 * entries, in time order, when someone asks for it.
 */
public final class DayEvents {

    private DayEvents() {}

    static String key(LocalDate day, ItemEvent event) {
        return prefix(day) + String.format(Locale.ROOT, "%015d", event.at().toEpochMilli()) + "|"
                + DayMaterial.eventId(event);
    }

    static String prefix(LocalDate day) {
        return day + "|";
    }

    /** The day's material, or {@code null} when nothing was recorded that day. */
    public static DayMaterial material(
            ReadOnlyKeyValueStore<String, ItemEvent> store, LocalDate day, MaterialSettings settings) {
        // The scan gives each event once, in time order: what the fold needs to count the whole day.
        final DayMaterial.Fold fold = new DayMaterial.Fold(day, settings);
        boolean found = false;
        try (KeyValueIterator<String, ItemEvent> entries = store.prefixScan(prefix(day), new StringSerializer())) {
            while (entries.hasNext()) {
                fold.add(entries.next().value);
                found = true;
            }
        }
        return found ? fold.material() : null;
    }
}
