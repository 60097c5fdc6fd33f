package dev.baton.claim.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.json.Codec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/** The live indexes alone: each item filed by the state it is in, and found when its time comes. */
class LiveIndexesTest {

    private static final Instant T0 = Instant.parse("2026-02-05T09:00:00Z");
    private static final Duration KEEP = Duration.ofDays(7);

    private final LiveIndexes indexes = new LiveIndexes(KEEP);

    private static Item item(String id, ItemState state, Instant leaseUntil, Instant wakeAt, List<String> waitingOn) {
        return new Item(
                id,
                ItemSpec.of("build", id),
                state,
                1,
                leaseUntil == null ? null : "a1",
                leaseUntil,
                0,
                wakeAt,
                waitingOn,
                List.of(),
                T0,
                T0,
                null,
                null,
                null,
                leaseUntil == null ? null : 30);
    }

    private static long millis(Instant at) {
        return at.toEpochMilli();
    }

    @Test
    void aHeldItemIsDueWhenItsLeaseRunsOutAndNoLongerOnceItIsGivenBack() {
        final Item held = item("42", ItemState.CLAIMED, T0.plusSeconds(30), null, List.of());
        indexes.update(null, held);

        assertThat(indexes.leases().due(millis(T0.plusSeconds(29)), 10)).isEmpty();
        assertThat(indexes.leases().due(millis(T0.plusSeconds(30)), 10))
                .extracting(TimeIndex.Entry::itemId)
                .containsExactly("42");
        indexes.update(held, item("42", ItemState.READY, null, null, List.of()));
        assertThat(indexes.leases().due(millis(T0.plusSeconds(30)), 10)).isEmpty();
        assertThat(indexes.ready().candidates(List.of(), 5)).containsExactly("42");
    }

    @Test
    void aWaitingItemIsDueAtItsWakeOnlyWhenNothingElseHoldsItBack() {
        indexes.update(null, item("a", ItemState.WAITING, null, T0.plusSeconds(5), List.of()));
        indexes.update(null, item("b", ItemState.WAITING, null, T0.plusSeconds(5), List.of("a")));

        assertThat(indexes.wakes().due(millis(T0.plusSeconds(5)), 10))
                .extracting(TimeIndex.Entry::itemId)
                .containsExactly("a");
    }

    @Test
    void aFinishedItemMayBeForgottenOnceItsRetentionIsOver() {
        final Item held = item("42", ItemState.CLAIMED, T0.plusSeconds(30), null, List.of());
        final Item done = item("42", ItemState.DONE, null, null, List.of());
        indexes.update(held, done);
        final long over = millis(T0.plus(KEEP));

        assertThat(indexes.retention().due(over - 1, 10)).isEmpty();
        assertThat(indexes.retention().over(done, over - 1)).isFalse();
        assertThat(indexes.retention().due(over, 10)).containsExactly("42");
        assertThat(indexes.retention().over(done, over)).isTrue();
        assertThat(indexes.retention().due(over, 10)).as("taken out").isEmpty();
    }

    @Test
    void aRebuildIndexesEveryReadableItemAndCountsTheOthers() {
        final KeyValueStore<String, Item> items =
                TestStores.open("items-store", Codec.of(Item.class).serde());
        items.put("ready", item("ready", ItemState.READY, null, null, List.of()));
        items.put(
                "no-spec",
                new Item(
                        "no-spec",
                        null,
                        ItemState.READY,
                        0,
                        null,
                        null,
                        0,
                        null,
                        List.of(),
                        List.of(),
                        T0,
                        T0,
                        null,
                        null,
                        null,
                        null));

        final int skipped;
        try (KeyValueIterator<String, Item> all = items.all()) {
            skipped = indexes.rebuild(all);
        }

        assertThat(skipped).isEqualTo(1);
        assertThat(indexes.ready().candidates(List.of(), 5)).containsExactly("ready");
    }
}
