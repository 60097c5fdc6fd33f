package dev.baton.claim.engine;

import static dev.baton.claim.engine.RuleScenario.ID;
import static dev.baton.claim.engine.RuleScenario.T0;
import static dev.baton.claim.engine.RuleScenario.scenario;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.command.Command;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.item.Result;
import dev.baton.contracts.reply.Reason;
import dev.baton.contracts.reply.Rejection;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code decide} answers every kind of command in every state, and the holder's commands share one fence. */
class ClaimRuleTotalityTest {

    /** An item in each state the rule can meet, and none at all. */
    private static Map<String, Item> items() {
        final Map<String, Item> items = new LinkedHashMap<>();
        items.put("unknown", null);
        items.put("READY", scenario().givenReady().item());
        items.put("CLAIMED", scenario().givenClaimedBy("a1").item());
        items.put(
                "WAITING",
                scenario()
                        .givenSubmitted(ItemSpec.of("build", "t").withDependsOn(List.of("41")))
                        .item());
        items.put(
                "DONE",
                scenario()
                        .givenClaimedBy("a1")
                        .givenDecided(new Command.CompleteItem("r", ID, "a1", 1, null), T0)
                        .item());
        items.put(
                "DEAD",
                scenario()
                        .givenClaimedBy("a1")
                        .givenDecided(new Command.FailItem("r", ID, "a1", 1, "boom", false), T0)
                        .item());
        items.put(
                "CANCELLED",
                scenario()
                        .givenReady()
                        .givenDecided(new Command.CancelItem("r", ID, "x"), T0)
                        .item());
        return items;
    }

    /** One command of a kind, each field filled with a plausible value for its type. */
    private static Command oneOf(Class<?> kind) throws ReflectiveOperationException {
        final RecordComponent[] fields = kind.getRecordComponents();
        final Object[] values = Arrays.stream(fields)
                .map(f -> plausible(f.getName(), f.getType()))
                .toArray();
        final Class<?>[] types =
                Arrays.stream(fields).map(RecordComponent::getType).toArray(Class<?>[]::new);
        return (Command) kind.getDeclaredConstructor(types).newInstance(values);
    }

    private static Object plausible(String name, Class<?> type) {
        if (type == String.class) {
            return name.equals("itemId") ? ID : name.equals("agent") ? "a1" : name + "-1";
        }
        if (type == long.class) {
            return 1L;
        }
        if (type == int.class) {
            return 1;
        }
        if (type == Integer.class) {
            return 30;
        }
        if (type == boolean.class) {
            return true;
        }
        if (type == List.class) {
            return List.of();
        }
        if (type == ItemState.class) {
            return ItemState.DONE;
        }
        if (type == Result.class) {
            return Result.of("ok");
        }
        throw new IllegalArgumentException("no plausible value for " + type + " " + name);
    }

    static Stream<Arguments> everyKindInEveryState() {
        return Arrays.stream(Command.class.getPermittedSubclasses())
                .flatMap(kind -> items().keySet().stream().map(state -> Arguments.of(kind.getSimpleName(), state)));
    }

    @ParameterizedTest(name = "{0} on an item {1}")
    @MethodSource("everyKindInEveryState")
    void decideAnswersEveryKindOfCommandInEveryStateWithoutThrowing(String kind, String state) throws Exception {
        final Class<?> type = Arrays.stream(Command.class.getPermittedSubclasses())
                .filter(k -> k.getSimpleName().equals(kind))
                .findFirst()
                .orElseThrow();
        final Item item = items().get(state);

        final Decision decision = scenario().rule().decide(item, oneOf(type), T0);

        assertThat(decision).isNotNull();
        assertThat(decision.rejected() ? decision.events() : List.of())
                .as("a refusal comes without events")
                .isEmpty();
    }

    @Test
    void claimNextGivenACandidateIsAClaimOfIt() {
        final Decision next = scenario()
                .givenReady()
                .when(new Command.ClaimNext("r", "a1", List.of(), 1, 30))
                .decision();

        assertThat(next)
                .isEqualTo(scenario()
                        .givenReady()
                        .when(new Command.ClaimItem("r", ID, "a1", 30))
                        .decision());
    }

    @Test
    void claimNextGivenNoCandidateGrantsNothing() {
        scenario().when(new Command.ClaimNext("r", "a1", List.of(), 1, 30)).thenNothingHappens();
    }

    @Test
    void aWatchChangesNothingAboutTheItemItWatches() {
        scenario()
                .givenClaimedBy("a1")
                .when(new Command.WatchDependency("w", ID, "43"))
                .thenNothingHappens();
    }

    @Test
    void aCommandAboutAnItemNotSeenIsUnknown() {
        scenario().when(new Command.CompleteItem("r", ID, "a1", 1, null)).thenRejected(Reason.UNKNOWN_ITEM);
    }

    /** The four commands of a holder, each as it would be sent by {@code agent} under {@code epoch}. */
    private static final List<BiFunction<String, Long, Command>> HOLDERS = List.of(
            (agent, epoch) -> new Command.RenewLease("r", ID, agent, epoch, null, null),
            (agent, epoch) -> new Command.CompleteItem("r", ID, agent, epoch, null),
            (agent, epoch) -> new Command.FailItem("r", ID, agent, epoch, "boom", true),
            (agent, epoch) -> new Command.ReleaseItem("r", ID, agent, epoch, "busy"));

    private static List<Rejection> refusals(RuleScenario given, String agent, long epoch) {
        return HOLDERS.stream()
                .map(command -> given.when(command.apply(agent, epoch)).thenRejected())
                .toList();
    }

    @Test
    void everyHoldersCommandWithAStaleEpochIsRefusedAlike() {
        assertThat(refusals(scenario().givenClaimedBy("a1"), "a1", 0)).containsOnly(Rejection.staleEpoch(ID, 0, 1));
    }

    @Test
    void everyHoldersCommandFromAnotherAgentIsRefusedAlike() {
        assertThat(refusals(scenario().givenClaimedBy("a1"), "a2", 1)).containsOnly(Rejection.notOwner(ID, "a2", 1));
    }

    @Test
    void everyHoldersCommandOnAFinishedItemIsRefusedAlike() {
        assertThat(refusals(
                        scenario()
                                .givenClaimedBy("a1")
                                .givenDecided(new Command.CompleteItem("r", ID, "a1", 1, null), T0),
                        "a1",
                        1))
                .containsOnly(Rejection.terminal(ID, ItemState.DONE));
    }

    @Test
    void everyHoldersCommandUnderAGrantThatEndedIsRefusedAlikeAsStale() {
        final List<Rejection> refused = refusals(
                scenario().givenClaimedBy("a1").givenDecided(new Command.ReleaseItem("r", ID, "a1", 1, "busy"), T0),
                "a1",
                1);

        assertThat(refused).hasSize(4).allSatisfy(r -> {
            assertThat(r.reason()).isEqualTo(Reason.STALE_EPOCH);
            assertThat(r.detail()).isEqualTo("the lease of epoch 1 has ended; the item is READY");
        });
    }
}
