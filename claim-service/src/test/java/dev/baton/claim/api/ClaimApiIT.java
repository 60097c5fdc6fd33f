package dev.baton.claim.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.baton.contracts.catalog.Topics;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.json.Codec;
import dev.baton.engine.client.EngineGateway;
import dev.baton.infra.testing.KafkaTestResource;
import dev.baton.infra.testing.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClaimApiIT {

    private static final Codec<ItemEvent> EVENTS = Codec.of(ItemEvent.class);

    @Inject
    EngineGateway engine;

    /** Submits straight to backlog-items, as the backlog service does, without waiting. */
    private static String submit(ItemSpec spec) {
        final String id = UUID.randomUUID().toString();
        TopicProbe.produce(
                Topics.BACKLOG_ITEMS.name(),
                id,
                EVENTS.encode(new ItemEvent.ItemSubmitted(id, Instant.now(), null, spec, null)));
        return id;
    }

    /** Submits and waits until the engine has taken the item in (and published its hint). */
    private String submitAndWait(ItemSpec spec) {
        final String id = UUID.randomUUID().toString();
        engine.submitAndWait(
                new ItemEvent.ItemSubmitted(
                        id, Instant.now(), null, spec, UUID.randomUUID().toString()),
                Duration.ofSeconds(10));
        return id;
    }

    private static Response post(String path, String body) {
        return AsAgent.given(body).when().post(path);
    }

    @Test
    void anItemSubmittedAMomentAgoIsClaimedOnceAndFencedAfterwards() {
        final String id = submit(ItemSpec.of("build", "Write the parser"));

        final int epoch = post("/claims/" + id, "{\"agent\":\"a1\",\"leaseSeconds\":30}")
                .then()
                .statusCode(200)
                .body("itemId", equalTo(id))
                .body("leaseUntil", notNullValue())
                .body("item.title", equalTo("Write the parser"))
                .extract()
                .path("epoch");
        assertThat(epoch).isEqualTo(1);

        post("/claims/" + id, "{\"agent\":\"a2\"}")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("reason", equalTo("ALREADY_CLAIMED"))
                .body("owner", equalTo("a1"))
                .body("epoch", equalTo(1))
                .body("leaseUntil", notNullValue());
        post("/claims/" + id + "/heartbeat", "{\"agent\":\"a1\",\"epoch\":1,\"progress\":\"half way\"}")
                .then()
                .statusCode(200)
                .body("leaseUntil", notNullValue());
        post("/claims/" + id + "/complete", "{\"agent\":\"a1\",\"epoch\":0,\"result\":{\"summary\":\"x\"}}")
                .then()
                .statusCode(409)
                .body("reason", equalTo("STALE_EPOCH"));
        post("/claims/" + id + "/complete", "{\"agent\":\"a9\",\"epoch\":1}")
                .then()
                .statusCode(409)
                .body("reason", equalTo("NOT_OWNER"));
        post(
                        "/claims/" + id + "/complete",
                        "{\"agent\":\"a1\",\"epoch\":1,\"result\":{\"summary\":\"parser done\",\"tags\":[\"parser\"]}}")
                .then()
                .statusCode(200)
                .body("state", equalTo("DONE"));
        post("/claims/" + id + "/release", "{\"agent\":\"a1\",\"epoch\":1}")
                .then()
                .statusCode(409)
                .body("reason", equalTo("TERMINAL"))
                .body("state", equalTo("DONE"));
    }

    @Test
    void twentyAgentsRacingOverHttpForOneItemGetOneGrant() throws Exception {
        final String id = submitAndWait(ItemSpec.of("build", "Contested"));
        final java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(20);
        final java.util.List<CompletableFuture<Response>> answers = new java.util.ArrayList<>();
        for (int agent = 0; agent < 20; agent++) {
            final String name = "racer-" + agent;
            answers.add(CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        return post("/claims/" + id, "{\"agent\":\"" + name + "\"}");
                    },
                    pool));
        }
        start.countDown();
        final java.util.List<Response> responses = new java.util.ArrayList<>();
        for (CompletableFuture<Response> answer : answers) {
            responses.add(answer.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();

        assertThat(responses).filteredOn(r -> r.statusCode() == 200).hasSize(1);
        final String winner = responses.stream()
                .filter(r -> r.statusCode() == 200)
                .findFirst()
                .orElseThrow()
                .path("itemId");
        assertThat(winner).isEqualTo(id);
        assertThat(responses)
                .filteredOn(r -> r.statusCode() == 409)
                .hasSize(19)
                .allSatisfy(r -> assertThat(r.<String>path("reason")).isEqualTo("ALREADY_CLAIMED"));
    }

    @Test
    void aRepeatedRequestIdGetsTheSameAnswer() {
        final String id = submit(ItemSpec.of("build", "Idempotent"));
        final String key = UUID.randomUUID().toString();

        final String first = AsAgent.by("a1")
                .contentType("application/json")
                .header("Idempotency-Key", key)
                .body("{\"agent\":\"a1\"}")
                .post("/claims/" + id)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        final String again = AsAgent.by("a1")
                .contentType("application/json")
                .header("Idempotency-Key", key)
                .body("{\"agent\":\"a1\"}")
                .post("/claims/" + id)
                .then()
                .statusCode(200)
                .extract()
                .asString();

        assertThat(again).isEqualTo(first);
    }

    @Test
    void claimNextHandsOutTheMostUrgentReadyItemsOfTheWantedTypeThenNothing() {
        final String type = "next-" + UUID.randomUUID().toString().substring(0, 8);
        // Several items, so they land on several partitions: priority must hold across partitions.
        for (int i = 0; i < 5; i++) {
            submitAndWait(ItemSpec.of(type, "low " + i).withPriority(1));
        }
        final String urgent = submitAndWait(ItemSpec.of(type, "urgent").withPriority(9));

        final java.util.List<String> first = AsAgent.by("a1")
                .contentType("application/json")
                .body("{\"agent\":\"a1\",\"types\":[\"" + type + "\"],\"max\":5,\"waitSeconds\":10}")
                .post("/claims/next")
                .then()
                .statusCode(200)
                .body("claims[0].itemId", equalTo(urgent))
                .body("claims[0].item.priority", equalTo(9))
                .extract()
                .path("claims.itemId");

        // The rest, from whichever partitions hold them, then nothing: every item granted once.
        final java.util.Set<String> granted = new java.util.HashSet<>();
        granted.addAll(first);
        Response next = null;
        for (int call = 0; call < 12 && granted.size() < 6; call++) {
            next = AsAgent.by("a1")
                    .contentType("application/json")
                    .body("{\"agent\":\"a1\",\"types\":[\"" + type + "\"],\"max\":5,\"waitSeconds\":5}")
                    .post("/claims/next");
            assertThat(next.statusCode()).isEqualTo(200);
            granted.addAll(next.<java.util.List<String>>path("claims.itemId"));
        }
        assertThat(granted).hasSize(6);
        AsAgent.by("a1")
                .contentType("application/json")
                .body("{\"agent\":\"a1\",\"types\":[\"" + type + "\"]}")
                .post("/claims/next")
                .then()
                .statusCode(204);
    }

    @Test
    void aLongPollAnswersAsSoonAsSomethingBecomesReady() throws Exception {
        final String type = "poll-" + UUID.randomUUID().toString().substring(0, 8);
        final CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(() -> AsAgent.by("a1")
                .contentType("application/json")
                .body("{\"agent\":\"a1\",\"types\":[\"" + type + "\"],\"waitSeconds\":30}")
                .post("/claims/next"));

        final String id = submit(ItemSpec.of(type, "arrives later"));

        final Response answer = waiting.get(30, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.<String>path("claims[0].itemId")).isEqualTo(id);
    }

    @Test
    void badInputIsAProblemNamingTheField() {
        // No agent in the body is no fault any more: the token's subject is the agent.
        post("/claims/some-item", "{\"leaseSeconds\":\"long\"}")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("leaseSeconds"))
                .body("violations.field", org.hamcrest.Matchers.contains("leaseSeconds"));
        post("/claims/some-item", "{\"agent\":\"a 1\",\"leaseSeconds\":\"long\"}")
                .then()
                .statusCode(400)
                .body("field", equalTo("agent"))
                .body("violations.field", org.hamcrest.Matchers.hasItems("agent", "leaseSeconds"));
        post("/claims/some-item/complete", "{\"agent\":\"a1\",\"epoch\":1,\"result\":{\"tags\":\"x\"}}")
                .then()
                .statusCode(400)
                .body("field", equalTo("result.tags"));
        post("/claims/next", "not json").then().statusCode(400).body("field", equalTo("$"));
    }

    @Test
    void anUnknownItemIsNotFound() {
        post("/claims/never-submitted-" + UUID.randomUUID(), "{\"agent\":\"a1\"}")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("reason", equalTo("UNKNOWN_ITEM"));
    }

    @Test
    void itServesItsOpenApiDocument() {
        given().get("/q/openapi")
                .then()
                .statusCode(200)
                .body(org.hamcrest.Matchers.containsString("/claims/{itemId}/heartbeat"));
    }
}
