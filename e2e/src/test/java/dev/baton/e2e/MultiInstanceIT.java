package dev.baton.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.client.BatonClient;
import dev.baton.client.NewItem;
import dev.baton.client.SubmitResult;
import dev.baton.contracts.catalog.Topics;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.event.ItemEvent.ItemClaimed;
import dev.baton.contracts.event.ItemEvent.ItemCompleted;
import dev.baton.contracts.history.OwnershipAudit;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.json.Codec;
import dev.baton.contracts.json.Decoded;
import dev.baton.e2e.agent.Journal.Entry;
import dev.baton.e2e.agent.Journal.Kind;
import dev.baton.e2e.harness.AgentFleet;
import dev.baton.e2e.harness.BatonStack;
import dev.baton.identity.Role;
import dev.baton.infra.testing.TopicProbe;
import dev.baton.launcher.Service;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two instances of the claim-service and two of the backlog-service, each a process of its own as
 * {@code ./baton up --replicas 2} runs them, and agent processes given both claim-service URLs.
 * Items go in through both backlog instances; a quarter of the way through, the claim-service
 * instance every agent is talking to is killed with SIGKILL. The agents move to the other
 * instance with the same request ids and its engine takes over the dead one's partitions (standby
 * copies, session timeout). Then, from {@code item-events} and the agents' journals: every item
 * completed once, no two grants of an item overlapping, every completion an agent was told of on
 * record, no call left unanswered; and the longest any agent went without an answer after the
 * kill, which is the figure {@code docs/running.md} ("Instances") promises.
 *
 * <p>The backlog-service's read model is not asked here: which instance answers which query is
 * the read model's own concern, tested with it.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class MultiInstanceIT {

    private static final int ITEMS = 240;
    private static final int AGENTS = 8;
    /** Longer than the outage: grants held across the kill stay the holders', and are completed by them. */
    private static final int LEASE_SECONDS = 15;

    private static final List<String> TYPES = List.of("build", "test", "docs");
    /** The claim-service instance is killed once this many items are done. */
    private static final int KILL_AFTER = ITEMS / 4;
    /**
     * The promise is 10 s on a machine of its own (session timeout 6 s, then a rebalance onto the
     * standby copies); a build machine shared with other builds is given three times that.
     */
    private static final Duration ANSWERED_AGAIN_WITHIN = Duration.ofSeconds(30);

    private static final Codec<ItemEvent> EVENTS = Codec.of(ItemEvent.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final long startedAt = System.nanoTime();

    @Test
    void killingOneOfTwoClaimServicesLosesNothingGrantsNothingTwiceAndEveryAgentIsAnsweredAgain() throws Exception {
        try (BatonStack stack = BatonStack.builder()
                .replicas(Service.BACKLOG, 2)
                .replicas(Service.CLAIM, 2)
                .setting(Service.WRITER, "BATON_WRITER_SCHEDULE", "off")
                .build()
                .start()) {
            phase("stack up at " + stack.workDir());
            final List<URI> claims = List.of(stack.url(Service.CLAIM, 1), stack.url(Service.CLAIM, 2));

            // given: items submitted half through each backlog instance
            final Set<String> ids = new LinkedHashSet<>();
            ids.addAll(submit(stack, 1, 0, ITEMS / 2));
            ids.addAll(submit(stack, 2, ITEMS / 2, ITEMS));
            assertThat(ids).hasSize(ITEMS);
            phase("submitted " + ids.size() + " items through both backlog instances");

            try (AgentFleet fleet =
                    new AgentFleet(stack.workDir().resolve("agents"), claims, name -> stack.token(name, Role.AGENT))) {
                final List<String> agents = startAgents(fleet);
                await("items completed before the kill")
                        .atMost(Duration.ofSeconds(120))
                        .pollInterval(POLL)
                        .until(() -> completed(fleet) >= KILL_AFTER);

                // when: the instance every agent starts on dies
                final Silence silence = Silence.watch(fleet, agents, KILL_AFTER + (ITEMS - KILL_AFTER) / 2);
                stack.kill(Service.CLAIM, 1);
                phase("claim-service-1 killed after " + completed(fleet) + " completions");

                awaitCompletions(stack, ids, Duration.ofSeconds(180));
                phase("all items completed");
                await("the silence measured").atMost(Duration.ofSeconds(30)).until(silence::done);
                silence.close();
                fleet.close();

                // then
                assertHistory(stack, ids, fleet.journals());
                System.out.printf(
                        Locale.ROOT,
                        "e2e.instances killed=claim-service-1 longest-unanswered=%.1fs agent=%s%n",
                        silence.longest().toMillis() / 1000.0,
                        silence.longestAgent());
                assertThat(silence.longest())
                        .as("the longest an agent went without an answer after the kill (%s)", silence.longestAgent())
                        .isLessThan(ANSWERED_AGAIN_WITHIN);
            }
            phase("history audited");
        }
    }

    // --- given ----------------------------------------------------------------------------------

    /** Items {@code from} to {@code to} submitted through one backlog instance. */
    private static Set<String> submit(BatonStack stack, int backlog, int from, int to) {
        final BatonClient client = BatonClient.builder()
                .backlog(stack.url(Service.BACKLOG, backlog))
                .agent("e2e-test")
                .token(stack.tokenWithEveryRole("e2e-test"))
                .build();
        final Random random = new Random(from);
        final List<NewItem> items = new ArrayList<>();
        for (int i = from; i < to; i++) {
            final String type = TYPES.get(i % TYPES.size());
            items.add(NewItem.of(type, type + " task " + i)
                    .priority(random.nextInt(10))
                    .maxAttempts(10)
                    .idempotencyKey("instances-item-" + i));
        }
        final List<SubmitResult> results = client.submitBatch(items);
        assertThat(results)
                .allSatisfy(r -> assertThat(r.accepted()).as(r.toString()).isTrue());
        return results.stream().map(r -> r.item().id()).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static List<String> startAgents(AgentFleet fleet) {
        final List<String> names = new ArrayList<>();
        for (int i = 1; i <= AGENTS; i++) {
            final String name = String.format(Locale.ROOT, "agent-%02d", i);
            fleet.start(
                    name,
                    "--types",
                    String.join(",", TYPES),
                    "--lease",
                    Integer.toString(LEASE_SECONDS),
                    "--work-ms",
                    "100-600");
            names.add(name);
        }
        return names;
    }

    private static long completed(AgentFleet fleet) {
        return fleet.journals().values().stream()
                .flatMap(List::stream)
                .filter(e -> e.kind() == Kind.COMPLETED)
                .count();
    }

    // --- when -----------------------------------------------------------------------------------

    /**
     * How long each agent goes without an answer, from the kill on: its journal is read every 100
     * ms, and every line added is an answer (a grant, a completion, a refusal). Measured until
     * {@code stopAt} items are done, while work is still plentiful, so an agent idle for want of
     * work is not counted as unanswered.
     */
    static final class Silence implements AutoCloseable {

        private final AgentFleet fleet;
        private final long stopAt;
        private final Map<String, Integer> lines = new HashMap<>();
        private final Map<String, Long> lastAnswer = new HashMap<>();
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread thread = new Thread(r, "silence");
            thread.setDaemon(true);
            return thread;
        });
        private volatile long longestNanos;
        private volatile String longestAgent = "none";
        private volatile boolean done;

        private Silence(AgentFleet fleet, List<String> agents, long stopAt) {
            this.fleet = fleet;
            this.stopAt = stopAt;
            final long now = System.nanoTime();
            for (String agent : agents) {
                lines.put(agent, fleet.entries(agent).size());
                lastAnswer.put(agent, now);
            }
        }

        static Silence watch(AgentFleet fleet, List<String> agents, long stopAt) {
            final Silence silence = new Silence(fleet, agents, stopAt);
            silence.timer.scheduleWithFixedDelay(silence::sample, 100, 100, TimeUnit.MILLISECONDS);
            return silence;
        }

        private synchronized void sample() {
            if (done) {
                return;
            }
            final long now = System.nanoTime();
            long completed = 0;
            for (Map.Entry<String, Integer> agent : lines.entrySet()) {
                final List<Entry> entries = fleet.entries(agent.getKey());
                completed +=
                        entries.stream().filter(e -> e.kind() == Kind.COMPLETED).count();
                if (entries.size() > agent.getValue()) {
                    record(agent.getKey(), now);
                    agent.setValue(entries.size());
                }
            }
            if (completed >= stopAt) {
                // the silences still open count to here
                lines.keySet().forEach(agent -> record(agent, now));
                done = true;
            }
        }

        private void record(String agent, long now) {
            final long silent = now - lastAnswer.get(agent);
            if (silent > longestNanos) {
                longestNanos = silent;
                longestAgent = agent;
            }
            lastAnswer.put(agent, now);
        }

        boolean done() {
            return done;
        }

        Duration longest() {
            return Duration.ofNanos(longestNanos);
        }

        String longestAgent() {
            return longestAgent;
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }

    private static void awaitCompletions(BatonStack stack, Set<String> ids, Duration timeout) {
        TopicProbe.await(
                stack.bootstrapServers(),
                Topics.ITEM_EVENTS.name(),
                r -> ids.contains(r.key()) && decode(r) instanceof ItemCompleted,
                ids.size(),
                timeout);
    }

    // --- then -----------------------------------------------------------------------------------

    private static void assertHistory(BatonStack stack, Set<String> ids, Map<String, List<Entry>> journals) {
        final List<ItemEvent> events = TopicProbe.readToEnd(
                        stack.bootstrapServers(),
                        Topics.ITEM_EVENTS.name(),
                        r -> ids.contains(r.key()),
                        Duration.ofSeconds(60))
                .stream()
                .map(MultiInstanceIT::decode)
                .toList();
        final Map<String, OwnershipAudit.Report> reports = OwnershipAudit.audit(events);

        // Every item completed exactly once, by one holder at a time.
        assertThat(reports.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        final Map<String, List<String>> violations = reports.values().stream()
                .filter(r -> !r.violations().isEmpty())
                .collect(Collectors.toMap(OwnershipAudit.Report::itemId, OwnershipAudit.Report::violations));
        assertThat(violations).as("ownership violations by item").isEmpty();
        assertThat(reports.values())
                .allSatisfy(r -> assertThat(r.completions()).as(r.itemId()).isEqualTo(1));
        final Map<String, ItemEvent> last = new LinkedHashMap<>();
        events.forEach(e -> last.put(e.itemId(), e));
        assertThat(last.values())
                .allSatisfy(e -> assertThat(e.state()).as(e.itemId()).isEqualTo(ItemState.DONE));

        // Every completion an agent was told of is on record, and nothing else is.
        final Set<String> accepted = new HashSet<>();
        journals.forEach((agent, entries) -> entries.stream()
                .filter(e -> e.kind() == Kind.COMPLETED)
                .forEach(e -> accepted.add(agent + "/" + e.item() + "/" + e.epoch())));
        final Set<String> recorded = events.stream()
                .filter(e -> e instanceof ItemCompleted)
                .map(e -> (ItemCompleted) e)
                .map(e -> e.agent() + "/" + e.itemId() + "/" + e.epoch())
                .collect(Collectors.toSet());
        assertThat(accepted)
                .as("completions accepted by the service vs ItemCompleted events")
                .containsExactlyInAnyOrderElementsOf(recorded);
        assertThat(journals.values().stream().flatMap(List::stream).filter(e -> e.kind() == Kind.UNANSWERED))
                .as("calls left unanswered past the client's retries")
                .isEmpty();

        System.out.printf(
                Locale.ROOT,
                "e2e.history items=%d grants=%d refused=%d%n",
                reports.size(),
                events.stream().filter(e -> e instanceof ItemClaimed).count(),
                journals.values().stream()
                        .flatMap(List::stream)
                        .filter(e -> e.kind() == Kind.REJECTED)
                        .count());
    }

    private static ItemEvent decode(ConsumerRecord<String, byte[]> record) {
        final Decoded<ItemEvent> decoded = EVENTS.decode(record.value());
        if (decoded instanceof Decoded.Ok<ItemEvent> ok) {
            return ok.value();
        }
        throw new AssertionError("unreadable record on item-events at offset " + record.offset() + ": "
                + ((Decoded.Failed<ItemEvent>) decoded).reason());
    }

    private void phase(String what) {
        System.out.printf(
                Locale.ROOT,
                "e2e.phase t=%ds %s%n",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedAt),
                what);
    }
}
