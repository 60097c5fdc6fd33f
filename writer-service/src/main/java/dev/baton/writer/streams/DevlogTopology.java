package dev.baton.writer.streams;

import dev.baton.contracts.catalog.StoreNames;
import dev.baton.contracts.catalog.Topics;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.json.Codec;
import dev.baton.contracts.json.Decoded;
import dev.baton.writer.material.MaterialSettings;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The writer's topology: {@code item-events} in, each day's material in
 * {@code devlog-days-store}, unusable records to {@code item-events-dlq}.
 *
 * <pre>
 * item-events ─ triage ─┬─ unusable ─ dead letter ─────────────────────────── item-events-dlq
 *                       └─ usable ─── key by day ─ repartition ─ collect ──── devlog-days-store
 *                                     (devlog-items-store)
 * </pre>
 *
 * <p>{@code item-events} is keyed by item id, so one day's events are spread over every
 * partition. They are re-keyed by their day before they reach the store: one task owns a day,
 * its events sit under one key prefix, and an interactive query for a date finds them in one place.
 *
 * <p>Pure: builds the topology from the settings it is given, no I/O, no configuration reads.
 */
@Singleton
public class DevlogTopology {

    /** Names the internal topic that carries events keyed by their day. */
    private static final String DAYS_REPARTITION = "devlog-days-by-date";
    /** How the internal topic's full name ends (Streams prefixes it with the application id). */
    static final String DAYS_TOPIC_SUFFIX = DAYS_REPARTITION + "-repartition";

    private static final Codec<ItemEvent> EVENTS = Codec.of(ItemEvent.class);

    private final MaterialSettings settings;

    @Inject
    public DevlogTopology(MaterialSettings settings) {
        this.settings = settings;
    }

    @Produces
    public Topology topology() {
        return build(settings);
    }

    public static Topology build(MaterialSettings settings) {
        final StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(daysStore());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.DEVLOG_ITEMS), Serdes.String(), Serdes.String()));

        final KStream<String, Decoded<ItemEvent>> events = builder.stream(
                        Topics.ITEM_EVENTS.name(),
                        Consumed.with(Serdes.String(), EVENTS.decodingSerde()).withName("item-events-source"))
                .mapValues(Triage::check, Named.as("triage"));

        events.split(Named.as("item-events-"))
                .branch(
                        (key, decoded) -> decoded instanceof Decoded.Failed,
                        Branched.withConsumer(
                                unusable -> unusable.process(DeadLetterRouter::new, Named.as("dead-letter"))
                                        .to(
                                                Topics.ITEM_EVENTS_DLQ.name(),
                                                Produced.with(Serdes.String(), Serdes.ByteArray())
                                                        .withName("item-events-dlq-sink")),
                                "unusable"))
                .defaultBranch(Branched.withConsumer(
                        usable -> usable.mapValues(
                                        decoded -> ((Decoded.Ok<ItemEvent>) decoded).value(), Named.as("event"))
                                .process(() -> new DayDating(settings), Named.as("key-by-day"), StoreNames.DEVLOG_ITEMS)
                                .repartition(Repartitioned.with(Serdes.String(), EVENTS.serde())
                                        .withName(DAYS_REPARTITION))
                                .process(
                                        () -> new DayMaterialCollector(),
                                        Named.as("collect-day-material"),
                                        StoreNames.DEVLOG_DAYS),
                        "usable"));

        return builder.build();
    }

    private static StoreBuilder<KeyValueStore<String, ItemEvent>> daysStore() {
        return Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.DEVLOG_DAYS), Serdes.String(), EVENTS.serde());
    }
}
