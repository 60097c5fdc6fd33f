package dev.baton.claim.topology;

import dev.baton.claim.engine.ClaimRule;
import dev.baton.claim.engine.Settings;
import dev.baton.contracts.catalog.StoreNames;
import dev.baton.contracts.catalog.Topics;
import dev.baton.contracts.command.Command;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.json.Codec;
import dev.baton.contracts.reply.ReadyHint;
import dev.baton.contracts.reply.Reply;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The claim engine's topology: both inputs into one processor per partition, which owns the
 * item state, its indexes, the request log, the parked commands and the dependency watchers, and writes the
 * audit log, the compacted claim state, the replies, the ready hints, the notices to other
 * partitions and the dead letters. Pure: no I/O, no configuration reads.
 */
public final class ClaimTopology {

    static final String ITEMS_SOURCE = "backlog-items-source";
    static final String REQUESTS_SOURCE = "claim-requests-source";
    static final String ENGINE = "claim-engine";
    static final String EVENTS_SINK = "item-events-sink";
    static final String CLAIMS_SINK = "claims-sink";
    static final String REPLIES_SINK = "claim-replies-sink";
    static final String HINTS_SINK = "claim-hints-sink";
    static final String DLQ_SINK = "claim-engine-dlq-sink";
    static final String REQUESTS_SINK = "claim-requests-sink";

    private ClaimTopology() {}

    /**
     * @param tick how often wall-clock time is checked for expired leases and ended waits; it
     *             bounds how late an expiry is noticed (a command about an expired lease is
     *             decided as expired whatever the tick)
     */
    public static Topology build(Settings settings, Duration tick) {
        return build(settings, tick, UnaryOperator.identity());
    }

    /**
     * The same topology, with the engine's processor handed to {@code around} first: a service
     * may wrap it to observe what goes in and what is forwarded (metrics, trace context) without
     * the engine knowing of either.
     */
    public static Topology build(
            Settings settings, Duration tick, UnaryOperator<Processor<String, Object, String, Object>> around) {
        final ClaimRule rule = new ClaimRule(settings);
        final Topology topology = new Topology();
        topology.addSource(
                ITEMS_SOURCE,
                new StringDeserializer(),
                Codec.of(ItemEvent.class).decodingSerde().deserializer(),
                Topics.BACKLOG_ITEMS.name());
        topology.addSource(
                REQUESTS_SOURCE,
                new StringDeserializer(),
                Codec.of(Command.class).decodingSerde().deserializer(),
                Topics.CLAIM_REQUESTS.name());
        topology.addProcessor(
                ENGINE,
                () -> around.apply(new TraceContextCarrier(new ClaimProcessor(rule, tick))),
                ITEMS_SOURCE,
                REQUESTS_SOURCE);
        // One logical table per store; typed values are written through the Codec by their owners.
        topology.addStateStore(store(StoreNames.ITEMS, Codec.of(Item.class).serde()), ENGINE);
        topology.addStateStore(store(StoreNames.REQUEST_ANSWERS, Serdes.ByteArray()), ENGINE);
        topology.addStateStore(store(StoreNames.REQUEST_EXPIRIES, Serdes.String()), ENGINE);
        topology.addStateStore(store(StoreNames.PARKED_COMMANDS, Serdes.ByteArray()), ENGINE);
        topology.addStateStore(store(StoreNames.PARKED_DEADLINES, Serdes.String()), ENGINE);
        topology.addStateStore(store(StoreNames.WATCHERS, Serdes.String()), ENGINE);
        // The live indexes: in the task's transaction with the items, so a crash leaves them in step.
        topology.addStateStore(store(StoreNames.LIVE_INDEXES, Serdes.String()), ENGINE);
        topology.addSink(
                EVENTS_SINK,
                Topics.ITEM_EVENTS.name(),
                new StringSerializer(),
                untyped(Codec.of(ItemEvent.class).serde().serializer()),
                ENGINE);
        topology.addSink(
                CLAIMS_SINK,
                Topics.CLAIMS.name(),
                new StringSerializer(),
                untyped(Codec.of(Item.class).serde().serializer()),
                ENGINE);
        topology.addSink(
                REPLIES_SINK,
                Topics.CLAIM_REPLIES.name(),
                new StringSerializer(),
                untyped(Codec.of(Reply.class).serde().serializer()),
                ENGINE);
        topology.addSink(
                HINTS_SINK,
                Topics.CLAIM_HINTS.name(),
                new StringSerializer(),
                untyped(Codec.of(ReadyHint.class).serde().serializer()),
                ENGINE);
        // Engine to engine: dependency notices travel to the other item's partition as commands.
        topology.addSink(
                REQUESTS_SINK,
                Topics.CLAIM_REQUESTS.name(),
                new StringSerializer(),
                untyped(Codec.of(Command.class).serde().serializer()),
                ENGINE);
        topology.addSink(
                DLQ_SINK,
                Topics.CLAIM_ENGINE_DLQ.name(),
                new StringSerializer(),
                untyped(new ByteArraySerializer()),
                ENGINE);
        return topology;
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values);
    }

    @SuppressWarnings("unchecked")
    private static Serializer<Object> untyped(Serializer<?> serializer) {
        return (Serializer<Object>) serializer;
    }
}
