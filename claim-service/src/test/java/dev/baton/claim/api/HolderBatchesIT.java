package dev.baton.claim.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.limits.Limits;
import dev.baton.engine.client.EngineGateway;
import dev.baton.infra.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The holder's batch calls against the real engine on the embedded broker. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HolderBatchesIT {

    @Inject
    EngineGateway engine;

    private record Held(String id, int epoch) {}

    /** Items submitted, taken in by the engine, and claimed by {@code agent}: spread over several partitions. */
    private List<Held> held(String agent, int count) {
        final List<Held> held = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final String id = UUID.randomUUID().toString();
            engine.submitAndWait(
                    new ItemEvent.ItemSubmitted(
                            id,
                            Instant.now(),
                            null,
                            ItemSpec.of("build", "Item " + i),
                            UUID.randomUUID().toString()),
                    Duration.ofSeconds(10));
            final int epoch = post("/claims/" + id, "{\"agent\":\"" + agent + "\",\"leaseSeconds\":60}", null)
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("epoch");
            held.add(new Held(id, epoch));
        }
        return held;
    }

    /** A call by the agent the body names, with its own token (AsAgent). */
    private static Response post(String path, String body, String key) {
        final var request = AsAgent.given(body);
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.when().post(path);
    }

    private static String items(List<Held> held, String extra) {
        return held.stream()
                .map(h -> "{\"itemId\":\"" + h.id() + "\",\"epoch\":" + h.epoch() + extra + "}")
                .collect(Collectors.joining(",", "[", "]"));
    }

    @Test
    void aBatchOverSeveralPartitionsIsAnsweredItemByItemInOrderAndOneStaleEpochIsRefusedAlone() {
        final List<Held> held = held("a1", 6);
        assertThat(held.stream().map(h -> engine.partitionOf(h.id())).distinct().count())
                .as("the items live on several partitions")
                .isGreaterThan(1);
        final List<Held> sent = new ArrayList<>(held);
        sent.set(3, new Held(held.get(3).id(), held.get(3).epoch() + 5));

        final JsonPath answer = post(
                        "/batches/completions",
                        "{\"agent\":\"a1\",\"items\":" + items(sent, ",\"result\":{\"summary\":\"done\"}") + "}",
                        null)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(answer.getList("results.itemId"))
                .containsExactlyElementsOf(held.stream().map(Held::id).toList());
        assertThat(answer.getList("results.index", Integer.class)).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(answer.getList("results.status", Integer.class)).containsExactly(200, 200, 200, 409, 200, 200);
        assertThat(answer.getString("results[0].accepted.state")).isEqualTo("DONE");
        assertThat(answer.getString("results[3].problem.reason")).isEqualTo("STALE_EPOCH");
        assertThat(answer.getInt("results[3].problem.epoch"))
                .isEqualTo(held.get(3).epoch());
        post(
                        "/claims/" + held.get(3).id() + "/heartbeat",
                        "{\"agent\":\"a1\",\"epoch\":" + held.get(3).epoch() + "}",
                        null)
                .then()
                .statusCode(200)
                .body("state", equalTo("CLAIMED"));
    }

    @Test
    void aRepeatedCallGetsTheFirstAnswersAndAPartRepeatedAloneIsAnsweredAsItWasInTheBatch() {
        final List<Held> held = held("a1", 3);
        final String key = "done-" + UUID.randomUUID();
        final String body = "{\"agent\":\"a1\",\"items\":" + items(held, "") + "}";
        final String first = post("/batches/completions", body, key)
                .then()
                .statusCode(200)
                .extract()
                .asString();

        final String again = post("/batches/completions", body, key)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        final Response alone = post(
                "/claims/" + held.get(1).id() + "/complete",
                "{\"agent\":\"a1\",\"epoch\":" + held.get(1).epoch() + ",\"requestId\":\"" + key + "#"
                        + held.get(1).id() + "\"}",
                null);
        final Response fresh = post(
                "/claims/" + held.get(1).id() + "/complete",
                "{\"agent\":\"a1\",\"epoch\":" + held.get(1).epoch() + "}",
                null);

        assertThat(again).isEqualTo(first);
        assertThat(JsonPath.from(first).getString("results[1].requestId"))
                .isEqualTo(key + "#" + held.get(1).id());
        alone.then()
                .statusCode(200)
                .body("state", equalTo("DONE"))
                .body("epoch", equalTo(held.get(1).epoch()));
        fresh.then().statusCode(409).body("reason", equalTo("TERMINAL"));
    }

    @Test
    void aStaleHoldersBatchIsRefusedItemByItemAndTheNewHolderKeepsEachItem() {
        final List<Held> stale = held("a1", 3);
        final List<Held> current = new ArrayList<>();
        for (Held h : stale) {
            post("/claims/" + h.id() + "/release", "{\"agent\":\"a1\",\"epoch\":" + h.epoch() + "}", null)
                    .then()
                    .statusCode(200);
            final int epoch = post("/claims/" + h.id(), "{\"agent\":\"a2\"}", null)
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("epoch");
            current.add(new Held(h.id(), epoch));
        }

        final JsonPath late = post(
                        "/batches/completions", "{\"agent\":\"a1\",\"items\":" + items(stale, "") + "}", null)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        final JsonPath thief = post(
                        "/batches/releases", "{\"agent\":\"a3\",\"items\":" + items(current, "") + "}", null)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(late.getList("results.problem.reason"))
                .containsOnly("STALE_EPOCH")
                .hasSize(3);
        assertThat(thief.getList("results.problem.reason"))
                .containsOnly("NOT_OWNER")
                .hasSize(3);
        final JsonPath kept = post(
                        "/batches/heartbeats",
                        "{\"agent\":\"a2\",\"items\":" + items(current, ",\"progress\":\"still here\"") + "}",
                        null)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(kept.getList("results.accepted.state"))
                .containsOnly("CLAIMED")
                .hasSize(3);
        assertThat(kept.getList("results.accepted.epoch", Integer.class))
                .containsExactlyElementsOf(current.stream().map(Held::epoch).toList());
    }

    @Test
    void failuresAndReleasesAreAnsweredWithEachItemsNewState() {
        final List<Held> held = held("a1", 4);

        final JsonPath failed = post(
                        "/batches/failures",
                        "{\"agent\":\"a1\",\"items\":"
                                + items(held.subList(0, 2), ",\"error\":\"boom\",\"retryable\":false") + "}",
                        null)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        final JsonPath released = post(
                        "/batches/releases",
                        "{\"agent\":\"a1\",\"items\":" + items(held.subList(2, 4), ",\"reason\":\"not mine\"") + "}",
                        null)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(failed.getList("results.accepted.state")).containsExactly("DEAD", "DEAD");
        assertThat(released.getList("results.accepted.state")).containsExactly("READY", "READY");
    }

    @Test
    void largeResultsForItemsOfOnePartitionGoInSeveralRecordsAndAreAllApplied() {
        // Items of one partition, so their share is more than one record may carry.
        final List<String> ids = new ArrayList<>();
        final int partition = engine.partitionOf("anchor");
        while (ids.size() < 10) {
            final String id = UUID.randomUUID().toString();
            if (engine.partitionOf(id) == partition) {
                ids.add(id);
            }
        }
        final List<Held> held = new ArrayList<>();
        for (String id : ids) {
            engine.submitAndWait(
                    new ItemEvent.ItemSubmitted(
                            id,
                            Instant.now(),
                            null,
                            ItemSpec.of("build", "big"),
                            UUID.randomUUID().toString()),
                    Duration.ofSeconds(10));
            final int epoch = post("/claims/" + id, "{\"agent\":\"a1\"}", null)
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("epoch");
            held.add(new Held(id, epoch));
        }
        final String result = ",\"result\":{\"summary\":\"big\",\"notes\":\"" + "n".repeat(Limits.MAX_NOTES)
                + "\",\"logs\":["
                + IntStream.range(0, 200)
                        .mapToObj(i -> "\"" + "l".repeat(250) + "\"")
                        .collect(Collectors.joining(","))
                + "]}";

        final JsonPath answer = post(
                        "/batches/completions", "{\"agent\":\"a1\",\"items\":" + items(held, result) + "}", null)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(answer.getList("results.accepted.state"))
                .containsOnly("DONE")
                .hasSize(10);
    }

    @Test
    void aMalformedCallIsRefusedWholeNamingTheItemsFieldAndNothingIsDecided() {
        final List<Held> held = held("a1", 1);
        final String good = "{\"itemId\":\"" + held.get(0).id() + "\",\"epoch\":"
                + held.get(0).epoch() + "}";
        final String many = IntStream.range(0, Limits.MAX_CLAIM_BATCH + 1)
                .mapToObj(i -> "{\"itemId\":\"i" + i + "\",\"epoch\":1}")
                .collect(Collectors.joining(",", "[", "]"));
        final String oversize = "{\"itemId\":\"x\",\"epoch\":1,\"result\":{\"summary\":\""
                + "s".repeat(Limits.MAX_SUMMARY + 1) + "\"}}";

        post("/batches/completions", "{\"agent\":\"a1\",\"items\":[]}", null)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("items"));
        post("/batches/completions", "{\"agent\":\"a1\",\"items\":" + many + "}", null)
                .then()
                .statusCode(400)
                .body("field", equalTo("items"));
        post("/batches/completions", "{\"agent\":\"a1\",\"items\":[" + good + "," + oversize + "]}", null)
                .then()
                .statusCode(400)
                .body("field", equalTo("items[1].result.summary"));
        post("/batches/heartbeats", "{\"agent\":\"a1\",\"items\":[" + good + ",{\"itemId\":\"y\"}]}", null)
                .then()
                .statusCode(400)
                .body("field", equalTo("items[1].epoch"));
        post("/batches/releases", "{\"agent\":\"a1\",\"items\":[" + good + "," + good + "]}", null)
                .then()
                .statusCode(400)
                .body("field", equalTo("items[1].itemId"));
        // The agent is the token's subject: a body may leave it out.
        AsAgent.by("a1")
                .contentType("application/json")
                .body("{\"items\":[" + good + "]}")
                .post("/batches/heartbeats")
                .then()
                .statusCode(200)
                .body("results[0].status", equalTo(200));

        post(
                        "/claims/" + held.get(0).id() + "/heartbeat",
                        "{\"agent\":\"a1\",\"epoch\":" + held.get(0).epoch() + "}",
                        null)
                .then()
                .statusCode(200)
                .body("state", equalTo("CLAIMED"));
    }
}
