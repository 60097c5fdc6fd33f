package dev.baton.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.client.BatonClient;
import dev.baton.client.Grant;
import dev.baton.client.ItemView;
import dev.baton.client.NewItem;
import dev.baton.client.Result;
import dev.baton.contracts.catalog.Topics;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.event.ItemEvent.ItemClaimed;
import dev.baton.contracts.event.ItemEvent.ItemCompleted;
import dev.baton.contracts.event.ItemEvent.LeaseExpired;
import dev.baton.contracts.item.ItemIds;
import dev.baton.contracts.json.Codec;
import dev.baton.contracts.json.Decoded;
import dev.baton.e2e.harness.BatonStack;
import dev.baton.e2e.harness.HoldingProxy;
import dev.baton.identity.Role;
import dev.baton.infra.testing.TopicProbe;
import dev.baton.launcher.Service;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Two writer-service replicas in one Streams application, as on Kubernetes, with the rest of the
 * system as separate processes. A day's material lives on the one replica whose task owns the
 * day; the other asks it over HTTP. Both replicas publishing the same day at once publish one
 * post. A replica killed (SIGKILL) while it holds a day's devlog item leaves it to the other once
 * the lease runs out, and the day is still published once.
 *
 * <p>Each replica reaches the backlog service through a {@link HoldingProxy}. It submits the day's
 * devlog item there ({@code POST /items}), claims it on the claim-service, and then, holding it,
 * asks the backlog for the post's closing line ({@code GET /items}): holding that one call stops a
 * replica inside its hold on the devlog item, after the grant and before anything is published,
 * so it can be killed there for certain.
 *
 * <p>The tests run in order on one stack: the first post's own devlog item is the material of the
 * day after, which the last test publishes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WriterReplicasIT {

    private static final int REPLICAS = 2;
    private static final int ITEMS = 6;
    /** The writer's lease on a devlog item: how long a dead writer holds its day up. */
    private static final int WRITER_LEASE_SECONDS = 5;

    private static final Duration SOON = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(200);

    private static final Codec<ItemEvent> EVENTS = Codec.of(ItemEvent.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final List<HoldingProxy> backlogProxies = new ArrayList<>();
    private BatonStack stack;
    private BatonClient client;
    /** The day the items were finished on, and the items finished that day. */
    private LocalDate day;

    private Set<String> finishedThatDay;

    @BeforeAll
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void startTwoWritersAndFinishSomeWork() {
        final BatonStack.Builder builder = BatonStack.builder()
                .replicas(Service.WRITER, REPLICAS)
                // The only posts are the ones the tests ask for.
                .setting(Service.WRITER, "BATON_WRITER_SCHEDULE", "off")
                .setting(Service.WRITER, "BATON_WRITER_PUBLISH_LEASE", WRITER_LEASE_SECONDS + "s");
        for (int replica = 1; replica <= REPLICAS; replica++) {
            final HoldingProxy proxy = HoldingProxy.start();
            backlogProxies.add(proxy);
            builder.setting(
                    Service.WRITER, replica, "BATON_BACKLOG_URL", proxy.url().toString());
        }
        stack = builder.build().start();
        backlogProxies.forEach(proxy -> proxy.forwardTo(stack.url(Service.BACKLOG)));
        client = BatonClient.builder()
                .backlog(stack.url(Service.BACKLOG))
                .claims(stack.url(Service.CLAIM))
                .agent("replicas-test")
                .token(stack.tokenWithEveryRole("replicas-test"))
                .build();

        // Work finished through the real system: submitted to the backlog service, claimed and completed.
        final Set<String> ids = new HashSet<>();
        for (int i = 0; i < ITEMS; i++) {
            final ItemView item =
                    client.submit(NewItem.of("chore", "Chore " + i).labels(List.of("replicas")));
            final Grant grant = client.claim(item.id(), 30);
            client.complete(item.id(), grant.epoch(), Result.of("chore " + i + " done"));
            ids.add(item.id());
        }
        final List<ItemCompleted> completions = TopicProbe.await(
                        stack.bootstrapServers(),
                        Topics.ITEM_EVENTS.name(),
                        r -> ids.contains(r.key()) && decode(r) instanceof ItemCompleted,
                        ITEMS,
                        SOON)
                .stream()
                .map(r -> (ItemCompleted) decode(r))
                .toList();
        // The writer cuts days in UTC; a run across midnight finds fewer items on the later day.
        day = completions.stream()
                .map(e -> e.at().atZone(ZoneOffset.UTC).toLocalDate())
                .max(LocalDate::compareTo)
                .orElseThrow();
        finishedThatDay = completions.stream()
                .filter(e -> e.at().atZone(ZoneOffset.UTC).toLocalDate().equals(day))
                .map(ItemCompleted::itemId)
                .collect(Collectors.toSet());
    }

    @AfterAll
    void stop() {
        try {
            if (stack != null) {
                stack.close();
            }
        } finally {
            backlogProxies.forEach(HoldingProxy::close);
        }
    }

    @Test
    @Order(1)
    void bothReplicasAnswerTheDaysMaterialOneAskingTheReplicaThatHoldsIt() {
        // when: each replica is asked for the day
        awaitCompletionsOnEveryReplica(day, finishedThatDay);

        // then: only one replica's own store holds the day, so the other answered by asking it
        final int holder = holderOf(day);
        final int asker = other(holder);
        final Answer fromHolder = material(holder, day, true);
        final Answer fromAsker = material(asker, day, false);
        assertThat(material(asker, day, true).status())
                .as("writer-%d's own store asked for %s", asker, day)
                .isEqualTo(503);
        assertThat(completedIn(fromHolder)).containsAll(finishedThatDay);
        assertThat(fromAsker.body())
                .as("what writer-%d answered by asking writer-%d", asker, holder)
                .isEqualTo(fromHolder.body());
    }

    @Test
    @Order(2)
    void twoReplicasPublishingTheSameDayAtOncePublishOnePost() {
        final String slug = day + "-devlog";
        awaitCompletionsOnEveryReplica(day, finishedThatDay);
        assertThat(postsOn(slug))
                .as("records for %s before anyone publishes", slug)
                .isEmpty();

        // when: both replicas are asked to publish the day at the same time
        final List<CompletableFuture<Answer>> calls =
                allReplicas().stream().map(r -> publishAsync(r, day)).toList();
        final List<Answer> answers = calls.stream().map(CompletableFuture::join).toList();

        // then: one published version 1, the other answered with that same post
        assertThat(answers).extracting(Answer::status).containsExactlyInAnyOrder(201, 200);
        assertThat(answers).allSatisfy(a -> {
            assertThat(a.body().path("slug").asText()).isEqualTo(slug);
            assertThat(a.body().path("version").asInt()).isEqualTo(1);
            assertThat(idsIn(a.body().path("itemIds"))).containsAll(finishedThatDay);
        });
        assertThat(answers.get(0).body().path("publishedBy").asText())
                .isNotBlank()
                .isEqualTo(answers.get(1).body().path("publishedBy").asText());
        assertThat(answers.get(0).body().path("materialHash"))
                .isEqualTo(answers.get(1).body().path("materialHash"));

        // and: one record for the day is on devlog-posts
        final List<JsonNode> records = postsOn(slug);
        assertThat(records).as("records for %s on devlog-posts", slug).hasSize(1);
        assertThat(records.get(0).path("data").path("version").asInt()).isEqualTo(1);
        assertThat(records.get(0).path("data").path("publishedBy").asText())
                .isEqualTo(answers.get(0).body().path("publishedBy").asText());

        // and: both replicas named the same item for version 1, granted once, to the one that published
        final String writingTheDay = ItemIds.forKey("devlog:" + day);
        final List<ItemClaimed> devlogGrants = grantsOfDevlogItemsFor(day);
        assertThat(devlogGrants)
                .as("grants of devlog items for %s", day)
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.itemId()).isEqualTo(writingTheDay);
                    assertThat(e.agent())
                            .isEqualTo(answers.get(0).body().path("publishedBy").asText());
                });
    }

    @Test
    @Order(3)
    void aReplicaKilledWhileHoldingTheDaysDevlogItemIsSucceededByTheOtherOnceItsLeaseRunsOut() {
        // given: the day is published, and writing it (its devlog item) is the material of the next day
        final Answer first = publish(1, day);
        assertThat(first.status()).as("publishing %s: %s", day, first.body()).isIn(200, 201);
        final LocalDate next = day.plusDays(1);
        final String slug = next + "-devlog";
        final String writingTheDay = ItemIds.forKey("devlog:" + day);
        final String writingTheNext = ItemIds.forKey("devlog:" + next);
        awaitCompletionsOnEveryReplica(next, Set.of(writingTheDay));
        assertThat(postsOn(slug))
                .as("records for %s before anyone publishes", slug)
                .isEmpty();
        // The victim is the replica that does not hold the day: its death leaves the survivor's store as it was.
        final int survivor = holderOf(next);
        final int victim = other(survivor);

        // when: the victim, asked to publish, is stopped inside its hold on the day's item and killed there
        // Its submission of the item (POST /items) goes through; the closing line's lookup after the grant is held.
        backlogProxies.get(victim - 1).hold("GET", "/items");
        final CompletableFuture<Answer> victimsCall = publishAsync(victim, next);
        backlogProxies.get(victim - 1).awaitHeld(SOON);
        final String victimAgent = holderNow(writingTheNext);
        // each replica claims as its token's subject, which the launcher names after the replica
        assertThat(victimAgent).as("the holder of %s's devlog item", next).isEqualTo("writer-" + victim);
        stack.kill(Service.WRITER, victim);
        await("writer-" + victim + "'s answer").atMost(SOON).until(victimsCall::isDone);
        assertThat(victimsCall).isCompletedExceptionally();

        // and: the survivor is asked to publish the day
        final Answer published = publish(survivor, next);

        // then: it waited out the victim's lease, took the item over and published version 1 once
        assertThat(published.status())
                .as("publishing %s on writer-%d: %s", next, survivor, published.body())
                .isEqualTo(201);
        assertThat(published.body().path("version").asInt()).isEqualTo(1);
        assertThat(idsIn(published.body().path("itemIds"))).contains(writingTheDay);
        final String survivorAgent = published.body().path("publishedBy").asText();
        assertThat(survivorAgent).isEqualTo("writer-" + survivor);

        final List<ItemEvent> history = historyOf(writingTheNext).stream()
                .filter(e -> e instanceof ItemClaimed || e instanceof LeaseExpired || e instanceof ItemCompleted)
                .toList();
        assertThat(history)
                .as("grants, expiries and completions of %s's devlog item", next)
                .hasSize(4);
        assertThat(history.get(0)).isInstanceOfSatisfying(ItemClaimed.class, e -> {
            assertThat(e.agent()).isEqualTo(victimAgent);
            assertThat(e.epoch()).isEqualTo(1);
        });
        assertThat(history.get(1)).isInstanceOfSatisfying(LeaseExpired.class, e -> {
            assertThat(e.agent()).isEqualTo(victimAgent);
            assertThat(e.epoch()).isEqualTo(1);
        });
        assertThat(history.get(2)).isInstanceOfSatisfying(ItemClaimed.class, e -> {
            assertThat(e.agent()).isEqualTo(survivorAgent);
            assertThat(e.epoch()).isEqualTo(2);
        });
        assertThat(history.get(3)).isInstanceOfSatisfying(ItemCompleted.class, e -> {
            assertThat(e.agent()).isEqualTo(survivorAgent);
            assertThat(e.epoch()).isEqualTo(2);
        });

        final List<JsonNode> records = postsOn(slug);
        assertThat(records).as("records for %s on devlog-posts", slug).hasSize(1);
        assertThat(records.get(0).path("data").path("publishedBy").asText()).isEqualTo(survivorAgent);
    }

    // --- the replicas ---------------------------------------------------------------------------

    private static List<Integer> allReplicas() {
        final List<Integer> all = new ArrayList<>();
        for (int replica = 1; replica <= REPLICAS; replica++) {
            all.add(replica);
        }
        return all;
    }

    private static int other(int replica) {
        return replica == 1 ? 2 : 1;
    }

    /** Waits until every replica answers the day's material with those items among its completions. */
    private void awaitCompletionsOnEveryReplica(LocalDate date, Set<String> itemIds) {
        await("the completions of " + date + " from every replica")
                .atMost(SOON)
                .pollInterval(POLL)
                .until(() -> allReplicas().stream()
                        .allMatch(r -> completedIn(material(r, date, false)).containsAll(itemIds)));
    }

    /** The replica whose own store holds the day: its local answer is 200, the other's 503. */
    private int holderOf(LocalDate date) {
        return await("exactly one replica holding " + date)
                .atMost(SOON)
                .pollInterval(POLL)
                .until(
                        () -> {
                            final List<Integer> holding = allReplicas().stream()
                                    .filter(r -> material(r, date, true).status() == 200)
                                    .toList();
                            final boolean othersRefuse = allReplicas().stream()
                                    .filter(r -> !holding.contains(r))
                                    .allMatch(r -> material(r, date, true).status() == 503);
                            return holding.size() == 1 && othersRefuse ? holding.get(0) : null;
                        },
                        replica -> replica != null);
    }

    /** {@code GET /devlogs/{date}/material}, of the replica's own store with {@code local}. */
    private Answer material(int replica, LocalDate date, boolean local) {
        return send(HttpRequest.newBuilder(URI.create(stack.url(Service.WRITER, replica) + "/devlogs/" + date
                        + "/material" + (local ? "?local=true" : "")))
                .header("Authorization", "Bearer " + stack.token("replicas-test", Role.READER))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build());
    }

    /** {@code POST /devlogs/{date}/publish}; the writer may wait up to its patience for another replica. */
    private Answer publish(int replica, LocalDate date) {
        return send(publishRequest(replica, date));
    }

    private CompletableFuture<Answer> publishAsync(int replica, LocalDate date) {
        return HTTP.sendAsync(publishRequest(replica, date), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(WriterReplicasIT::answer);
    }

    private HttpRequest publishRequest(int replica, LocalDate date) {
        return HttpRequest.newBuilder(URI.create(stack.url(Service.WRITER, replica) + "/devlogs/" + date + "/publish"))
                .header("Authorization", "Bearer " + stack.token("replicas-test", Role.OPERATOR))
                .timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
    }

    private static Answer send(HttpRequest request) {
        try {
            return answer(HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException(request.uri() + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Answer answer(HttpResponse<byte[]> response) {
        try {
            final byte[] body = response.body();
            return new Answer(response.statusCode(), body.length == 0 ? JSON.nullNode() : JSON.readTree(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A status and its JSON body. */
    private record Answer(int status, JsonNode body) {}

    private static Set<String> completedIn(Answer material) {
        return material.status() == 200 ? idsIn(material.body().path("completions"), "itemId") : Set.of();
    }

    private static Set<String> idsIn(JsonNode array) {
        final Set<String> ids = new HashSet<>();
        array.forEach(n -> ids.add(n.asText()));
        return ids;
    }

    private static Set<String> idsIn(JsonNode array, String field) {
        final Set<String> ids = new HashSet<>();
        array.forEach(n -> ids.add(n.path(field).asText()));
        return ids;
    }

    // --- the record -----------------------------------------------------------------------------

    /** The CloudEvents on {@code devlog-posts} for the slug, up to the topic's end. */
    private List<JsonNode> postsOn(String slug) {
        return TopicProbe.readToEnd(
                        stack.bootstrapServers(), Topics.DEVLOG_POSTS.name(), r -> slug.equals(r.key()), SOON)
                .stream()
                .map(r -> {
                    try {
                        return JSON.readTree(r.value());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .toList();
    }

    /** The item's events on {@code item-events}, in order. */
    private List<ItemEvent> historyOf(String itemId) {
        return TopicProbe.readToEnd(
                        stack.bootstrapServers(), Topics.ITEM_EVENTS.name(), r -> itemId.equals(r.key()), SOON)
                .stream()
                .map(WriterReplicasIT::decode)
                .toList();
    }

    /** Every grant of a devlog item that writes {@code date}, whatever its id, from {@code item-events}. */
    private List<ItemClaimed> grantsOfDevlogItemsFor(LocalDate date) {
        return TopicProbe.readToEnd(stack.bootstrapServers(), Topics.ITEM_EVENTS.name(), r -> true, SOON).stream()
                .map(WriterReplicasIT::decode)
                .filter(e -> e instanceof ItemClaimed claimed
                        && claimed.item() != null
                        && claimed.item().labels().contains("devlog-date:" + date))
                .map(e -> (ItemClaimed) e)
                .toList();
    }

    /** The agent of the item's latest grant. */
    private String holderNow(String itemId) {
        final List<ItemClaimed> grants = historyOf(itemId).stream()
                .filter(e -> e instanceof ItemClaimed)
                .map(e -> (ItemClaimed) e)
                .toList();
        assertThat(grants).as("grants of %s", itemId).isNotEmpty();
        return grants.get(grants.size() - 1).agent();
    }

    private static ItemEvent decode(ConsumerRecord<String, byte[]> record) {
        final Decoded<ItemEvent> decoded = EVENTS.decode(record.value());
        if (decoded instanceof Decoded.Ok<ItemEvent> ok) {
            return ok.value();
        }
        throw new AssertionError(String.format(
                Locale.ROOT,
                "unreadable record on item-events at offset %d: %s",
                record.offset(),
                ((Decoded.Failed<ItemEvent>) decoded).reason()));
    }
}
