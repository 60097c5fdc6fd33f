package dev.baton.backlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.baton.contracts.command.Command;
import dev.baton.contracts.item.Result;
import dev.baton.contracts.reply.Reply;
import dev.baton.engine.client.EngineGateway;
import dev.baton.infra.testing.ClaimEngineTestResource;
import dev.baton.infra.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(ClaimEngineTestResource.class)
@Timeout(120)
class ReadModelIT {

    @Inject
    EngineGateway engine;

    private static String submit(String body) {
        return AsOperator.given()
                .contentType("application/json")
                .body(body)
                .post("/items")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    @Test
    void anItemsWholeLifeIsVisibleAfterItCompletes() {
        final String id = submit("{\"type\":\"build\",\"title\":\"Seen through\",\"labels\":[\"rm\"]}");
        final Reply.Granted grant = (Reply.Granted) engine.ask(
                new Command.ClaimItem(UUID.randomUUID().toString(), id, "a1", 30), null, Duration.ofSeconds(10));
        final long epoch = grant.grants().get(0).epoch();

        AsOperator.given()
                .get("/items/" + id + "?minEpoch=" + epoch + "&waitSeconds=10")
                .then()
                .statusCode(200)
                .body("state", equalTo("CLAIMED"))
                .body("owner", equalTo("a1"))
                .body("why", startsWith("claimed by a1 until"));
        engine.ask(
                new Command.CompleteItem(
                        UUID.randomUUID().toString(),
                        id,
                        "a1",
                        epoch,
                        new Result("done and dusted", null, List.of("rm"), List.of())),
                null,
                Duration.ofSeconds(10));

        AsOperator.given()
                .get("/items/" + id + "?state=DONE&waitSeconds=10")
                .then()
                .statusCode(200)
                .body("state", equalTo("DONE"))
                .body("result.summary", equalTo("done and dusted"));
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(AsOperator.given()
                                .get("/items/" + id + "/events")
                                .then()
                                .statusCode(200)
                                .extract()
                                .<List<String>>path("events.event"))
                        .containsExactly("ItemSubmitted", "ItemClaimed", "ItemCompleted"));
        AsOperator.given()
                .get("/items/" + id + "/events")
                .then()
                .body("events[1].line", equalTo("backlog.claim id=" + id + " status=claimed owner=a1 epoch=" + epoch));
    }

    @Test
    void aWaitingItemSaysWhyAndTheListFiltersAndPages() {
        final String type = "rm-" + UUID.randomUUID().toString().substring(0, 8);
        final String later = submit("{\"type\":\"" + type + "\",\"title\":\"later\",\"notBefore\":\""
                + Instant.now().plusSeconds(3600) + "\"}");
        submit("{\"type\":\"" + type + "\",\"title\":\"now 1\"}");
        submit("{\"type\":\"" + type + "\",\"title\":\"now 2\"}");

        AsOperator.given()
                .get("/items/" + later + "?state=WAITING&waitSeconds=10")
                .then()
                .statusCode(200)
                .body("state", equalTo("WAITING"))
                .body("why", startsWith("not before "));
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(AsOperator.given()
                                .get("/items?type=" + type + "&state=READY")
                                .then()
                                .statusCode(200)
                                .extract()
                                .<List<String>>path("items.title"))
                        .containsExactlyInAnyOrder("now 1", "now 2"));
        final String cursor = AsOperator.given()
                .get("/items?type=" + type + "&limit=2")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(2))
                .extract()
                .path("nextCursor");
        AsOperator.given()
                .get("/items?type=" + type + "&limit=2&cursor=" + cursor)
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(1));
        AsOperator.given().get("/items?state=NOPE").then().statusCode(400).body("field", equalTo("state"));
    }

    @Test
    void statsCountItemsByStateAndType() {
        final String type = "stats-" + UUID.randomUUID().toString().substring(0, 8);
        submit("{\"type\":\"" + type + "\",\"title\":\"counted\"}");

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> AsOperator.given()
                        .get("/stats")
                        .then()
                        .statusCode(200)
                        .body("byType." + type + ".READY", equalTo(1)));
    }

    @Test
    void aLabelOwnerOrStatePageIsReadFromItsIndexAndPagesWithTheCursor() {
        final String type = "idx-" + UUID.randomUUID().toString().substring(0, 8);
        final String label = "lbl-" + UUID.randomUUID().toString().substring(0, 8);
        final List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(submit("{\"type\":\"" + type + "\",\"title\":\"t" + i + "\",\"labels\":[\"" + label + "\"]}"));
        }
        final String agent = "idx-agent-" + UUID.randomUUID().toString().substring(0, 8);
        final long epoch = ((Reply.Granted) engine.ask(
                        new Command.ClaimItem(UUID.randomUUID().toString(), ids.get(0), agent, 30),
                        null,
                        Duration.ofSeconds(10)))
                .grants()
                .get(0)
                .epoch();
        AsOperator.given()
                .get("/items/" + ids.get(0) + "?minEpoch=" + epoch + "&waitSeconds=10")
                .then()
                .statusCode(200);
        final List<String> readyIds = ids.subList(1, 3).stream().sorted().toList();

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(AsOperator.given()
                                .get("/items?label=" + label + "&state=READY")
                                .then()
                                .statusCode(200)
                                .extract()
                                .<List<String>>path("items.id"))
                        .containsExactlyElementsOf(readyIds));
        final String cursor = AsOperator.given()
                .get("/items?label=" + label + "&limit=2")
                .then()
                .statusCode(200)
                .body("items.id", equalTo(ids.stream().sorted().limit(2).toList()))
                .extract()
                .path("nextCursor");
        AsOperator.given()
                .get("/items?label=" + label + "&limit=2&cursor=" + cursor)
                .then()
                .statusCode(200)
                .body("items.id", equalTo(ids.stream().sorted().skip(2).toList()))
                .body("nextCursor", equalTo(null));
        AsOperator.given()
                .get("/items?owner=" + agent)
                .then()
                .statusCode(200)
                .body("items.id", equalTo(List.of(ids.get(0))));
        AsOperator.given()
                .get("/items?owner=" + agent + "&state=READY")
                .then()
                .statusCode(200)
                .body("items.size()", equalTo(0));
        assertThat(AsOperator.given()
                        .get("/items?state=CLAIMED&limit=500")
                        .then()
                        .statusCode(200)
                        .extract()
                        .<List<String>>path("items.id"))
                .contains(ids.get(0))
                .doesNotContainAnyElementsOf(readyIds);
        AsOperator.given()
                .get("/stats")
                .then()
                .statusCode(200)
                .body("byType." + type + ".READY", equalTo(2))
                .body("byType." + type + ".CLAIMED", equalTo(1))
                .body("oldestReadyAgeSecondsByType." + type, org.hamcrest.Matchers.greaterThanOrEqualTo(0));
    }
}
