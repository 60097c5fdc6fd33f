package dev.baton.claim.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.limits.Limits;
import dev.baton.engine.client.EngineGateway;
import dev.baton.infra.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the agent API refuses at the door, over real HTTP against the running engine: a refused
 * call is shown not to have been executed by the next valid call's answer (the item was still
 * READY, or still held at the same epoch).
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClaimDoorIT {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    EngineGateway engine;

    private String readyItem() {
        final String id = UUID.randomUUID().toString();
        engine.submitAndWait(
                new ItemEvent.ItemSubmitted(
                        id,
                        Instant.now(),
                        null,
                        ItemSpec.of("door", "Held?"),
                        UUID.randomUUID().toString()),
                Duration.ofSeconds(10));
        return id;
    }

    private static Response post(String path, String body) {
        return AsAgent.given(body).when().post(path);
    }

    private static ValidatableResponse refused(Response response, int status, String field) {
        final ValidatableResponse then = response.then().statusCode(status).contentType(PROBLEM);
        return field == null ? then : then.body("field", equalTo(field));
    }

    @Test
    void aRequestIdWithALoneSurrogateIsRefusedAndTheItemStaysReady() {
        final String id = readyItem();

        refused(post("/claims/" + id, "{\"agent\":\"a1\",\"requestId\":\"\\ud800\"}"), 400, "requestId");

        // not claimed by the refused call: the next claim is the first
        post("/claims/" + id, "{\"agent\":\"a2\"}").then().statusCode(200).body("epoch", equalTo(1));
    }

    @Test
    void theLargeCompletionOfTheIssueIsRefusedNamingItsSummaryAndTheItemStaysHeld() {
        final String id = readyItem();
        post("/claims/" + id, "{\"agent\":\"a1\"}").then().statusCode(200);
        final String logs = "\"" + "l".repeat(4_000) + "\"";
        final String big = "{\"agent\":\"a1\",\"epoch\":1,\"result\":{\"summary\":\"" + "s".repeat(100_000)
                + "\",\"notes\":\"" + "n".repeat(100_000) + "\",\"logs\":["
                + String.join(",", java.util.Collections.nCopies(170, logs)) + "]}}";

        refused(post("/claims/" + id + "/complete", big), 400, "result.summary")
                .body("detail", containsString(Integer.toString(Limits.MAX_SUMMARY)))
                .body("violations.field", hasItems("result.summary", "result.notes", "result.logs[0]"));

        post("/claims/" + id + "/complete", "{\"agent\":\"a1\",\"epoch\":1,\"result\":{\"summary\":\"done\"}}")
                .then()
                .statusCode(200)
                .body("state", equalTo("DONE"));
    }

    @Test
    void jsonNestedPastAThousandLevelsIsABadRequestNotAFailure() {
        final String deep = "[".repeat(1500) + "]".repeat(1500);

        refused(post("/claims/next", deep), 400, "$");
        refused(
                post("/claims/some-item/complete", "{\"agent\":\"a1\",\"epoch\":1,\"result\":" + deep + "}"),
                400,
                "result");
    }

    @Test
    void trailingGarbageAfterTheJsonIsRefused() {
        refused(post("/claims/next", "{\"agent\":\"a1\"} {}"), 400, "$");
    }

    @Test
    void anIdWithNulIsRefusedAtOnceOnEveryHoldersCall() {
        final long started = System.nanoTime();

        for (String call : new String[] {"", "/heartbeat", "/complete", "/fail", "/release"}) {
            refused(
                    AsAgent.by("a1")
                            .urlEncodingEnabled(false)
                            .contentType("application/json")
                            .body("{\"agent\":\"a1\",\"epoch\":1}")
                            .post("/claims/a%00b" + call),
                    400,
                    "itemId");
        }

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void everyFieldOfAClaimNextIsCheckedAgainstItsLimit() {
        refused(
                        post(
                                "/claims/next",
                                "{\"agent\":\"a\\nFAKE status=completed\",\"types\":[\"ok\",\"not ok\"],"
                                        + "\"max\":101,\"leaseSeconds\":0,\"waitSeconds\":61}"),
                        400,
                        "agent")
                .body("violations.field", hasItems("agent", "types[1]", "max", "leaseSeconds", "waitSeconds"));
        refused(
                AsAgent.by("a1")
                        .contentType("application/json")
                        .header("Idempotency-Key", "k".repeat(Limits.MAX_REQUEST_ID + 1))
                        .body("{\"agent\":\"a1\"}")
                        .post("/claims/next"),
                400,
                "Idempotency-Key");
    }

    @Test
    void anEmptyBodyStandsForNoFieldsAndIsAnsweredAtOnce() {
        final long started = System.nanoTime();

        // no fields: the token's subject is the agent, of any type, no wait
        refused(post("/claims/next", "{\"max\":0}"), 400, "max");
        assertThat(post("/claims/next", "").statusCode()).isIn(200, 204);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void theHttpLayersOwnRefusalsAreProblems() {
        refused(AsAgent.by("a1").get("/claims/next"), 405, null);
        refused(AsAgent.by("a1").get("/nope"), 404, null);
        refused(given().get("/claims/" + "a".repeat(Limits.MAX_URI_LENGTH)), 414, null);
        refused(
                AsAgent.by("a1")
                        .contentType("application/json")
                        .body(new byte[Limits.MAX_BODY_BYTES + 1])
                        .post("/claims/next"),
                413,
                "$");
    }
}
