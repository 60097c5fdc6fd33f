package dev.baton.backlog.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.catalog.StoreNames;
import dev.baton.contracts.catalog.Topics;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.json.Codec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReadModelTopologyTest {

    private static final Codec<Item> ITEMS = Codec.of(Item.class);
    private static final Instant AT = Instant.parse("2025-01-01T00:00:00Z");

    private final ViewChanges changes = new ViewChanges();
    private final TopologyTestDriver driver =
            new TopologyTestDriver(ReadModelTopology.build(new Rates(Clock.systemUTC()), changes), config());
    private final TestInputTopic<String, byte[]> claims =
            driver.createInputTopic(Topics.CLAIMS.name(), new StringSerializer(), new ByteArraySerializer());

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void aReaderWaitingForAnItemIsWokenOnceItsNewViewIsStored() {
        final CompletableFuture<Void> waiting = changes.next("42", Duration.ofMinutes(1));
        final CompletableFuture<Void> other = changes.next("43", Duration.ofMinutes(1));

        claims.pipeInput("42", ITEMS.encode(claimed("42", 3)));

        assertThat(waiting).isCompleted();
        assertThat(other).isNotDone();
        final KeyValueStore<String, Item> views = driver.getKeyValueStore(StoreNames.ITEM_VIEWS);
        assertThat(views.get("42").epoch()).isEqualTo(3);
    }

    @Test
    void aReaderWaitingForAnItemIsWokenWhenItsViewIsRemoved() {
        claims.pipeInput("42", ITEMS.encode(claimed("42", 1)));
        final CompletableFuture<Void> waiting = changes.next("42", Duration.ofMinutes(1));

        claims.pipeInput("42", (byte[]) null);

        assertThat(waiting).isCompleted();
    }

    @Test
    void countsFollowEachItemFromStateToStateAndTheOldestReadyMovesOnWhenItIsClaimed() {
        claims.pipeInput("a", ITEMS.encode(item("a", ItemState.READY, null, 0)));
        claims.pipeInput("b", ITEMS.encode(item("b", ItemState.READY, null, 5)));
        claims.pipeInput("c", ITEMS.encode(item("c", ItemState.READY, null, 9)));

        claims.pipeInput("a", ITEMS.encode(item("a", ItemState.CLAIMED, "a1", 0)));
        claims.pipeInput("c", (byte[]) null);

        final Map<String, Map<ItemState, Long>> byType = new TreeMap<>();
        final Map<String, Instant> oldest = new TreeMap<>();
        ViewCounts.addTo(driver.getKeyValueStore(StoreNames.VIEW_COUNTS), byType, oldest);
        assertThat(byType).isEqualTo(Map.of("build", Map.of(ItemState.READY, 1L, ItemState.CLAIMED, 1L)));
        assertThat(oldest).isEqualTo(Map.of("build", AT.plusSeconds(5)));
    }

    @Test
    void eachFilterIndexHoldsAnItemUnderItsCurrentStateOnlyAndForgetsItWhenItGoes() {
        claims.pipeInput("42", ITEMS.encode(item("42", ItemState.READY, null, 0)));
        claims.pipeInput("42", ITEMS.encode(item("42", ItemState.CLAIMED, "a1", 0)));

        assertThat(keys(StoreNames.VIEW_INDEXES))
                .containsExactlyInAnyOrder(
                        "label\u0000blue\u0000CLAIMED\u000042",
                        "label\u0000red\u0000CLAIMED\u000042",
                        "layout\u0000",
                        "owner\u0000a1\u0000CLAIMED\u000042",
                        "state\u0000CLAIMED\u000042",
                        "type\u0000build\u0000CLAIMED\u000042");

        claims.pipeInput("42", (byte[]) null);

        assertThat(keys(StoreNames.VIEW_INDEXES)).containsExactly("layout\u0000");
        assertThat(keys(StoreNames.VIEW_COUNTS)).isEmpty();
    }

    @Test
    void viewsAnOlderBuildLeftAreIndexedOnceBeforeTheFirstRecord() {
        final KeyValueStore<String, Item> views = driver.getKeyValueStore(StoreNames.ITEM_VIEWS);
        views.put("old", item("old", ItemState.READY, null, 0));

        claims.pipeInput("new", ITEMS.encode(item("new", ItemState.READY, null, 1)));

        assertThat(keys(StoreNames.VIEW_INDEXES)).contains("state\u0000READY\u0000new", "state\u0000READY\u0000old");
        assertThat(driver.<String, String>getKeyValueStore(StoreNames.VIEW_COUNTS)
                        .get(ViewCounts.key("build", ItemState.READY)))
                .isEqualTo("2 " + AT.toEpochMilli());
    }

    private List<String> keys(String store) {
        final List<String> keys = new java.util.ArrayList<>();
        try (KeyValueIterator<String, String> it =
                driver.<String, String>getKeyValueStore(store).all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        return keys;
    }

    private static Item item(String id, ItemState state, String owner, int submittedSecondsAfter) {
        final Instant at = AT.plusSeconds(submittedSecondsAfter);
        return new Item(
                id,
                new ItemSpec("build", "t", null, 0, List.of("red", "blue"), 3, null, null, List.of()),
                state,
                owner == null ? 0 : 1,
                owner,
                owner == null ? null : at.plusSeconds(30),
                0,
                null,
                List.of(),
                List.of(),
                at,
                at,
                null,
                null,
                null,
                owner == null ? null : 30);
    }

    private static Item claimed(String id, long epoch) {
        return new Item(
                id,
                ItemSpec.of("build", "t"),
                ItemState.CLAIMED,
                epoch,
                "a1",
                AT.plusSeconds(30),
                1,
                null,
                List.of(),
                List.of(),
                AT,
                AT,
                null,
                null,
                null,
                30);
    }

    private static Properties config() {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "read-model-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        return props;
    }
}
