package dev.baton.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.client.BatonClient;
import dev.baton.client.DevlogPost;
import dev.baton.client.NewItem;
import dev.baton.client.SubmitResult;
import dev.baton.contracts.catalog.Topics;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.event.ItemEvent.ItemClaimed;
import dev.baton.contracts.event.ItemEvent.ItemCompleted;
import dev.baton.contracts.event.ItemEvent.LeaseExpired;
import dev.baton.contracts.history.OwnershipAudit;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.json.Codec;
import dev.baton.contracts.json.Decoded;
import dev.baton.e2e.agent.Journal;
import dev.baton.e2e.agent.Journal.Entry;
import dev.baton.e2e.agent.Journal.GrantKey;
import dev.baton.e2e.agent.Journal.Kind;
import dev.baton.e2e.harness.AgentFleet;
import dev.baton.e2e.harness.BatonStack;
import dev.baton.identity.Role;
import dev.baton.infra.testing.TopicProbe;
import dev.baton.launcher.Service;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole system as separate processes, the way {@code ./baton up} runs it: a real broker, the
 * three services, and twelve agent processes working through the Java client on 300 items of
 * mixed types and priorities, under short leases. Two agents are killed (SIGKILL) while they hold
 * an item and come back from their journals still believing in their old grants; the
 * claim-service is killed and restarted in the middle of the run. Then, from the audit log on
 * {@code item-events}: every item is done exactly once, no two ownership windows of an item
 * overlap, every completion the service accepted is the one on record and every stale one was
 * refused; and the day's devlog is published once, naming the items finished that day.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class BacklogEndToEndIT {

    private static final int ITEMS = 300;
    private static final int LEASE_SECONDS = 3;
    private static final List<String> TYPES = List.of("build", "test", "docs", "review", "learn");
    private static final String LABEL = "e2e";
    /** Two agents die holding an item; each comes back and tries to complete it under its old epoch. */
    private static final List<String> VICTIMS = List.of("agent-01", "agent-02");
    /** The claim-service is killed once this many items are done: in the middle of the run. */
    private static final int RESTART_AFTER = ITEMS / 3;

    private static final Codec<ItemEvent> EVENTS = Codec.of(ItemEvent.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(200);

    private final long startedAt = System.nanoTime();

    @Test
    void everyItemIsDoneOnceByOneHolderAtATimeThroughAgentCrashesAndAClaimServiceRestart() throws Exception {
        try (BatonStack stack = BatonStack.builder()
                // The only post of the day is the one this test asks for; a day of 300 items is kept whole.
                .setting(Service.WRITER, "BATON_WRITER_SCHEDULE", "off")
                .setting(Service.WRITER, "BATON_WRITER_MATERIAL_MAX_ENTRIES", "1000")
                .build()
                .start()) {
            phase("stack up at " + stack.workDir());
            final BatonClient client = BatonClient.builder()
                    .backlog(stack.url(Service.BACKLOG))
                    .claims(stack.url(Service.CLAIM))
                    .writer(stack.url(Service.WRITER))
                    .agent("e2e-test")
                    .token(stack.tokenWithEveryRole("e2e-test"))
                    .build();

            // given: 300 items of five types and ten priorities
            final Set<String> ids = submit(client);
            phase("submitted " + ids.size() + " items");

            // when: twelve agents work on them; two die holding an item; the claim-service restarts
            final Map<String, GrantKey> heldByVictims = new LinkedHashMap<>();
            try (AgentFleet fleet = new AgentFleet(
                    stack.workDir().resolve("agents"),
                    stack.url(Service.CLAIM),
                    name -> stack.token(name, Role.AGENT))) {
                startAgents(fleet);
                for (String victim : VICTIMS) {
                    heldByVictims.put(victim, killWhileHolding(fleet, victim));
                }
                phase("killed " + heldByVictims + " while they held them");

                await("items completed before the restart")
                        .atMost(Duration.ofSeconds(90))
                        .pollInterval(POLL)
                        .until(() -> completedByAgents(fleet) >= RESTART_AFTER);
                stack.killAndRestart(Service.CLAIM);
                phase("claim-service killed and back after " + completedByAgents(fleet) + " completions");

                for (Map.Entry<String, GrantKey> held : heldByVictims.entrySet()) {
                    awaitExpiry(stack, held.getValue());
                    fleet.start(
                            held.getKey(),
                            "--types",
                            String.join(",", TYPES),
                            "--lease",
                            Integer.toString(LEASE_SECONDS),
                            "--recover");
                }
                phase("victims' leases expired; victims restarted from their journals");

                awaitEvents(stack, ids, ItemCompleted.class, ITEMS, Duration.ofSeconds(120));
                phase("all items completed");
                await("the restarted agents' stale completions answered")
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(POLL)
                        .until(() -> recoveredCompletions(fleet).size() == VICTIMS.size());
                fleet.close();
                assertHistory(stack, ids, fleet.journals(), heldByVictims);
            }
            phase("history audited");

            // then: the read model agrees
            await("the read model shows every item done")
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(POLL)
                    .until(() -> doneInReadModel(client, ids) == ITEMS);

            // and the day's devlog is published once, with the day's work in it
            assertDevlog(stack, client, ids);
            phase("devlog published");
        }
        phase("stack stopped");
    }

    // --- given ----------------------------------------------------------------------------------

    private static Set<String> submit(BatonClient client) {
        final Random random = new Random(42);
        final List<NewItem> items = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            final String type = TYPES.get(i % TYPES.size());
            // Attempts to spare: expiries after the kills and the restart count, and no item may go dead.
            items.add(NewItem.of(type, type + " task " + i)
                    .priority(random.nextInt(10))
                    .labels(List.of(LABEL))
                    .maxAttempts(10)
                    .payload(Map.of("n", i))
                    .idempotencyKey("e2e-item-" + i));
        }
        // 201 for a new item; 200 (a duplicate) when the client had to repeat the batch with the same keys.
        final List<SubmitResult> results = client.submitBatch(items);
        assertThat(results)
                .hasSize(ITEMS)
                .allSatisfy(r -> assertThat(r.accepted()).as(r.toString()).isTrue());
        final Set<String> ids =
                results.stream().map(r -> r.item().id()).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        assertThat(ids).hasSize(ITEMS);
        return ids;
    }

    /**
     * agent-01 and agent-02 take any type and hold their fourth item until killed; agent-03 to 06
     * take any type; agent-07 to 12 take two types each, so every type has specialists too.
     */
    private static void startAgents(AgentFleet fleet) {
        final String lease = Integer.toString(LEASE_SECONDS);
        final String all = String.join(",", TYPES);
        for (String victim : VICTIMS) {
            fleet.start(victim, "--types", all, "--lease", lease, "--hold-after", "3");
        }
        for (int i = 3; i <= 6; i++) {
            fleet.start(agentName(i), "--types", all, "--lease", lease);
        }
        for (int i = 7; i <= 12; i++) {
            final String types = TYPES.get(i % TYPES.size()) + "," + TYPES.get((i + 1) % TYPES.size());
            fleet.start(agentName(i), "--types", types, "--lease", lease);
        }
    }

    private static String agentName(int i) {
        return String.format(java.util.Locale.ROOT, "agent-%02d", i);
    }

    // --- when -----------------------------------------------------------------------------------

    /** Waits until the agent says it holds an item and works no more on it, then kills it with SIGKILL. */
    private static GrantKey killWhileHolding(AgentFleet fleet, String agent) {
        await(agent + " holding an item")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(POLL)
                .until(() -> fleet.entries(agent).stream().anyMatch(e -> e.kind() == Kind.HOLDING));
        fleet.kill(agent);
        final List<Entry> journal = fleet.entries(agent);
        final GrantKey held = journal.stream()
                .filter(e -> e.kind() == Kind.HOLDING)
                .reduce((a, b) -> b)
                .orElseThrow()
                .grant();
        assertThat(Journal.openGrants(journal))
                .as("%s's open grants when it was killed", agent)
                .containsExactly(held);
        return held;
    }

    private static long completedByAgents(AgentFleet fleet) {
        return fleet.journals().values().stream()
                .flatMap(List::stream)
                .filter(e -> e.kind() == Kind.COMPLETED)
                .count();
    }

    /** Waits for the engine to expire the grant: only then is the victim's complete surely stale. */
    private static void awaitExpiry(BatonStack stack, GrantKey grant) {
        TopicProbe.await(
                stack.bootstrapServers(),
                Topics.ITEM_EVENTS.name(),
                r -> {
                    final ItemEvent event = decode(r);
                    return event instanceof LeaseExpired e
                            && e.itemId().equals(grant.item())
                            && e.epoch() == grant.epoch();
                },
                1,
                Duration.ofSeconds(60));
    }

    private static void awaitEvents(
            BatonStack stack, Set<String> ids, Class<? extends ItemEvent> type, int count, Duration timeout) {
        TopicProbe.await(
                stack.bootstrapServers(),
                Topics.ITEM_EVENTS.name(),
                r -> ids.contains(r.key()) && type.isInstance(decode(r)),
                count,
                timeout);
    }

    /** The answers to the completions the restarted agents sent for the grants they held when they died. */
    private static List<Entry> recoveredCompletions(AgentFleet fleet) {
        final List<Entry> answers = new ArrayList<>();
        for (String victim : VICTIMS) {
            final List<Entry> journal = fleet.entries(victim);
            final Set<GrantKey> recovering = journal.stream()
                    .filter(e -> e.kind() == Kind.RECOVERING)
                    .map(Entry::grant)
                    .collect(Collectors.toSet());
            journal.stream()
                    .filter(e -> recovering.contains(e.grant()) && "complete".equals(e.call()))
                    .forEach(answers::add);
        }
        return answers;
    }

    // --- then -----------------------------------------------------------------------------------

    private static void assertHistory(
            BatonStack stack, Set<String> ids, Map<String, List<Entry>> journals, Map<String, GrantKey> heldByVictims) {
        final List<ItemEvent> events = TopicProbe.readToEnd(
                        stack.bootstrapServers(),
                        Topics.ITEM_EVENTS.name(),
                        r -> ids.contains(r.key()),
                        Duration.ofSeconds(60))
                .stream()
                .map(BacklogEndToEndIT::decode)
                .toList();
        final Map<String, OwnershipAudit.Report> reports = OwnershipAudit.audit(events);

        // Every item done exactly once, by one holder at a time.
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

        // The completions the service accepted are exactly the ones on record: no accepted stale one.
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

        // Every refused completion was refused for a fencing reason, and never for a grant that won.
        final List<Entry> refused = journals.values().stream()
                .flatMap(List::stream)
                .filter(e -> e.kind() == Kind.REJECTED && "complete".equals(e.call()))
                .toList();
        assertThat(refused).allSatisfy(e -> assertThat(e.reason()).isIn("STALE_EPOCH", "NOT_OWNER", "TERMINAL"));
        assertThat(journals.values().stream().flatMap(List::stream).filter(e -> e.kind() == Kind.UNANSWERED))
                .as("calls left unanswered past the client's retries")
                .isEmpty();

        // The victims' grants ended by expiry, and their late completions were refused.
        for (GrantKey held : heldByVictims.values()) {
            final OwnershipAudit.Window window = reports.get(held.item()).windows().stream()
                    .filter(w -> w.epoch() == held.epoch())
                    .findFirst()
                    .orElseThrow();
            assertThat(window.end()).get().isInstanceOf(LeaseExpired.class);
        }
        final List<Entry> stale = new ArrayList<>();
        for (String victim : VICTIMS) {
            final List<Entry> journal = journals.get(victim);
            final Set<GrantKey> recovering = journal.stream()
                    .filter(e -> e.kind() == Kind.RECOVERING)
                    .map(Entry::grant)
                    .collect(Collectors.toSet());
            assertThat(recovering)
                    .as(victim + " recovered the grant it held")
                    .containsExactly(heldByVictims.get(victim));
            journal.stream()
                    .filter(e -> recovering.contains(e.grant()) && "complete".equals(e.call()))
                    .forEach(stale::add);
        }
        assertThat(stale).as("stale completions tried").hasSize(VICTIMS.size()).allSatisfy(e -> {
            assertThat(e.kind()).isEqualTo(Kind.REJECTED);
            assertThat(e.reason()).isIn("STALE_EPOCH", "NOT_OWNER");
        });

        final long expiries =
                events.stream().filter(e -> e instanceof LeaseExpired).count();
        final long grants =
                events.stream().filter(e -> e instanceof ItemClaimed).count();
        System.out.printf(
                java.util.Locale.ROOT,
                "e2e.history items=%d grants=%d expiries=%d refused-completions=%d stale-tried=%d stale-refused=%d%n",
                reports.size(),
                grants,
                expiries,
                refused.size(),
                stale.size(),
                stale.stream().filter(e -> e.kind() == Kind.REJECTED).count());
    }

    private static long doneInReadModel(BatonClient client, Set<String> ids) {
        long done = 0;
        String cursor = null;
        do {
            final var page = client.items(dev.baton.client.ItemQuery.all()
                    .state(dev.baton.client.ItemState.DONE)
                    .label(LABEL)
                    .limit(500)
                    .cursor(cursor));
            done += page.items().stream().filter(i -> ids.contains(i.id())).count();
            cursor = page.nextCursor();
        } while (cursor != null);
        return done;
    }

    private void assertDevlog(BatonStack stack, BatonClient client, Set<String> ids) throws Exception {
        final List<ItemCompleted> completions = TopicProbe.readToEnd(
                        stack.bootstrapServers(),
                        Topics.ITEM_EVENTS.name(),
                        r -> ids.contains(r.key()),
                        Duration.ofSeconds(60))
                .stream()
                .map(BacklogEndToEndIT::decode)
                .filter(e -> e instanceof ItemCompleted)
                .map(e -> (ItemCompleted) e)
                .toList();
        // The day the run finished in (the writer cuts days in UTC); a run across midnight names fewer items.
        final LocalDate day = completions.stream()
                .map(e -> e.at().atZone(ZoneOffset.UTC).toLocalDate())
                .max(LocalDate::compareTo)
                .orElseThrow();
        final Set<String> finishedThatDay = completions.stream()
                .filter(e -> e.at().atZone(ZoneOffset.UTC).toLocalDate().equals(day))
                .map(ItemCompleted::itemId)
                .collect(Collectors.toSet());
        final String slug = day + "-devlog";

        // The writer follows item-events on its own; publish once it has seen the day's work.
        await("the writer's material for " + day)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(POLL)
                .until(() -> materialItemIds(stack, day).containsAll(finishedThatDay));

        final DevlogPost post = client.publishDevlog(day);
        assertThat(post.newVersion()).as("this call published the day's post").isTrue();
        assertThat(post.slug()).isEqualTo(slug);
        assertThat(post.date()).isEqualTo(day);
        assertThat(post.itemIds()).containsAll(finishedThatDay);
        assertThat(post.md()).contains(slug);
        assertThat(post.mdx()).contains(slug);

        TopicProbe.await(
                stack.bootstrapServers(),
                Topics.DEVLOG_POSTS.name(),
                r -> slug.equals(r.key()),
                1,
                Duration.ofSeconds(30));
        final List<ConsumerRecord<String, byte[]>> records = TopicProbe.readToEnd(
                stack.bootstrapServers(),
                Topics.DEVLOG_POSTS.name(),
                r -> slug.equals(r.key()),
                Duration.ofSeconds(30));
        assertThat(records).as("records for " + slug + " on devlog-posts").hasSize(1);
        final JsonNode event = JSON.readTree(records.get(0).value());
        assertThat(event.path("type").asText()).isEqualTo("dev.baton.devlog.published");
        assertThat(event.path("data").path("slug").asText()).isEqualTo(slug);
        final Set<String> published = new HashSet<>();
        event.path("data").path("itemIds").forEach(n -> published.add(n.asText()));
        assertThat(published).containsAll(finishedThatDay);
        System.out.printf(
                java.util.Locale.ROOT,
                "e2e.devlog slug=%s items=%d finished-that-day=%d%n",
                slug,
                published.size(),
                finishedThatDay.size());
    }

    /** The ids of the items the writer has gathered as finished on the day ({@code GET /devlogs/{day}/material}). */
    private static Set<String> materialItemIds(BatonStack stack, LocalDate day)
            throws IOException, InterruptedException {
        final HttpResponse<byte[]> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(stack.url(Service.WRITER) + "/devlogs/" + day + "/material"))
                                .header("Authorization", "Bearer " + stack.token("e2e-test", Role.READER))
                                .timeout(Duration.ofSeconds(5))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            return Set.of();
        }
        final Set<String> found = new HashSet<>();
        JSON.readTree(response.body())
                .path("completions")
                .forEach(c -> found.add(c.path("itemId").asText()));
        return found;
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
                java.util.Locale.ROOT,
                "e2e.phase t=%ds %s%n",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedAt),
                what);
    }
}
