package dev.baton.e2e.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.client.BatonClient;
import dev.baton.client.NewItem;
import dev.baton.client.SubmitResult;
import dev.baton.contracts.limits.Limits;
import dev.baton.e2e.agent.Journal;
import dev.baton.e2e.agent.Journal.Entry;
import dev.baton.e2e.agent.Journal.Kind;
import dev.baton.e2e.campaign.HistoryChecker.Fault;
import dev.baton.e2e.campaign.HistoryChecker.Report;
import dev.baton.e2e.harness.AgentFleet;
import dev.baton.e2e.harness.BatonStack;
import dev.baton.e2e.harness.Deadline;
import dev.baton.identity.Role;
import dev.baton.launcher.Service;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fault campaign: two instances of each service against one broker, agent processes working
 * through items of mixed types, priorities and dependencies, and on a schedule, each under that
 * load: a claim-service instance killed (SIGKILL) and later restarted; the broker killed and
 * restarted on its data; a claim-service instance frozen (SIGSTOP) longer than a lease and
 * resumed; a claim-service instance cut off the broker by a TCP proxy and reconnected; agents
 * frozen past their lease and resumed. Then {@link HistoryChecker} holds {@code item-events}
 * against the agents' journals, prints its report, and the run passes only with zero anomalies.
 *
 * <p>The short campaign runs in the build; the full one (64 agents, 10,000 items) with
 * {@code -Dbaton.campaign=full} (docs/reliability.md). Between faults the campaign waits for the
 * work to go on (so many more completions on record), not for time; only a fault's own length
 * (longer than a lease) is time.
 */
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class FaultCampaignIT {

    /** How big a run is. */
    private record Size(String name, int agents, int items, int writers, Duration deadline) {}

    /** The writer takes no part in the faults: one instance in the build's run spares two cores a JVM. */
    private static final Size SHORT = new Size("short", 12, 600, 1, Duration.ofMinutes(4));

    private static final Size FULL = new Size("full", 64, 10_000, 2, Duration.ofMinutes(40));

    private static final int LEASE_SECONDS = 5;
    private static final Duration LEASE = Duration.ofSeconds(LEASE_SECONDS);
    /** Longer than a lease: every grant the frozen party held has run out when it comes back. */
    private static final Duration FROZEN = LEASE.multipliedBy(2).plusSeconds(2);

    private static final List<String> TYPES = List.of("build", "test", "docs", "review", "learn");
    /** Every this many items after the first batch depends on one or two earlier items. */
    private static final int DEPENDENT_EVERY = 4;

    private final long startedAt = System.nanoTime();
    private final List<Fault> faults = new ArrayList<>();

    @Test
    void theRecordHasNoAnomalyAfterEveryFaultOnTheSchedule() {
        final Size size = "full".equals(System.getProperty("baton.campaign")) ? FULL : SHORT;
        try (CuttableTcpProxy proxy = CuttableTcpProxy.start();
                BatonStack stack = BatonStack.builder()
                        .replicas(Service.CLAIM, 2)
                        .replicas(Service.BACKLOG, 2)
                        .replicas(Service.WRITER, size.writers())
                        .setting(Service.WRITER, "BATON_WRITER_SCHEDULE", "off")
                        .proxiedBrokerListener(proxy.port())
                        .setting(Service.CLAIM, 2, "BATON_KAFKA_BOOTSTRAP", proxy.address())
                        .build()) {
            proxy.forwardTo(stack.proxiedListenerPort());
            stack.start();
            phase("stack up at " + stack.workDir() + ", campaign " + size.name());
            final BatonClient client = BatonClient.builder()
                    .backlog(stack.url(Service.BACKLOG, 1))
                    .agent("campaign")
                    .token(stack.tokenWithEveryRole("campaign"))
                    .build();

            // given: the items, then the agents working on them through both claim-service instances
            final Set<String> ids = submit(client, size.items());
            phase("submitted " + ids.size() + " items");
            final List<URI> claims = List.of(stack.url(Service.CLAIM, 1), stack.url(Service.CLAIM, 2));
            final Report report;
            try (EventTail tail = EventTail.follow(stack.bootstrapServers());
                    AgentFleet fleet = new AgentFleet(
                            stack.workDir().resolve("agents"), claims, name -> stack.token(name, Role.AGENT))) {
                for (int i = 1; i <= size.agents(); i++) {
                    startAgent(fleet, i);
                }
                final int step = Math.max(20, size.items() / 40);
                awaitProgress(tail, step, "the agents' first completions");

                // when: the faults, one after another, each under load
                final Instant killed = inject("claim-service-1 killed", () -> stack.kill(Service.CLAIM, 1));
                awaitProgress(tail, step, "completions with one claim-service instance");
                stack.killAndRestart(Service.CLAIM, 1);
                faults.add(new Fault("claim-service-1 killed", killed, killed));
                faults.add(healedNow("claim-service-1 restarted", Instant.now()));
                awaitProgress(tail, step, "completions after claim-service-1 came back");

                final Instant brokerDown = inject("broker killed", () -> stack.killBroker());
                stack.restartBroker();
                faults.add(new Fault("broker killed and restarted", brokerDown, Instant.now()));
                awaitProgress(tail, step, "completions after the broker came back");

                final long frozenPid = stack.process(Service.CLAIM, 2).pid();
                final Instant frozen = inject("claim-service-2 frozen", () -> Signals.stop(frozenPid));
                holdFor(FROZEN);
                Signals.resume(frozenPid);
                faults.add(new Fault("claim-service-2 frozen past a lease", frozen, frozen));
                awaitProgress(tail, step, "completions after claim-service-2 resumed");

                final Instant cut = inject("claim-service-2 cut off the broker", () -> proxy.cut());
                holdFor(FROZEN);
                proxy.reconnect();
                faults.add(new Fault("claim-service-2 cut off the broker", cut, cut));
                awaitProgress(tail, step, "completions after claim-service-2 reconnected");

                final List<String> paused = List.of(agentName(1), agentName(2));
                // Frozen while they hold a grant: what they send when they wake is late.
                Deadline.of(Duration.ofMinutes(1))
                        .until(
                                paused + " holding a grant",
                                () -> paused.stream()
                                        .allMatch(a -> !Journal.openGrants(fleet.entries(a))
                                                .isEmpty()));
                final List<Long> pids =
                        paused.stream().map(a -> fleet.process(a).pid()).toList();
                final Instant agentsFrozen = inject("agents frozen " + paused, () -> pids.forEach(Signals::stop));
                holdFor(FROZEN);
                pids.forEach(Signals::resume);
                faults.add(new Fault("agents frozen past their lease " + paused, agentsFrozen, Instant.now()));

                // then: every item is finished, and the record holds no anomaly
                Deadline.of(size.deadline())
                        .until("every item finished on record", () -> tail.finished(ids) == ids.size());
                phase("every item finished; " + tail.completions() + " completions on record");
                fleet.close();
                final Map<String, List<Entry>> journals = fleet.journals();
                final ItemEvents.Read record = ItemEvents.readAll(stack.bootstrapServers(), Duration.ofMinutes(2));
                assertThat(record.unreadable())
                        .as("unreadable records on item-events")
                        .isEmpty();
                report = HistoryChecker.check(ids, record.events(), journals, faults);
                System.out.println(report.render());
                // A call answered while they were frozen may be journaled after; one refused at least.
                assertThat(lateWritesOfThePausedAgents(journals, paused, agentsFrozen))
                        .as("answers to the frozen agents' late writes")
                        .anySatisfy(e -> assertThat(e.kind()).isEqualTo(Kind.REJECTED));
            }
            assertThat(report.anomalies()).as(report.render()).isZero();
            assertThat(report.recoveries())
                    .allSatisfy(
                            r -> assertThat(r.firstAnswer()).as(r.toString()).isPresent());
        }
        phase("stack stopped");
    }

    // --- given ----------------------------------------------------------------------------------

    /**
     * The items in batches: the first batch stands alone; in each later one, every fourth item
     * depends on one or two items of the batch before, so dependencies settle while faults happen.
     */
    private static Set<String> submit(BatonClient client, int count) {
        final Random random = new Random(13);
        final Set<String> ids = new LinkedHashSet<>();
        List<String> previous = List.of();
        for (int from = 0; from < count; from += Limits.MAX_SUBMIT_BATCH) {
            final List<NewItem> batch = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + Limits.MAX_SUBMIT_BATCH); i++) {
                final String type = TYPES.get(random.nextInt(TYPES.size()));
                NewItem item = NewItem.of(type, type + " task " + i)
                        .priority(random.nextInt(10))
                        .labels(List.of("campaign"))
                        // Expiries after the faults count as attempts: no item may go dead of them.
                        .maxAttempts(20)
                        .idempotencyKey("campaign-item-" + i);
                if (!previous.isEmpty() && i % DEPENDENT_EVERY == 0) {
                    final List<String> on = new ArrayList<>();
                    on.add(previous.get(random.nextInt(previous.size())));
                    if (random.nextBoolean()) {
                        on.add(previous.get(random.nextInt(previous.size())));
                    }
                    item = item.dependsOn(on.stream().distinct().toList());
                }
                batch.add(item);
            }
            final List<SubmitResult> results = client.submitBatch(batch);
            assertThat(results)
                    .allSatisfy(r -> assertThat(r.accepted()).as(r.toString()).isTrue());
            previous = results.stream().map(r -> r.item().id()).toList();
            ids.addAll(previous);
        }
        assertThat(ids).hasSize(count);
        return ids;
    }

    /** Agents of every type and of two types each, so every type has specialists too. */
    private static void startAgent(AgentFleet fleet, int i) {
        final String types = i % 3 == 0
                ? String.join(",", TYPES)
                : TYPES.get(i % TYPES.size()) + "," + TYPES.get((i + 1) % TYPES.size());
        fleet.start(
                agentName(i),
                "--types",
                types,
                "--lease",
                Integer.toString(LEASE_SECONDS),
                "--wait",
                "2",
                // A frozen instance must not hold an agent for longer than a heartbeat's slack.
                "--request-timeout-ms",
                "4000",
                "--work-ms",
                "300-1500");
    }

    private static String agentName(int i) {
        return String.format(Locale.ROOT, "agent-%02d", i);
    }

    // --- when -----------------------------------------------------------------------------------

    private Instant inject(String what, Runnable fault) {
        final Instant at = Instant.now();
        fault.run();
        phase("fault: " + what);
        return at;
    }

    private Fault healedNow(String what, Instant at) {
        phase("healed: " + what);
        return new Fault(what, at, at);
    }

    /** So many more completions on record: the load goes on. */
    private void awaitProgress(EventTail tail, int more, String what) {
        final long target = tail.completions() + more;
        Deadline.of(Duration.ofMinutes(3)).until(what, () -> tail.completions() >= target);
        phase(what + ": " + tail.completions() + " on record");
    }

    /** A fault's own length: the time is the fault (longer than a lease), not a wait for anything. */
    private static void holdFor(Duration length) {
        final Instant until = Instant.now().plus(length);
        Deadline.of(length.plusSeconds(5))
                .until("the fault's length", () -> !Instant.now().isBefore(until));
    }

    // --- then -----------------------------------------------------------------------------------

    /** What the frozen agents were answered about grants they claimed before they froze, after they resumed. */
    private static List<Entry> lateWritesOfThePausedAgents(
            Map<String, List<Entry>> journals, List<String> paused, Instant frozenAt) {
        final List<Entry> late = new ArrayList<>();
        for (String agent : paused) {
            final List<Entry> journal = journals.get(agent);
            final Set<String> heldAtFreeze = new LinkedHashSet<>();
            for (Entry entry : journal) {
                if (entry.at().isBefore(frozenAt)) {
                    if (entry.kind() == Kind.CLAIMED) {
                        heldAtFreeze.add(entry.item() + "@" + entry.epoch());
                    } else if (entry.kind() != Kind.HOLDING) {
                        heldAtFreeze.remove(entry.item() + "@" + entry.epoch());
                    }
                } else if (heldAtFreeze.contains(entry.item() + "@" + entry.epoch())
                        && entry.kind() != Kind.CLAIMED
                        && entry.kind() != Kind.HOLDING) {
                    late.add(entry);
                }
            }
        }
        return late;
    }

    private void phase(String what) {
        System.out.printf(
                Locale.ROOT, "campaign +%ds %s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedAt), what);
    }
}
