package dev.baton.claim.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.item.ItemState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The indexes over Kafka's key-value store, which orders keys by their bytes as RocksDB does:
 * ranges end where the table says, and indexes opened again over the same stores (a restart)
 * find what the first ones filed, counts included, without being told of any item.
 */
class StoredIndexesTest {

    private static final Instant T0 = Instant.parse("2026-02-05T09:00:00Z");

    private final KeyValueStore<String, String> readyStore = TestStores.strings("ready-index-store");
    private final KeyValueStore<String, String> countStore = TestStores.strings("ready-counts-store");
    private final KeyValueStore<String, String> leaseStore = TestStores.strings("lease-index-store");

    private static Item ready(String id, String type, int priority, int secondsAfterT0) {
        final Instant at = T0.plusSeconds(secondsAfterT0);
        return new Item(
                id,
                ItemSpec.of(type, id).withPriority(priority),
                ItemState.READY,
                0,
                null,
                null,
                0,
                null,
                List.of(),
                List.of(),
                at,
                at,
                null,
                null,
                null,
                null);
    }

    @Test
    void aStoredRangeLeavesOutItsUpperEndAndStopsAtTheLimit() {
        final IndexTable table = IndexTable.stored(TestStores.strings("t"));
        table.put("a", "1");
        table.put("b", "2");
        table.put("c", "3");

        assertThat(table.range("a", "c", 10)).extracting(Map.Entry::getKey).containsExactly("a", "b");
        assertThat(table.range("", "z", 1)).extracting(Map.Entry::getKey).containsExactly("a");
        table.remove("a");
        assertThat(table.range("", "z", 10)).extracting(Map.Entry::getValue).containsExactly("2", "3");
        table.clear();
        assertThat(table.range("", "z", 10)).isEmpty();
    }

    @Test
    void readyItemsAndTheirCountsAreFoundByAnIndexOpenedAgainOverTheSameStores() {
        final ReadyIndex before = new ReadyIndex(IndexTable.stored(readyStore), IndexTable.stored(countStore));
        before.add(ready("low", "build", 1, 0));
        before.add(ready("high", "build", 9, 1));
        before.add(ready("doc", "docs", 0, 0));
        before.remove(ready("doc", "docs", 0, 0));

        final ReadyIndex after = new ReadyIndex(IndexTable.stored(readyStore), IndexTable.stored(countStore));

        assertThat(after.candidates(List.of(), 10)).containsExactly("high", "low");
        assertThat(after.count("build")).isEqualTo(2);
        assertThat(after.count("docs")).isZero();
        assertThat(after.hint(0, T0).topPriority()).isEqualTo(Map.of("build", 9));
    }

    @Test
    void anItemMoreUrgentThanTheHeadAlreadyReadIsStillTakenFirst() {
        final ReadyIndex index = new ReadyIndex(IndexTable.stored(readyStore), IndexTable.stored(countStore));
        index.add(ready("a", "build", 1, 0));
        index.add(ready("b", "build", 1, 1));
        assertThat(index.candidates(List.of("build"), 1)).containsExactly("a");
        index.remove(ready("a", "build", 1, 0));
        assertThat(index.candidates(List.of("build"), 1)).containsExactly("b");

        index.add(ready("urgent", "build", 5, 2));

        assertThat(index.candidates(List.of("build"), 5)).containsExactly("urgent", "b");
        assertThat(index.candidates(List.of(), 5)).containsExactly("urgent", "b");
    }

    @Test
    void aLeaseFiledEarlierThanAnyReadBeforeIsStillDue() {
        final TimeIndex leases = new TimeIndex(IndexTable.stored(leaseStore));
        leases.add(T0.plusSeconds(30), "late");
        assertThat(leases.due(T0.plusSeconds(10).toEpochMilli(), 10)).isEmpty();

        leases.add(T0.plusSeconds(5), "early");

        assertThat(leases.due(T0.plusSeconds(10).toEpochMilli(), 10))
                .extracting(TimeIndex.Entry::itemId)
                .containsExactly("early");
        assertThat(new TimeIndex(IndexTable.stored(leaseStore))
                        .due(T0.plusSeconds(30).toEpochMilli(), 10))
                .extracting(TimeIndex.Entry::itemId)
                .containsExactly("early", "late");
    }

    @Test
    void aReadWithNoBudgetLeavesTheNextReadFindingEverythingDue() {
        final TimeIndex leases = new TimeIndex(IndexTable.stored(leaseStore));
        leases.add(T0, "due");

        assertThat(leases.due(T0.plusSeconds(1).toEpochMilli(), 0)).isEmpty();

        assertThat(leases.due(T0.plusSeconds(1).toEpochMilli(), 10))
                .extracting(TimeIndex.Entry::itemId)
                .containsExactly("due");
    }

    @Test
    void tablesSharingAStoreKeepTheirEntriesApart() {
        final KeyValueStore<String, String> shared = TestStores.strings("live-indexes-store");
        final IndexTable ready = IndexTable.stored(shared, "ready");
        final IndexTable readyCounts = IndexTable.stored(shared, "ready-count");
        ready.put("build", "r");
        readyCounts.put("build", "2");

        assertThat(ready.range("", IndexKeys.END, 10)).containsExactly(Map.entry("build", "r"));
        assertThat(readyCounts.get("build")).isEqualTo("2");
        ready.clear();
        assertThat(ready.range("", IndexKeys.END, 10)).isEmpty();
        assertThat(readyCounts.range("", IndexKeys.END, 10)).containsExactly(Map.entry("build", "2"));
    }
}
