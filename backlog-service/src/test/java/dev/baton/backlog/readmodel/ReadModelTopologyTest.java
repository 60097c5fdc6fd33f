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
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
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
