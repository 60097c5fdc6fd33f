package dev.baton.claim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.command.Command;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.history.OwnershipAudit;
import dev.baton.contracts.item.Item;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.item.Result;
import dev.baton.contracts.reply.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random histories through the rule: several agents claim, heartbeat, complete, fail and
 * release, with right and stale epochs and as the wrong agent, while operators cancel and
 * redrive and time moves on. What time has done is applied before each command, as the engine
 * does, and now and then to every item, as its tick does. Every item's history must then pass
 * the same audit the end-to-end test runs on {@code item-events} ({@link OwnershipAudit}): no
 * overlapping ownership, epochs that only grow, nothing accepted from anyone but the holder of
 * the current grant, finished items that stay finished (but for a redrive of a dead one), and at
 * most one completion. Each run prints nothing unless it fails; a failure names the run's seed
 * and the history's, and {@code -Dbaton.property.seed=N} replays a run.
 */
class OwnershipPropertyTest {

    private static final Instant T0 = Instant.parse("2026-02-05T09:00:00Z");
    private static final List<String> AGENTS = List.of("a1", "a2", "a3");
    /** Stands for whoever holds the item when the step is taken, so holders' commands are common, not rare. */
    private static final String HOLDER = "holder";

    private static final List<String> ITEMS = List.of("i1", "i2", "i3", "i4", "i5");
    /** Short leases and backoffs, so a history of a minute sees them run out. */
    private static final Settings SETTINGS = new Settings(
            Duration.ofSeconds(10),
            Duration.ofSeconds(60),
            Duration.ofSeconds(1),
            Duration.ofSeconds(5),
            Duration.ofSeconds(3),
            Duration.ofHours(1),
            Duration.ofDays(7));

    /** Which epoch a holder's command presents. */
    enum Epoch {
        /** The one this agent was last granted for the item (0 if none): right for the holder, stale after. */
        REMEMBERED,
        /** The item's current epoch, whoever sends it. */
        CURRENT,
        /** One below the current. */
        STALE
    }

    /** One thing that happens. */
    sealed interface Step {}

    record Claim(String item, String agent, Integer leaseSeconds) implements Step {}

    record ClaimNext(String agent, int max) implements Step {}

    record Heartbeat(String item, String agent, Epoch epoch, Integer leaseSeconds) implements Step {}

    record Complete(String item, String agent, Epoch epoch) implements Step {}

    record Fail(String item, String agent, Epoch epoch, boolean retryable) implements Step {}

    record Release(String item, String agent, Epoch epoch) implements Step {}

    record Cancel(String item) implements Step {}

    record Redrive(String item) implements Step {}

    /** Time moves on by this many milliseconds. */
    record Wait(int millis) implements Step {}

    /** The engine's tick: what time has done, applied to every item. */
    record Tick() implements Step {}

    /** Histories per run; each is generated from its own seed, derived from the run's. */
    private static final int HISTORIES = Integer.getInteger("baton.property.histories", 200);

    private static final int MAX_STEPS = 60;
    private static final long SEED = Long.getLong("baton.property.seed", System.nanoTime());

    @Test
    void everyHistoryPassesTheOwnershipAudit() {
        final Random seeds = new Random(SEED);
        int withExpiry = 0;
        int withCompletion = 0;
        int withStaleRefusal = 0;
        int withRedrive = 0;
        for (int run = 0; run < HISTORIES; run++) {
            // given: a random history, reproducible from its own seed
            final long seed = seeds.nextLong();
            final List<Step> steps = history(new Random(seed));
            final World world = new World();

            // when
            steps.forEach(world::take);

            // then
            world.histories.forEach((id, history) -> {
                final OwnershipAudit.Report report = OwnershipAudit.auditItem(id, history);
                assertThat(report.violations())
                        .as(
                                "violations of %s (run seed %d, history seed %d) after %s: %s",
                                id, SEED, seed, steps, history)
                        .isEmpty();
                assertThat(report.completions())
                        .as("completions of %s (history seed %d)", id, seed)
                        .isLessThanOrEqualTo(1);
            });
            withExpiry += world.count(ItemEvent.LeaseExpired.class) > 0 ? 1 : 0;
            withCompletion += world.count(ItemEvent.ItemCompleted.class) > 0 ? 1 : 0;
            withStaleRefusal += world.staleRefused > 0 ? 1 : 0;
            withRedrive += world.count(ItemEvent.ItemRedriven.class) > 0 ? 1 : 0;
        }
        // The histories must reach what can go wrong, or passing them proves little.
        assertThat(withExpiry).as("histories with an expiry (seed %d)", SEED).isGreaterThan(HISTORIES / 20);
        assertThat(withCompletion)
                .as("histories with a completion (seed %d)", SEED)
                .isGreaterThan(HISTORIES / 20);
        assertThat(withStaleRefusal)
                .as("histories with a stale refusal (seed %d)", SEED)
                .isGreaterThan(HISTORIES * 2 / 5);
        assertThat(withRedrive).as("histories with a redrive (seed %d)", SEED).isGreaterThan(HISTORIES / 100);
    }

    /** One history: 1 to 60 steps, each kind of step as often as its weight says. */
    static List<Step> history(Random random) {
        final int length = 1 + random.nextInt(MAX_STEPS);
        final List<Step> steps = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            steps.add(step(random));
        }
        return steps;
    }

    private static Step step(Random random) {
        final String item = ITEMS.get(random.nextInt(ITEMS.size()));
        final String agent = AGENTS.get(random.nextInt(AGENTS.size()));
        // Holders' commands come mostly from the holder, sometimes from anyone.
        final String sender = random.nextInt(3) < 2 ? HOLDER : agent;
        final Epoch epoch = Epoch.values()[random.nextInt(Epoch.values().length)];
        // Mostly none (the grant's own), sometimes out of range (61 s is over the longest lease of 60 s).
        final Integer lease = random.nextBoolean() ? null : 1 + random.nextInt(61);
        final int weight = random.nextInt(25);
        if (weight < 4) {
            return new Claim(item, agent, lease);
        } else if (weight < 7) {
            return new ClaimNext(agent, 1 + random.nextInt(2));
        } else if (weight < 10) {
            return new Heartbeat(item, sender, epoch, lease);
        } else if (weight < 12) {
            return new Complete(item, sender, epoch);
        } else if (weight < 14) {
            return new Fail(item, sender, epoch, random.nextBoolean());
        } else if (weight < 16) {
            return new Release(item, sender, epoch);
        } else if (weight < 17) {
            return new Cancel(item);
        } else if (weight < 19) {
            return new Redrive(item);
        } else if (weight < 23) {
            return new Wait(random.nextInt(25_001));
        }
        return new Tick();
    }

    /** The items of one partition, decided by the rule alone, with each item's history as the engine writes it. */
    private static final class World {

        private final ClaimRule rule = new ClaimRule(SETTINGS);
        private final Map<String, Item> items = new LinkedHashMap<>();
        private final Map<String, List<ItemEvent>> histories = new LinkedHashMap<>();
        /** Per agent, the epoch of its last grant of each item. */
        private final Map<String, Map<String, Long>> granted = new HashMap<>();

        private final Map<String, String> lastHolder = new HashMap<>();
        private Instant now = T0;
        private int requests;
        private int staleRefused;

        World() {
            submit("i1", ItemSpec.of("build", "one").withMaxAttempts(1));
            submit("i2", ItemSpec.of("build", "two").withMaxAttempts(2));
            submit("i3", ItemSpec.of("docs", "three").withNotBefore(T0.plusSeconds(5)));
            submit("i4", ItemSpec.of("docs", "four").withPriority(3));
            submit("i5", ItemSpec.of("build", "five"));
        }

        private void submit(String id, ItemSpec spec) {
            histories.put(id, new ArrayList<>());
            apply(id, rule.submit(null, new ItemEvent.ItemSubmitted(id, now, null, spec, null), now));
        }

        void take(Step step) {
            if (step instanceof Wait wait) {
                now = now.plusMillis(wait.millis());
            } else if (step instanceof Tick) {
                ITEMS.forEach(this::catchUp);
            } else if (step instanceof ClaimNext next) {
                claimNext(next);
            } else if (step instanceof Claim c) {
                decide(c.item(), new Command.ClaimItem(requestId(), c.item(), c.agent(), c.leaseSeconds()));
            } else if (step instanceof Heartbeat c) {
                final String agent = who(c.item(), c.agent());
                decide(
                        c.item(),
                        new Command.RenewLease(
                                requestId(),
                                c.item(),
                                agent,
                                epoch(c.item(), agent, c.epoch()),
                                c.leaseSeconds(),
                                "working"));
            } else if (step instanceof Complete c) {
                final String agent = who(c.item(), c.agent());
                decide(
                        c.item(),
                        new Command.CompleteItem(
                                requestId(),
                                c.item(),
                                agent,
                                epoch(c.item(), agent, c.epoch()),
                                Result.of("done by " + agent)));
            } else if (step instanceof Fail c) {
                final String agent = who(c.item(), c.agent());
                decide(
                        c.item(),
                        new Command.FailItem(
                                requestId(),
                                c.item(),
                                agent,
                                epoch(c.item(), agent, c.epoch()),
                                "boom",
                                c.retryable()));
            } else if (step instanceof Release c) {
                final String agent = who(c.item(), c.agent());
                decide(
                        c.item(),
                        new Command.ReleaseItem(
                                requestId(), c.item(), agent, epoch(c.item(), agent, c.epoch()), "busy"));
            } else if (step instanceof Cancel c) {
                decide(c.item(), new Command.CancelItem(requestId(), c.item(), "not needed"));
            } else if (step instanceof Redrive c) {
                decide(c.item(), new Command.RedriveItem(requestId(), c.item()));
            }
        }

        /** As the engine decides a command about one item: caught up with time first. */
        private void decide(String id, Command command) {
            catchUp(id);
            final Decision decision = rule.decide(items.get(id), command, now);
            if (decision.rejected()) {
                if (decision.rejection().reason() == Reason.STALE_EPOCH) {
                    staleRefused++;
                }
                return;
            }
            apply(id, decision.events());
        }

        /** As the engine answers claim-next: its ready items in order, each decided as a claim of it. */
        private void claimNext(ClaimNext step) {
            final Command.ClaimNext next =
                    new Command.ClaimNext(requestId(), step.agent(), List.of(), step.max(), null);
            int grants = 0;
            for (String id : ITEMS) {
                if (grants < step.max() && items.get(id).state() == ItemState.READY) {
                    final Decision decision = rule.decide(items.get(id), next, now);
                    assertThat(decision.rejected())
                            .as("a ready candidate is granted")
                            .isFalse();
                    apply(id, decision.events());
                    grants++;
                }
            }
        }

        private void catchUp(String id) {
            apply(id, rule.due(items.get(id), now));
        }

        private void apply(String id, List<ItemEvent> events) {
            for (ItemEvent event : events) {
                items.put(id, ClaimRule.evolve(items.get(id), event));
                histories.get(id).add(event);
                if (event instanceof ItemEvent.ItemClaimed claimed) {
                    granted.computeIfAbsent(claimed.agent(), a -> new HashMap<>())
                            .put(id, claimed.epoch());
                    lastHolder.put(id, claimed.agent());
                }
            }
        }

        /** The agent a step names; for {@link #HOLDER}, the item's holder as stored (the last one, or a1, if none). */
        private String who(String id, String agent) {
            if (!HOLDER.equals(agent)) {
                return agent;
            }
            final Item item = items.get(id);
            return item.owner() != null ? item.owner() : lastHolder.getOrDefault(id, AGENTS.get(0));
        }

        private long epoch(String id, String agent, Epoch choice) {
            final long current = items.get(id).epoch();
            return switch (choice) {
                case REMEMBERED -> granted.getOrDefault(agent, Map.of()).getOrDefault(id, 0L);
                case CURRENT -> current;
                case STALE -> current - 1;
            };
        }

        private String requestId() {
            return "r-" + ++requests;
        }

        long count(Class<? extends ItemEvent> kind) {
            return histories.values().stream()
                    .flatMap(List::stream)
                    .filter(kind::isInstance)
                    .count();
        }
    }
}
