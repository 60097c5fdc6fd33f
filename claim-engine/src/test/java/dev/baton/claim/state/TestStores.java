package dev.baton.claim.state;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Kafka's own key-value store, in memory and opened without a topology, so a part of the engine
 * is tested against the store interface it uses in production. It orders keys by their bytes, as
 * RocksDB does.
 */
final class TestStores {

    private TestStores() {}

    static <V> KeyValueStore<String, V> open(String name, Serde<V> values) {
        final KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(name), Serdes.String(), values)
                .withLoggingDisabled()
                .build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return store;
    }

    static KeyValueStore<String, String> strings(String name) {
        return open(name, Serdes.String());
    }

    static KeyValueStore<String, byte[]> bytes(String name) {
        return open(name, Serdes.ByteArray());
    }
}
