package dev.baton.writer.streams;

import dev.baton.contracts.catalog.Stores;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.writer.material.DayMaterial;
import dev.baton.writer.material.MaterialSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.LocalDate;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads a day's material from this instance's {@code devlog-days-store} (an interactive query),
 * and says so plainly when the store cannot answer yet: while Streams starts or rebalances.
 *
 * <p>One writer instance holds every day. When the writer runs as several replicas a day lives
 * on the one that owns its partition; routing the query there comes with replication.
 */
@ApplicationScoped
public class DayMaterialQuery {

    @Inject
    KafkaStreams streams;

    @Inject
    MaterialSettings settings;

    public Lookup find(LocalDate day) {
        try {
            final ReadOnlyKeyValueStore<String, ItemEvent> days = streams.store(
                    StoreQueryParameters.fromNameAndType(Stores.DEVLOG_DAYS, QueryableStoreTypes.keyValueStore()));
            final DayMaterial material = DayEvents.material(days, day, settings);
            return material == null ? new Lookup.Missing() : new Lookup.Found(material);
        } catch (InvalidStateStoreException e) {
            return new Lookup.Unavailable(e.getMessage());
        }
    }

    /** The answer of a query: the day's material, nothing recorded that day, or the store not ready. */
    public sealed interface Lookup {

        record Found(DayMaterial material) implements Lookup {
        }

        record Missing() implements Lookup {
        }

        record Unavailable(String reason) implements Lookup {
        }
    }
}
