package dev.baton.claim.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.json.Codec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * Indexing the items of stores an older build wrote: a slice per transaction, resumable, and
 * never counting an item twice when it changes while the build runs.
 */
class IndexBuildTest {

    private static final Instant T0 = Instant.parse("2026-02-05T09:00:00Z");
    private static final Duration KEEP = Duration.ofDays(7);

    private final KeyValueStore<String, Item> items =
            TestStores.open("items-store", Codec.of(Item.class).serde());
    private final KeyValueStore<String, String> live = TestStores.strings("live-indexes-store");

    private static Item item(String id, ItemState state) {
        return new Item(
                id,
                ItemSpec.of("build", id),
                state,
                state == ItemState.CLAIMED ? 1 : 0,
                state == ItemState.CLAIMED ? "a1" : null,
                state == ItemState.CLAIMED ? T0.plusSeconds(30) : null,
                0,
                null,
                List.of(),
                List.of(),
                T0,
                T0,
                null,
                null,
                null,
                state == ItemState.CLAIMED ? 30 : null);
    }

    private static String id(int n) {
        return String.format(Locale.ROOT, "item-%05d", n);
    }

    private LiveIndexes open() {
        return new LiveIndexes(KEEP, LiveIndexes.Tables.in(live));
    }

    @Test
    void aBacklogLargerThanASliceIsIndexedOverSeveralStepsAndEachItemCountedOnce() {
        final int total = IndexBuild.SLICE + 10;
        for (int n = 0; n < total; n++) {
            items.put(id(n), item(id(n), ItemState.READY));
        }
        final LiveIndexes indexes = open();
        final IndexBuild build = new IndexBuild(indexes, LiveIndexes.layout(live), items, 0);

        build.step();
        // Changes while the build runs: one the build has passed, one it has not reached yet.
        final Item passed = items.get(id(0));
        final Item ahead = items.get(id(total - 1));
        items.put(passed.id(), item(passed.id(), ItemState.CLAIMED));
        indexes.update(passed, items.get(passed.id()));
        items.put(ahead.id(), item(ahead.id(), ItemState.CLAIMED));
        indexes.update(ahead, items.get(ahead.id()));
        assertThat(build.done()).isFalse();
        build.step();

        assertThat(build.done()).isTrue();
        assertThat(indexes.ready().count("build")).isEqualTo(total - 2);
        assertThat(indexes.leases().due(T0.plusSeconds(30).toEpochMilli(), 10))
                .extracting(TimeIndex.Entry::itemId)
                .containsExactly(passed.id(), ahead.id());
        assertThat(LiveIndexes.layout(live).current()).isTrue();
    }

    @Test
    void aBuildCutShortResumesWhereItsLastSliceLeftOff() {
        final int total = IndexBuild.SLICE + 3;
        for (int n = 0; n < total; n++) {
            items.put(id(n), item(id(n), ItemState.READY));
        }
        new IndexBuild(open(), LiveIndexes.layout(live), items, 0).step();

        // A restart: new indexes and a new build over the same stores.
        final LiveIndexes reopened = open();
        final IndexBuild resumed = new IndexBuild(reopened, LiveIndexes.layout(live), items, 0);
        assertThat(resumed.done()).isFalse();
        resumed.step();

        assertThat(resumed.done()).isTrue();
        assertThat(reopened.ready().count("build")).isEqualTo(total);
        assertThat(open().ready().candidates(List.of(), total + 1)).hasSize(total);
    }

    @Test
    void storesAlreadyLaidOutAreOpenedWithoutReadingAnItem() {
        items.put("lone", item("lone", ItemState.READY));
        LiveIndexes.layout(live).markCurrent();

        final LiveIndexes indexes = open();
        final IndexBuild build = new IndexBuild(indexes, LiveIndexes.layout(live), items, 0);

        assertThat(build.done()).isTrue();
        assertThat(indexes.ready().candidates(List.of(), 5)).isEmpty();
    }
}
