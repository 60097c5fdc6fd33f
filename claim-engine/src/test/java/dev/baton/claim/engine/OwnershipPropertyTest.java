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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Random histories through the rule: several agents claim, heartbeat, complete, fail and
 * release, with right and stale epochs and as the wrong agent, while operators cancel and
 * redrive and time moves on. What time has done is applied before each command, as the engine
 * does, and now and then to every item, as its tick does. Every item's history must then pass
 * the same audit the end-to-end test runs on {@code item-events} ({@link OwnershipAudit}): no
 * overlapping ownership, epochs that only grow, nothing accepted from anyone but the holder of
 * the current grant, finished items that stay finished (but for a redrive of a dead one), and at
 * most one completion.
 */
class OwnershipPropertyTest {

    private static final Instant T0 = Instant.parse("2026-02-05T09:00:00Z");
    private static final List<String> AGENTS = List.of("a1", "a2", "a3");
    /** Stands for whoever holds the item when the step is taken, so holders' commands are common, not rare. */
    private static final String HOLDER = "holder";
    private static final List<String> ITEMS = List.of("i1", "i2", "i3", "i4", "i5");
    /** Short leases and backoffs, so a history of a minute sees them run out. */
    private static final Settings SETTINGS = new Settings(Duration.ofSeconds(10), Duration.ofSeconds(60),
            Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofHours(1),
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
    sealed interface Step {
    }

    record Claim(String item, String agent, Integer leaseSeconds) implements Step {
    }

    record ClaimNext(String agent, int max) implements Step {
    }

    record Heartbeat(String item, String agent, Epoch epoch, Integer leaseSeconds) implements Step {
    }

    record Complete(String item, String agent, Epoch epoch) implements Step {
    }

    record Fail(String item, String agent, Epoch epoch, boolean retryable) implements Step {
    }

    record Release(String item, String agent, Epoch epoch) implements Step {
    }

    record Cancel(String item) implements Step {
    }

    record Redrive(String item) implements Step {
    }

    /** Time moves on by this many milliseconds. */
    record Wait(int millis) implements Step {
    }

    /** The engine's tick: what time has done, applied to every item. */
    record Tick() implements Step {
    }

    @Property(tries = 200)
    void everyHistoryPassesTheOwnershipAudit(@ForAll("histories") List<Step> steps) {
        final World world = new World();

        steps.forEach(world::take);

        world.histories.forEach((id, history) -> {
            final OwnershipAudit.Report report = OwnershipAudit.auditItem(id, history);
            assertThat(report.violations()).as("violations of %s in %s", id, history).isEmpty();
            assertThat(report.completions()).as("completions of %s", id).isLessThanOrEqualTo(1);
        });
        // The histories must reach what can go wrong, or passing them proves little.
        Statistics.label("expiries").collect(world.count(ItemEvent.LeaseExpired.class) > 0)
                .coverage(c -> c.check(true).percentage(p -> p > 5));
        Statistics.label("completions").collect(world.count(ItemEvent.ItemCompleted.class) > 0)
                .coverage(c -> c.check(true).percentage(p -> p > 5));
        Statistics.label("refused for a stale epoch").collect(world.staleRefused > 0)
                .coverage(c -> c.check(true).percentage(p -> p > 40));
        Statistics.label("redrives").collect(world.count(ItemEvent.ItemRedriven.class) > 0)
                .coverage(c -> c.check(true).percentage(p -> p > 1));
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        final Arbitrary<String> item = Arbitraries.of(ITEMS);
        final Arbitrary<String> agent = Arbitraries.of(AGENTS);
        final Arbitrary<String> sender = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just(HOLDER)),
                Tuple.of(1, agent));
        final Arbitrary<Epoch> epoch = Arbitraries.of(Epoch.class);
        // Mostly none (the grant's own), sometimes out of range (61 s is over the longest lease of 60 s).
        final Arbitrary<Integer> lease = Arbitraries.integers().between(1, 61).injectNull(0.5);
        final Arbitrary<Step> step = Arbitraries.frequencyOf(
                Tuple.of(4, Combinators.combine(item, agent, lease).as(Claim::new)),
                Tuple.of(3, Combinators.combine(agent, Arbitraries.integers().between(1, 2)).as(ClaimNext::new)),
                Tuple.of(3, Combinators.combine(item, sender, epoch, lease).as(Heartbeat::new)),
                Tuple.of(2, Combinators.combine(item, sender, epoch).as(Complete::new)),
                Tuple.of(2, Combinators.combine(item, sender, epoch, Arbitraries.of(true, false)).as(Fail::new)),
                Tuple.of(2, Combinators.combine(item, sender, epoch).as(Release::new)),
                Tuple.of(1, item.map(Cancel::new)),
                Tuple.of(2, item.map(Redrive::new)),
                Tuple.of(4, Arbitraries.integers().between(0, 25_000).map(Wait::new)),
                Tuple.of(2, Arbitraries.just(new Tick())));
        return step.list().ofMinSize(1).ofMaxSize(60).withSizeDistribution(RandomDistribution.uniform());
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
                decide(c.item(), new Command.RenewLease(requestId(), c.item(), agent, epoch(c.item(), agent, c.epoch()),
                        c.leaseSeconds(), "working"));
            } else if (step instanceof Complete c) {
                final String agent = who(c.item(), c.agent());
                decide(c.item(), new Command.CompleteItem(requestId(), c.item(), agent, epoch(c.item(), agent,
                        c.epoch()), Result.of("done by " + agent)));
            } else if (step instanceof Fail c) {
                final String agent = who(c.item(), c.agent());
                decide(c.item(), new Command.FailItem(requestId(), c.item(), agent, epoch(c.item(), agent, c.epoch()),
                        "boom", c.retryable()));
            } else if (step instanceof Release c) {
                final String agent = who(c.item(), c.agent());
                decide(c.item(), new Command.ReleaseItem(requestId(), c.item(), agent, epoch(c.item(), agent,
                        c.epoch()), "busy"));
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
            final Command.ClaimNext next = new Command.ClaimNext(requestId(), step.agent(), List.of(), step.max(), null);
            int grants = 0;
            for (String id : ITEMS) {
                if (grants < step.max() && items.get(id).state() == ItemState.READY) {
                    final Decision decision = rule.decide(items.get(id), next, now);
                    assertThat(decision.rejected()).as("a ready candidate is granted").isFalse();
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
                    granted.computeIfAbsent(claimed.agent(), a -> new HashMap<>()).put(id, claimed.epoch());
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
            return histories.values().stream().flatMap(List::stream).filter(kind::isInstance).count();
        }
    }
}
