package dev.baton.writer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.client.Ack;
import dev.baton.client.BatonClient;
import dev.baton.client.Grant;
import dev.baton.client.ItemState;
import dev.baton.client.ItemView;
import dev.baton.client.NewItem;
import dev.baton.contracts.catalog.Topics;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.ItemIds;
import dev.baton.contracts.json.Codec;
import dev.baton.contracts.json.Decoded;
import dev.baton.contracts.json.Json;
import dev.baton.infra.testing.KafkaTestResource;
import dev.baton.infra.testing.TestTokens;
import dev.baton.infra.testing.TopicProbe;
import dev.baton.writer.material.DevlogItems;
import dev.baton.writer.publish.DevlogCloudEvent;
import dev.baton.writer.publish.DevlogCycle;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole devlog cycle on the real broker, with the real backlog service and claim-service as
 * processes (the writer is their agent over HTTP): material in, post out, once.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(AgentApiTestResource.class)
@Timeout(180)
class DevlogPublishIT {

    private static final Codec<ItemEvent> EVENTS = Codec.of(ItemEvent.class);
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    DevlogCycle cycle;

    /** The writer's own client: the tests act through it as another agent or as an operator would. */
    @Inject
    BatonClient client;

    @ConfigProperty(name = "quarkus.kafka-streams.application-id")
    String applicationId;

    @Test
    void completionsBecomeOnePostOnDevlogPostsAndTwoFilesAndOnlyNewMaterialMakesANewVersion() throws Exception {
        // given: three pieces of work finished on a day of their own
        final LocalDate day = freshDay();
        final String slug = day + "-devlog";
        final List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            final String id = "pub-" + UUID.randomUUID();
            ids.add(id);
            complete(id, day + "T09:1" + i + ":07Z", "summary {" + i + "} with <angle> and `ticks`");
        }
        awaitMaterial(day, ids);

        // when
        final Response first = publish(day);

        // then: a new post, version 1, from those items
        assertThat(first.statusCode()).isEqualTo(201);
        final JsonPath post = first.jsonPath();
        assertThat(post.getString("slug")).isEqualTo(slug);
        assertThat(post.getString("title")).isEqualTo("Devlog: " + day);
        assertThat(post.getInt("version")).isEqualTo(1);
        assertThat(post.getList("itemIds", String.class)).containsAll(ids);
        assertThat(post.getList("tags", String.class)).contains("devlog", "locking");
        // ... published as a structured CloudEvent keyed by the slug
        final ConsumerRecord<String, byte[]> record = TopicProbe.await(
                        Topics.DEVLOG_POSTS.name(), r -> slug.equals(r.key()), 1, PATIENCE)
                .get(0);
        assertThat(TopicProbe.header(record, "content-type")).isEqualTo("application/cloudevents+json");
        final JsonNode event = Json.mapper().readTree(record.value());
        assertThat(event.path("specversion").asText()).isEqualTo("1.0");
        assertThat(event.path("type").asText()).isEqualTo("dev.baton.devlog.published");
        assertThat(event.path("subject").asText()).isEqualTo(slug);
        assertThat(event.path("data").path("date").asText()).isEqualTo(day.toString());
        assertThat(event.path("data").path("version").asInt()).isEqualTo(1);
        assertThat(event.path("data").path("md").asText()).isEqualTo(post.getString("md"));
        assertThat(event.path("data").path("mdx").asText()).isEqualTo(post.getString("mdx"));
        assertThat(DevlogCloudEvent.decode(record.value()).itemIds()).containsAll(ids);
        // ... and written as two files
        assertThat(Files.readString(cycle.blog().mdx(slug), UTF_8)).isEqualTo(post.getString("mdx"));
        assertThat(Files.readString(cycle.blog().md(slug), UTF_8)).isEqualTo(post.getString("md"));
        assertThat(post.getString("mdx")).startsWith("---\nslug: \"" + slug + "\"");
        // ... through a devlog item the writer claimed and completed like any agent
        final String itemId = ItemIds.forKey("devlog:" + day);
        final List<ItemEvent> itemLife = lifeOf(itemId, e -> e instanceof ItemEvent.ItemCompleted);
        assertThat(itemLife)
                .anySatisfy(e -> assertThat(e)
                        .isInstanceOfSatisfying(
                                ItemEvent.ItemClaimed.class,
                                c -> assertThat(c.agent()).isEqualTo(cycle.agent())));

        // when: published again with nothing new
        final Response again = publish(day);

        // then: the same post, and nothing more on the topic
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.jsonPath().getInt("version")).isEqualTo(1);
        assertThat(postsFor(slug)).hasSize(1);
        assertThat(AsOperator.given()
                        .when()
                        .get("/devlogs/" + day + "?format=mdx")
                        .then()
                        .statusCode(200)
                        .contentType("text/markdown")
                        .extract()
                        .asString())
                .isEqualTo(post.getString("mdx"));
        assertThat(AsOperator.given()
                        .when()
                        .get("/devlogs/" + day + "?format=md")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .isEqualTo(post.getString("md"));

        // when: one more piece of work that day
        final String late = "pub-late-" + UUID.randomUUID();
        complete(late, day + "T17:00:00Z", "one more thing");
        awaitMaterial(day, List.of(late));
        final Response second = publish(day);

        // then: version 2 under the same key, covering the new item
        assertThat(second.statusCode()).isEqualTo(201);
        assertThat(second.jsonPath().getInt("version")).isEqualTo(2);
        assertThat(second.jsonPath().getList("itemIds", String.class)).contains(late);
        assertThat(TopicProbe.await(Topics.DEVLOG_POSTS.name(), r -> slug.equals(r.key()), 2, PATIENCE))
                .hasSize(2);
        assertThat(Files.readString(cycle.blog().mdx(slug), UTF_8))
                .isEqualTo(second.jsonPath().getString("mdx"));

        // then: the writer's own devlog item is material for the next day, not for the day it writes
        final JsonPath nextDay = await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> material(day.plusDays(1)),
                        r -> r.statusCode() == 200
                                && r.jsonPath().getList("completions.itemId").contains(itemId))
                .jsonPath();
        assertThat(nextDay.getString("completions.find { it.itemId == '" + itemId + "' }.type"))
                .isEqualTo(DevlogItems.TYPE);
        assertThat(material(day).jsonPath().getList("completions.itemId")).doesNotContain(itemId);
        assertThat(AsOperator.given()
                        .when()
                        .get("/devlogs")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("posts.slug", String.class))
                .contains(slug);
    }

    @Test
    void racingPublishesOfOneDayWriteItOnce() throws Exception {
        // given
        final LocalDate day = freshDay();
        final String slug = day + "-devlog";
        final String id = "race-" + UUID.randomUUID();
        complete(id, day + "T10:00:00Z", "raced");
        awaitMaterial(day, List.of(id));

        // when: four publish calls at once, as replicas on their schedule would
        final ExecutorService pool = Executors.newFixedThreadPool(4);
        final List<Future<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(pool.submit(() -> publish(day)));
        }
        final List<Integer> statuses = new ArrayList<>();
        final List<Integer> versions = new ArrayList<>();
        for (final Future<Response> call : calls) {
            final Response answer = call.get();
            statuses.add(answer.statusCode());
            versions.add(answer.jsonPath().getInt("version"));
        }
        pool.shutdown();

        // then: one wrote it, the others answered with its post; one record on the topic
        assertThat(statuses).containsOnly(200, 201);
        assertThat(statuses.stream().filter(s -> s == 201)).hasSize(1);
        assertThat(versions).containsOnly(1);
        assertThat(postsFor(slug)).hasSize(1);
    }

    @Test
    void aWriterThatDiesHoldingTheDayLosesItsLeaseAndAnotherWritesIt() throws Exception {
        // given: another replica submitted the day's devlog item, claimed it with a short lease, and died
        final LocalDate day = freshDay();
        final String id = "dies-" + UUID.randomUUID();
        complete(id, day + "T11:00:00Z", "outlived a writer");
        awaitMaterial(day, List.of(id));
        final String itemId = ItemIds.forKey("devlog:" + day);
        final ItemView submitted = client.submit(devlogItem(day));
        assertThat(submitted.id()).isEqualTo(itemId);
        final Grant grant =
                client.withAgent("dead-writer", TestTokens.agent("dead-writer")).claim(itemId, 2);
        assertThat(grant.epoch()).isEqualTo(1);

        // when: this writer publishes the day
        final Response answer = publish(day);

        // then: it waited out the dead writer's lease and wrote the post under the next grant
        assertThat(answer.statusCode()).isEqualTo(201);
        assertThat(answer.jsonPath().getList("itemIds", String.class)).contains(id);
        final List<ItemEvent> life = lifeOf(itemId, e -> e instanceof ItemEvent.ItemCompleted);
        assertThat(life)
                .filteredOn(e -> e instanceof ItemEvent.LeaseExpired)
                .singleElement()
                .satisfies(e -> assertThat(((ItemEvent.LeaseExpired) e).agent()).isEqualTo("dead-writer"));
        final ItemEvent.ItemCompleted done = (ItemEvent.ItemCompleted) life.get(life.size() - 1);
        assertThat(done.agent()).isEqualTo(cycle.agent());
        assertThat(done.epoch()).isEqualTo(2);
    }

    @Test
    void aDevlogItemCancelledByHandIsPassedOverForTheNextItemOfTheSameVersion() {
        // given: the day's devlog item exists and an operator cancelled it
        final LocalDate day = freshDay();
        final String id = "cancelled-" + UUID.randomUUID();
        complete(id, day + "T12:00:00Z", "written despite a cancel");
        awaitMaterial(day, List.of(id));
        final String itemId = ItemIds.forKey("devlog:" + day);
        assertThat(client.submit(devlogItem(day)).id()).isEqualTo(itemId);
        final Ack cancelled = client.cancel(itemId, "by hand");
        assertThat(cancelled.state()).isEqualTo(ItemState.CANCELLED);

        // when
        final Response answer = publish(day);

        // then: version 1 all the same, written under the next item
        assertThat(answer.statusCode()).isEqualTo(201);
        assertThat(answer.jsonPath().getInt("version")).isEqualTo(1);
        final List<ItemEvent> next =
                lifeOf(ItemIds.forKey("devlog:" + day + "#1"), e -> e instanceof ItemEvent.ItemCompleted);
        assertThat(((ItemEvent.ItemCompleted) next.get(next.size() - 1)).agent())
                .isEqualTo(cycle.agent());
    }

    @Test
    void theWriterWritesNoTopicButDevlogPostsAndItsOwnStreamsDeadLettersAndInternalTopics() {
        // given: a day published by the writer, its item submitted, claimed and completed over HTTP
        final LocalDate day = freshDay();
        final String id = "single-writer-" + UUID.randomUUID();
        complete(id, day + "T13:00:00Z", "written by the writer alone");
        awaitMaterial(day, List.of(id));
        assertThat(publish(day).statusCode()).isEqualTo(201);

        // when: every Kafka producer living in the writer's JVM says which topics it wrote
        final List<ProducedTopics.Written> written = ProducedTopics.inThisJvm();

        // then: devlog-posts, the dead letters of its own stream, and its Streams application's own
        // topics; no topic of another service (backlog-items, claim-requests, ...)
        assertThat(written)
                .as("what the producers in this JVM wrote")
                .anySatisfy(w -> {
                    assertThat(w.topic()).isEqualTo(Topics.DEVLOG_POSTS.name());
                    assertThat(w.records()).isPositive();
                })
                .allSatisfy(w -> assertThat(w.topic())
                        .as("a topic written by %s", w.producer())
                        .satisfiesAnyOf(
                                topic -> assertThat(topic)
                                        .isIn(Topics.DEVLOG_POSTS.name(), Topics.ITEM_EVENTS_DLQ.name()),
                                topic -> assertThat(topic).startsWith(applicationId + "-")));
    }

    @Test
    void publishingADayWithoutMaterialOrWithABadDateIsAProblem() {
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> publish(LocalDate.of(1999, 1, 2)), r -> r.statusCode() != 503)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        assertThat(AsOperator.given()
                        .when()
                        .post("/devlogs/2026-13-01/publish")
                        .then()
                        .statusCode(400)
                        .contentType("application/problem+json")
                        .extract()
                        .jsonPath()
                        .getString("field"))
                .isEqualTo("date");
        assertThat(AsOperator.given()
                        .when()
                        .get("/devlogs/2026-01-01?format=pdf")
                        .then()
                        .statusCode(400)
                        .contentType("application/problem+json")
                        .extract()
                        .jsonPath()
                        .getString("field"))
                .isEqualTo("format");
        AsOperator.given()
                .when()
                .get("/devlogs/1999-01-03")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    /** The item of a day's first version as a writer replica submits it. */
    private static NewItem devlogItem(LocalDate day) {
        return NewItem.of(DevlogItems.TYPE, "Devlog: " + day)
                .labels(DevlogItems.labels(day))
                .maxAttempts(5)
                .leaseSeconds(60)
                .idempotencyKey("devlog:" + day);
    }

    /** Days of this run start at a random point far from other runs' days. */
    private static final LocalDate FIRST_DAY =
            LocalDate.of(2040, 1, 1).plusDays(10L * ThreadLocalRandom.current().nextInt(0, 100_000));

    private static final java.util.concurrent.atomic.AtomicInteger DAYS_USED =
            new java.util.concurrent.atomic.AtomicInteger();

    /**
     * A day no other test uses, three days from the next one: a day's devlog item is material for
     * the day after it, which must not be another test's day.
     */
    private static LocalDate freshDay() {
        return FIRST_DAY.plusDays(3L * DAYS_USED.getAndIncrement());
    }

    private static void complete(String id, String at, String summary) {
        TopicProbe.produce(Topics.ITEM_EVENTS.name(), id, EVENTS.encode(Events.completed(id, at, "a7", 1, summary)));
    }

    private static void awaitMaterial(LocalDate day, List<String> ids) {
        await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> material(day),
                        r -> r.statusCode() == 200
                                && r.jsonPath().getList("completions.itemId").containsAll(ids));
    }

    private static Response material(LocalDate day) {
        return AsOperator.given()
                .when()
                .get("/devlogs/" + day + "/material")
                .then()
                .extract()
                .response();
    }

    private static Response publish(LocalDate day) {
        return AsOperator.given()
                .when()
                .post("/devlogs/" + day + "/publish")
                .then()
                .extract()
                .response();
    }

    private static List<ConsumerRecord<String, byte[]>> postsFor(String slug) {
        return TopicProbe.readToEnd(Topics.DEVLOG_POSTS.name(), r -> slug.equals(r.key()), PATIENCE);
    }

    /** The item's events on item-events, oldest first, once one of them matches {@code last}. */
    private static List<ItemEvent> lifeOf(String itemId, java.util.function.Predicate<ItemEvent> last) {
        return await().atMost(PATIENCE)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () ->
                                TopicProbe.readToEnd(Topics.ITEM_EVENTS.name(), r -> itemId.equals(r.key()), PATIENCE)
                                        .stream()
                                        .map(r -> EVENTS.decode(r.value()))
                                        .filter(d -> d instanceof Decoded.Ok<ItemEvent>)
                                        .map(d -> ((Decoded.Ok<ItemEvent>) d).value())
                                        .toList(),
                        events -> events.stream().anyMatch(last));
    }
}
