package dev.baton.backlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.baton.contracts.catalog.Topics;
import dev.baton.contracts.command.Command;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.json.Codec;
import dev.baton.contracts.json.Decoded;
import dev.baton.contracts.reply.Reply;
import dev.baton.engine.client.EngineGateway;
import dev.baton.infra.testing.ClaimEngineTestResource;
import dev.baton.infra.testing.KafkaTestResource;
import dev.baton.infra.testing.TopicProbe;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(ClaimEngineTestResource.class)
@Timeout(120)
class SubmitOverHttpIT {

    private static final Codec<ItemEvent> EVENTS = Codec.of(ItemEvent.class);

    @Inject
    EngineGateway engine;

    private static Response post(String path, String body, String key) {
        var request = AsOperator.given().contentType("application/json").body(body);
        if (key != null) {
            request = request.header("Idempotency-Key", key);
        }
        return request.when().post(path);
    }

    @Test
    void anAcceptedSubmissionIsReadyAndOnBacklogItemsKeyedByItsId() {
        final String id = post(
                        "/items",
                        "{\"type\":\"build\",\"title\":\"Write the parser\",\"priority\":5,"
                                + "\"labels\":[\"core\"],\"payload\":{\"cmd\":\"make\"}}",
                        null)
                .then()
                .statusCode(201)
                .header("Location", containsString("/items/"))
                .body("state", equalTo("READY"))
                .body("type", equalTo("build"))
                .body("payload.cmd", equalTo("make"))
                .extract()
                .path("id");

        final List<ConsumerRecord<String, byte[]>> records =
                TopicProbe.await(Topics.BACKLOG_ITEMS.name(), r -> id.equals(r.key()), 1, Duration.ofSeconds(30));

        assertThat(EVENTS.decode(records.get(0).value())).isInstanceOfSatisfying(Decoded.Ok.class, ok -> {
            final ItemEvent.ItemSubmitted submitted = (ItemEvent.ItemSubmitted) ok.value();
            assertThat(submitted.spec().title()).isEqualTo("Write the parser");
            assertThat(submitted.spec().priority()).isEqualTo(5);
        });
    }

    @Test
    void twentyRacingRepeatsOfOneIdempotencyKeyMakeOneItem() throws Exception {
        final String key = "race-" + UUID.randomUUID();
        final ExecutorService pool = Executors.newFixedThreadPool(20);
        final CountDownLatch start = new CountDownLatch(1);
        final List<CompletableFuture<Response>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answers.add(CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        return post("/items", "{\"type\":\"build\",\"title\":\"Once\"}", key);
                    },
                    pool));
        }
        start.countDown();
        final List<Response> responses = new ArrayList<>();
        for (CompletableFuture<Response> answer : answers) {
            responses.add(answer.get());
        }
        pool.shutdown();

        assertThat(responses).extracting(Response::statusCode).containsOnly(200, 201);
        assertThat(responses).filteredOn(r -> r.statusCode() == 201).hasSize(1);
        assertThat(responses)
                .filteredOn(r -> r.statusCode() == 200)
                .allSatisfy(r -> assertThat(r.<Boolean>path("duplicate")).isTrue());
        assertThat(responses)
                .extracting(r -> r.<String>path("id"))
                .containsOnly(responses.get(0).<String>path("id"));
        final String id = responses.get(0).path("id");
        // Every answer came after the engine committed its decision: the audit log holds one submission.
        assertThat(TopicProbe.await(Topics.ITEM_EVENTS.name(), r -> id.equals(r.key()), 1, Duration.ofSeconds(30)))
                .hasSize(1);
    }

    @Test
    void aBatchAnswersEachItemInOrderAndRefusesOnlyTheBadOnes() {
        post(
                        "/items/batch",
                        "[{\"type\":\"build\",\"title\":\"one\"},{\"type\":\"build\"},"
                                + "{\"type\":\"docs\",\"title\":\"three\",\"idempotencyKey\":\"b-" + UUID.randomUUID()
                                + "\"}]",
                        null)
                .then()
                .statusCode(200)
                .body("results.status", equalTo(List.of(201, 400, 201)))
                .body("results[1].problem.field", equalTo("items[1].title"))
                .body("results[2].item.type", equalTo("docs"));
    }

    @Test
    void aSubmissionWithoutATitleIsAProblemNamingEveryBadField() {
        post("/items", "{\"type\":\"build\",\"priority\":\"high\"}", null)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("title"))
                .body("violations.field", org.hamcrest.Matchers.hasItems("title", "priority"));
    }

    @Test
    void malformedJsonIsAProblemToo() {
        post("/items", "{\"type\": \"build\", ", null)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("$"));
    }

    @Test
    void anOperatorCancelsAWaitingOrHeldItemAndRedrivesOnlyDeadOnes() {
        final String id = post("/items", "{\"type\":\"build\",\"title\":\"Obsolete\"}", null)
                .path("id");

        final String key = "cancel-" + UUID.randomUUID();
        AsOperator.given()
                .header("Idempotency-Key", key)
                .delete("/items/" + id)
                .then()
                .statusCode(200)
                .body("state", equalTo("CANCELLED"));
        // a retry of the same call (its answer was lost, say) gets the same answer, not a rejection
        AsOperator.given()
                .header("Idempotency-Key", key)
                .delete("/items/" + id)
                .then()
                .statusCode(200)
                .body("state", equalTo("CANCELLED"));
        AsOperator.given().delete("/items/" + id).then().statusCode(409).body("reason", equalTo("TERMINAL"));
        AsOperator.given()
                .post("/items/" + id + "/redrive")
                .then()
                .statusCode(409)
                .body("reason", equalTo("NOT_DEAD"));

        final String doomed = post("/items", "{\"type\":\"build\",\"title\":\"Doomed\",\"maxAttempts\":1}", null)
                .path("id");
        final Reply.Granted grant = (Reply.Granted) engine.ask(
                new Command.ClaimItem(UUID.randomUUID().toString(), doomed, "a1", null), null, Duration.ofSeconds(10));
        engine.ask(
                new Command.FailItem(
                        UUID.randomUUID().toString(),
                        doomed,
                        "a1",
                        grant.grants().get(0).epoch(),
                        "broken",
                        false),
                null,
                Duration.ofSeconds(10));

        AsOperator.given()
                .post("/items/" + doomed + "/redrive")
                .then()
                .statusCode(200)
                .body("state", equalTo("READY"));
    }
}
