package dev.baton.backlog.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.item.ItemState;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DependencyCyclesTest {

    private final Map<String, Item> items = new HashMap<>();

    private Item waiting(String id, String... on) {
        final Item item = new Item(
                id,
                ItemSpec.of("build", id).withDependsOn(List.of(on)),
                ItemState.WAITING,
                0,
                null,
                null,
                0,
                null,
                List.of(on),
                List.of(),
                Instant.EPOCH,
                Instant.EPOCH,
                null,
                null,
                null,
                null);
        items.put(id, item);
        return item;
    }

    @Test
    void twoItemsWaitingOnEachOtherAreACycleNamedFromTheItemAsked() {
        // given
        final Item a = waiting("a", "b");
        waiting("b", "a");

        // then
        assertThat(DependencyCycles.through(a, items::get)).contains(List.of("a", "b", "a"));
        assertThat(DependencyCycles.why(a, items::get))
                .isEqualTo("waiting on b; waiting on a cycle that will never end by itself: a -> b -> a"
                        + " (cancel one of them)");
    }

    @Test
    void aLongerCycleBehindABranchIsFound() {
        // given: a waits on x (a dead end) and on b; b -> c -> a
        final Item a = waiting("a", "x", "b");
        waiting("x");
        waiting("b", "c");
        waiting("c", "a");

        // then
        assertThat(DependencyCycles.through(a, items::get)).contains(List.of("a", "b", "c", "a"));
    }

    @Test
    void aChainThatEndsOrACycleElsewhereIsNotTheItemsCycle() {
        // given: a waits on b, which waits on c and d, which wait on each other; nothing leads back to a
        final Item a = waiting("a", "b");
        waiting("b", "c");
        waiting("c", "d");
        waiting("d", "c");
        final Item lone = waiting("lone", "unknown-yet");

        // then
        assertThat(DependencyCycles.through(a, items::get)).isEmpty();
        assertThat(DependencyCycles.through(lone, items::get)).isEmpty();
        assertThat(DependencyCycles.why(lone, items::get)).isEqualTo("waiting on unknown-yet");
    }

    @Test
    void theWalkIsBoundedWhateverTheGraph() {
        // given: a long chain that never returns
        final Item start = waiting("n0", "n1");
        for (int i = 1; i < 10_000; i++) {
            waiting("n" + i, "n" + (i + 1));
        }
        final int[] reads = {0};

        // when
        DependencyCycles.through(start, id -> {
            reads[0]++;
            return items.get(id);
        });

        // then
        assertThat(reads[0]).isLessThanOrEqualTo(DependencyCycles.MAX_VISITS);
    }
}
