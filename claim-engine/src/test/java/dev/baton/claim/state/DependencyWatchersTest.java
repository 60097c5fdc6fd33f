package dev.baton.claim.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.command.Command;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.item.ItemState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dependency watchers alone, over a real store: who is told what, and when a watcher is forgotten. */
class DependencyWatchersTest {

    private static final Instant T0 = Instant.parse("2026-02-05T09:00:00Z");

    private final DependencyWatchers watchers = new DependencyWatchers(TestStores.strings("watchers-store"));

    private static Item item(String id, ItemState state, List<String> dependsOn) {
        return new Item(
                id,
                ItemSpec.of("build", id).withDependsOn(dependsOn),
                state,
                1,
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
                null);
    }

    private static Command.WatchDependency watch(String dependency, String dependent) {
        return new Command.WatchDependency("watch:" + dependency + ">" + dependent, dependency, dependent);
    }

    @Test
    void aNewItemAsksEachOfItsDependenciesToWatchIt() {
        assertThat(DependencyWatchers.watchesFor(item("c", ItemState.WAITING, List.of("a", "b"))))
                .containsExactly(watch("a", "c"), watch("b", "c"));
    }

    @Test
    void aWatchOfADependencyThatHasNotEndedIsFiledSilently() {
        assertThat(watchers.watch(watch("a", "c"), item("a", ItemState.CLAIMED, List.of())))
                .isEmpty();
        assertThat(watchers.watch(watch("x", "c"), null))
                .as("not seen here yet")
                .isEmpty();
    }

    @Test
    void aWatchOfADependencyAlreadyEndedIsAnsweredAtOnce() {
        assertThat(watchers.watch(watch("a", "c"), item("a", ItemState.DONE, List.of())))
                .contains(
                        new Command.SettleDependency("settle:a>c:DONE:" + T0.toEpochMilli(), "c", "a", ItemState.DONE));
    }

    @Test
    void aDependencyThatIsDoneTellsEveryWatcherOnceAndForgetsThem() {
        watchers.watch(watch("a", "c"), null);
        watchers.watch(watch("a", "d"), null);
        watchers.watch(watch("ab", "e"), null);
        final Item done = item("a", ItemState.DONE, List.of());

        assertThat(watchers.ended(done)).extracting(Command::itemId).containsExactly("c", "d");
        assertThat(watchers.ended(done)).isEmpty();
    }

    @Test
    void aDeadDependencyKeepsItsWatchersForItsNextEnding() {
        watchers.watch(watch("a", "c"), null);

        assertThat(watchers.ended(item("a", ItemState.DEAD, List.of())))
                .singleElement()
                .satisfies(notice -> assertThat(notice.outcome()).isEqualTo(ItemState.DEAD));
        assertThat(watchers.ended(item("a", ItemState.DONE, List.of())))
                .singleElement()
                .satisfies(notice -> assertThat(notice.outcome()).isEqualTo(ItemState.DONE));
    }
}
