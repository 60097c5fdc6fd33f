package dev.baton.claim.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The time index alone: what is due comes back soonest first, within the budget, and a tick with
 * nothing due does not read the table (each read opens a store iterator), yet never misses an
 * entry filed sooner than the one it expected next.
 */
class TimeIndexTest {

    /** A table that counts its range reads. */
    private static final class Counted implements IndexTable {
        private final IndexTable table = IndexTable.inMemory();
        int reads;

        @Override
        public void put(String key, String value) {
            table.put(key, value);
        }

        @Override
        public String get(String key) {
            return table.get(key);
        }

        @Override
        public void remove(String key) {
            table.remove(key);
        }

        @Override
        public List<Map.Entry<String, String>> range(String from, String to, int limit) {
            reads++;
            return table.range(from, to, limit);
        }

        @Override
        public void clear() {
            table.clear();
        }
    }

    private final Counted table = new Counted();
    private final TimeIndex index = new TimeIndex(table);

    private static List<String> ids(List<TimeIndex.Entry> entries) {
        return entries.stream().map(TimeIndex.Entry::itemId).toList();
    }

    @Test
    void ticksBeforeTheNextEntryIsDueReadNothing() {
        index.add(1_000, "a");
        index.add(5_000, "b");

        assertThat(ids(index.due(2_000, 10))).containsExactly("a");
        index.drop(new TimeIndex.Entry(IndexKeys.timed(1_000, "a"), "a"));
        final int readsSoFar = table.reads;

        assertThat(index.due(2_100, 10)).isEmpty();
        assertThat(index.due(4_999, 10)).isEmpty();
        assertThat(table.reads).as("nothing falls due before 5,000").isEqualTo(readsSoFar);

        assertThat(ids(index.due(5_000, 10))).containsExactly("b");
        assertThat(table.reads).isEqualTo(readsSoFar + 1);
    }

    @Test
    void anEntryFiledSoonerThanTheExpectedNextIsStillFoundOnTime() {
        index.add(5_000, "late");
        assertThat(index.due(1_000, 10)).isEmpty();

        index.add(2_000, "sooner");

        assertThat(index.due(1_999, 10)).isEmpty();
        assertThat(ids(index.due(2_000, 10))).containsExactly("sooner");
    }

    @Test
    void aReadStoppedByItsBudgetReadsAgainAtTheNextTick() {
        index.add(1_000, "a");
        index.add(1_001, "b");
        index.add(1_002, "c");

        assertThat(ids(index.due(2_000, 2))).containsExactly("a", "b");
        index.drop(new TimeIndex.Entry(IndexKeys.timed(1_000, "a"), "a"));
        index.drop(new TimeIndex.Entry(IndexKeys.timed(1_001, "b"), "b"));

        assertThat(ids(index.due(2_000, 2)))
                .as("the rest, though no time passed")
                .containsExactly("c");
    }

    @Test
    void anEmptyIndexIsReadOnceUntilSomethingIsFiled() {
        assertThat(index.due(1_000, 10)).isEmpty();
        assertThat(index.due(9_000, 10)).isEmpty();
        assertThat(table.reads).isEqualTo(1);

        index.add(9_500, "x");

        assertThat(ids(index.due(10_000, 10))).containsExactly("x");
    }

    @Test
    void clearingForgetsWhatWasKnown() {
        index.add(5_000, "a");
        assertThat(index.due(1_000, 10)).isEmpty();

        index.clear();
        table.put(IndexKeys.timed(1_500, "written-by-a-rebuild"), "written-by-a-rebuild");

        assertThat(ids(index.due(2_000, 10))).containsExactly("written-by-a-rebuild");
    }
}
