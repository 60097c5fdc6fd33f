package dev.baton.claim.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.reply.ReadyHint;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ready index alone: the order claim-next takes, the counts and the hint, and when the hint cannot wait. */
class ReadyIndexTest {

    private static final Instant T0 = Instant.parse("2026-02-05T09:00:00Z");

    private final ReadyIndex ready = new ReadyIndex(IndexTable.inMemory());

    private static Item item(String id, String type, int priority, int secondsAfterT0) {
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
    void candidatesComeMostUrgentFirstThenOldest() {
        ready.add(item("low", "build", 0, 0));
        ready.add(item("high-new", "build", 5, 2));
        ready.add(item("high-old", "build", 5, 1));
        ready.add(item("negative", "build", -3, 3));

        assertThat(ready.candidates(List.of(), 10)).containsExactly("high-old", "high-new", "low", "negative");
        assertThat(ready.candidates(List.of("build"), 2)).containsExactly("high-old", "high-new");
    }

    @Test
    void candidatesOfSeveralTypesAreMergedInPriorityOrderAndOtherTypesLeftOut() {
        ready.add(item("doc", "docs", 1, 0));
        ready.add(item("build", "build", 2, 0));
        ready.add(item("learn", "learn", 9, 0));

        assertThat(ready.candidates(List.of("docs", "build"), 5)).containsExactly("build", "doc");
        assertThat(ready.candidates(List.of("ops"), 5)).isEmpty();
    }

    @Test
    void aTypeNewHereOrAMoreUrgentItemCannotWaitForTheNextTick() {
        assertThat(ready.add(item("a", "build", 1, 0))).as("new type").isTrue();
        assertThat(ready.add(item("b", "build", 0, 1)))
                .as("less urgent, known type")
                .isFalse();
        assertThat(ready.add(item("c", "build", 7, 2))).as("more urgent").isTrue();
    }

    @Test
    void theLastItemOfATypeGoingCannotWaitForTheNextTick() {
        final Item a = item("a", "build", 1, 0);
        final Item b = item("b", "build", 1, 1);
        ready.add(a);
        ready.add(b);

        assertThat(ready.remove(a)).isFalse();
        assertThat(ready.remove(b)).isTrue();
        assertThat(ready.candidates(List.of(), 5)).isEmpty();
    }

    @Test
    void theHintCountsEachTypeWithItsHighestPriority() {
        ready.add(item("a", "build", 2, 0));
        ready.add(item("b", "build", 7, 1));
        ready.add(item("c", "docs", 0, 0));

        final ReadyHint hint = ready.hint(3, T0);

        assertThat(hint)
                .isEqualTo(new ReadyHint(
                        3, java.util.Map.of("build", 2, "docs", 1), java.util.Map.of("build", 7, "docs", 0), T0));
        assertThat(ready.changedSinceHint()).isFalse();
        ready.remove(item("c", "docs", 0, 0));
        assertThat(ready.changedSinceHint()).isTrue();
    }

    @Test
    void aHintNamesOnlyTheMostUrgentTypesWhenThereAreMoreThanOneRecordHolds() {
        for (int i = 0; i <= ReadyIndex.MAX_HINT_TYPES; i++) {
            ready.add(item("i" + i, "t" + i, i, 0));
        }

        final ReadyHint hint = ready.hint(0, T0);

        assertThat(hint.readyByType()).hasSize(ReadyIndex.MAX_HINT_TYPES).doesNotContainKey("t0");
        assertThat(hint.topPriority()).containsEntry("t" + ReadyIndex.MAX_HINT_TYPES, ReadyIndex.MAX_HINT_TYPES);
    }
}
