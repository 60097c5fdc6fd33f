package dev.baton.claim.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.command.Command;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.item.Result;
import dev.baton.contracts.reply.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A batch is decided part by part as if each part had come alone: the same random holders'
 * commands, sent one by one to one engine and in random batches to another, get the same answers
 * and leave the same events and the same items. Stale epochs, wrong agents, finished items and
 * repeats of earlier parts are all among them. A failure names the seed; {@code
 * -Dbaton.property.seed=N} replays it.
 */
class HolderBatchEquivalenceTest {

    private static final List<String> ITEMS = List.of("i1", "i2", "i3", "i4", "i5", "i6");
    private static final List<String> AGENTS = List.of("a1", "a2");

    @Test
    void randomHoldersCommandsGetTheSameAnswersAndEventsAloneAsInBatches() {
        final long seed = Long.getLong("baton.property.seed", System.nanoTime());
        for (int run = 0; run < 5; run++) {
            final long runSeed = seed + run;
            try (EngineDriver alone = new EngineDriver();
                    EngineDriver batched = new EngineDriver()) {
                compare(new Random(runSeed), alone, batched, runSeed);
            }
        }
    }

    private static void compare(Random random, EngineDriver alone, EngineDriver batched, long seed) {
        final Map<String, Long> epochs = new HashMap<>();
        for (String id : ITEMS) {
            alone.submit(id, ItemSpec.of("build", "Item " + id));
            batched.submit(id, ItemSpec.of("build", "Item " + id));
            final String agent = AGENTS.get(random.nextInt(AGENTS.size()));
            final Reply a = alone.send(new Command.ClaimItem("c-" + id, id, agent, 30));
            final Reply b = batched.send(new Command.ClaimItem("c-" + id, id, agent, 30));
            assertThat(b).as("seed %d", seed).isEqualTo(a);
            epochs.put(id, ((Reply.Granted) a).grants().get(0).epoch());
        }
        final List<Command.HolderCommand> sent = new ArrayList<>();
        for (int round = 0; round < 8; round++) {
            final List<Command.HolderCommand> parts = new ArrayList<>();
            final int size = 1 + random.nextInt(4);
            for (int i = 0; i < size; i++) {
                // Now and then a part sent before, under its own id: answered from the request log.
                parts.add(
                        !sent.isEmpty() && random.nextInt(5) == 0
                                ? sent.get(random.nextInt(sent.size()))
                                : part(random, round, i, epochs));
            }
            sent.addAll(parts);
            final List<Reply> one = new ArrayList<>();
            for (Command.HolderCommand part : parts) {
                one.add(alone.send(part.command()));
            }
            final Reply together =
                    batched.batch("b" + round + "#batch/0.0", parts.toArray(Command.HolderCommand[]::new));

            assertThat(((Reply.Batched) together).answers())
                    .as("seed %d round %d", seed, round)
                    .isEqualTo(one);
            final Duration step = Duration.ofSeconds(random.nextInt(12));
            alone.advance(step);
            batched.advance(step);
        }
        assertThat(events(batched)).as("seed %d", seed).isEqualTo(events(alone));
        for (String id : ITEMS) {
            assertThat(batched.stored(id)).as("seed %d item %s", seed, id).isEqualTo(alone.stored(id));
        }
    }

    private static Command.HolderCommand part(Random random, int round, int i, Map<String, Long> epochs) {
        final String id = ITEMS.get(random.nextInt(ITEMS.size()));
        final String agent = AGENTS.get(random.nextInt(AGENTS.size()));
        final long epoch = epochs.get(id) - (random.nextInt(4) == 0 ? 1 : 0);
        final String requestId = "r" + round + "." + i;
        return switch (random.nextInt(4)) {
            case 0 -> new Command.RenewLease(requestId, id, agent, epoch, 30, "p");
            case 1 -> new Command.CompleteItem(requestId, id, agent, epoch, Result.of("done"));
            case 2 -> new Command.FailItem(requestId, id, agent, epoch, "boom", random.nextBoolean());
            default -> new Command.ReleaseItem(requestId, id, agent, epoch, "back");
        };
    }

    private static List<String> events(EngineDriver engine) {
        return engine.events().stream().map(ItemEvent::toString).toList();
    }
}
