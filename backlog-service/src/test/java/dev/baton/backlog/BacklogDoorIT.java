package dev.baton.backlog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import dev.baton.contracts.item.ItemIds;
import dev.baton.contracts.limits.Limits;
import dev.baton.infra.testing.ClaimEngineTestResource;
import dev.baton.infra.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the backlog service refuses at the door, over real HTTP: every bound of the submission,
 * strict JSON, ids and query parameters, and every error of the HTTP layer as a problem. A
 * refused submission is shown not to exist by submitting a valid one under the same
 * Idempotency-Key: it is new (201), not a duplicate.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(ClaimEngineTestResource.class)
@Timeout(120)
class BacklogDoorIT {

    private static final String PROBLEM = "application/problem+json";

    @TestHTTPResource("/")
    URI root;

    private static Response post(String path, String body, String key) {
        var request = AsOperator.given().contentType("application/json").body(body);
        if (key != null) {
            request = request.header("Idempotency-Key", key);
        }
        return request.when().post(path);
    }

    private static ValidatableResponse refused(Response response, int status, String field) {
        final ValidatableResponse then = response.then().statusCode(status).contentType(PROBLEM);
        return field == null ? then : then.body("field", equalTo(field));
    }

    /** A valid submission under {@code key} is new: nothing was stored under it before. */
    private static void nothingWasStoredUnder(String key) {
        post("/items", "{\"type\":\"build\",\"title\":\"after the refusal\"}", key)
                .then()
                .statusCode(201);
    }

    private static String key() {
        return "door-" + UUID.randomUUID();
    }

    @Test
    void aFarFutureNotBeforeIsRefusedAndNothingIsStored() {
        final String key = key();

        refused(
                        post(
                                "/items",
                                "{\"type\":\"x\",\"title\":\"far\",\"notBefore\":\"+1000000000-12-31T23:59:59.999999999Z\"}",
                                key),
                        400,
                        "notBefore")
                .body("detail", containsString(Long.toString(Limits.MAX_NOT_BEFORE_AHEAD.toDays())));
        refused(
                post("/items", "{\"type\":\"x\",\"title\":\"far\",\"notBefore\":\"+292278995-01-01T00:00:00Z\"}", key),
                400,
                "notBefore");
        nothingWasStoredUnder(key);
    }

    @Test
    void aPayloadNested998DeepIsRefusedAndNothingIsStored() {
        final String key = key();
        final String payload = "{\"a\":".repeat(997) + "1" + "}".repeat(997);

        refused(post("/items", "{\"type\":\"x\",\"title\":\"deep\",\"payload\":" + payload + "}", key), 400, "payload")
                .body("detail", containsString(Integer.toString(Limits.MAX_BODY_DEPTH)));
        nothingWasStoredUnder(key);
    }

    @Test
    void aPayloadJustPastItsOwnDepthIsRefusedNamingTheLimit() {
        final int depth = Limits.MAX_PAYLOAD_DEPTH + 1;
        final String payload = "[".repeat(depth) + "]".repeat(depth);

        refused(post("/items", "{\"type\":\"x\",\"title\":\"deep\",\"payload\":" + payload + "}", null), 400, "payload")
                .body("detail", containsString(Integer.toString(Limits.MAX_PAYLOAD_DEPTH)));
    }

    @Test
    void jsonNestedPastAThousandLevelsIsABadRequestNotAFailure() {
        refused(post("/items", "[".repeat(1500) + "]".repeat(1500), null), 400, "$");
        refused(post("/items/batch", "{\"items\":" + "[".repeat(1500) + "]".repeat(1500) + "}", null), 400, "items");
    }

    @Test
    void trailingGarbageAfterTheJsonIsRefused() {
        final String key = key();

        refused(post("/items", "{\"type\":\"x\",\"title\":\"y\"} not json", key), 400, "$");
        refused(post("/items/batch", "[{\"type\":\"x\",\"title\":\"y\"}] []", null), 400, "$");
        nothingWasStoredUnder(key);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\u0000", "\\u0001\\u0007\\u001b", "\\ufeff", "\\u200b\\ufeff", "\\u0000\\u0000 "})
    void aTitleOfNulControlsOrAByteOrderMarkIsRefused(String title) {
        refused(post("/items", "{\"type\":\"x\",\"title\":\"" + title + "\"}", null), 400, "title");
    }

    @Test
    void anItemThatDependsOnItselfIsRefusedAndNothingIsStored() {
        final String key = key();
        final String itself = ItemIds.forKey(key);

        refused(
                        post("/items", "{\"type\":\"x\",\"title\":\"self\",\"dependsOn\":[\"" + itself + "\"]}", key),
                        400,
                        "dependsOn[0]")
                .body("detail", containsString("itself"));
        nothingWasStoredUnder(key);
    }

    @Test
    void everyViolationOfASubmissionIsListedTheFirstNamed() {
        refused(
                        post(
                                "/items",
                                "{\"type\":\"no spaces\",\"title\":\"ok\",\"priority\":2000000000,\"labels\":[\"\\u0000\"],"
                                        + "\"maxAttempts\":0,\"leaseSeconds\":0,\"dependsOn\":[\"a\",\"a\"],\"payload\":{\"s\":\"\\ud800\"}}",
                                null),
                        400,
                        "type")
                .body(
                        "violations.field",
                        equalTo(java.util.List.of(
                                "type",
                                "payload.s",
                                "priority",
                                "labels[0]",
                                "maxAttempts",
                                "leaseSeconds",
                                "dependsOn[1]")));
    }

    @Test
    void aBadIdempotencyKeyIsRefused() {
        refused(post("/items", "{\"type\":\"x\",\"title\":\"y\"}", "has space"), 400, "Idempotency-Key");
        post(
                        "/items/batch",
                        "[{\"type\":\"x\",\"title\":\"y\",\"idempotencyKey\":\"" + "k".repeat(Limits.MAX_REQUEST_ID + 1)
                                + "\"}]",
                        null)
                .then()
                .statusCode(200)
                .body("results[0].status", equalTo(400))
                .body("results[0].problem.field", equalTo("items[0].idempotencyKey"));
    }

    @Test
    void anIdWithNulIsRefusedAtOnceByCancelAndRedrive() {
        final long started = System.nanoTime();

        refused(AsOperator.given().urlEncodingEnabled(false).delete("/items/a%00b"), 400, "id");
        refused(AsOperator.given().urlEncodingEnabled(false).post("/items/a%00b/redrive"), 400, "id");
        refused(AsOperator.given().urlEncodingEnabled(false).get("/items/a%00b"), 400, "id");
        refused(AsOperator.given().urlEncodingEnabled(false).get("/items/a%00b/events"), 400, "id");

        // the engine was never asked: no wait for its answer (which took 10 s to time out)
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aBadQueryParameterIsABadRequestNamingIt() {
        final String id = post("/items", "{\"type\":\"x\",\"title\":\"exists\"}", null)
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        refused(AsOperator.given().get("/items/" + id + "?waitSeconds=abc"), 400, "waitSeconds");
        refused(AsOperator.given().get("/items/" + id + "?minEpoch=-1"), 400, "minEpoch");
        refused(AsOperator.given().get("/items/" + id + "?minEpoch=1&waitSeconds=61"), 400, "waitSeconds");
        refused(AsOperator.given().get("/items?limit=x"), 400, "limit");
        refused(
                        AsOperator.given()
                                .queryParam("owner", "a b")
                                .queryParam("limit", "0")
                                .get("/items"),
                        400,
                        "owner")
                .body("violations.field", hasItem("limit"));
        refused(
                AsOperator.given().delete("/items/" + id + "?reason=" + "r".repeat(Limits.MAX_REASON + 1)),
                400,
                "reason");
        AsOperator.given()
                .get("/items/" + id + "?waitSeconds=0")
                .then()
                .statusCode(200)
                .body("id", equalTo(id));
    }

    @Test
    void anUnknownRouteIsANotFoundProblem() {
        refused(AsOperator.given().get("/nope"), 404, null).body("type", containsString("not-found"));
        refused(AsOperator.given().get("/items/a/b/c"), 404, null);
    }

    @Test
    void theFrameworksOwnRefusalsAreProblems() {
        refused(AsOperator.given().contentType("application/json").body("{}").put("/items"), 405, null);
        refused(AsOperator.given().accept("text/xml").get("/items"), 406, null);
        refused(AsOperator.given().contentType("text/plain").body("x").post("/items"), 415, null);
    }

    @Test
    void aRequestTargetOrHeadersOverTheirLimitsAreProblems() {
        refused(AsOperator.given().get("/items/" + "a".repeat(Limits.MAX_URI_LENGTH)), 414, null)
                .body("limit", equalTo(Limits.MAX_URI_LENGTH));
        refused(
                        AsOperator.given()
                                .header("X-Big", "h".repeat(Limits.MAX_HEADERS_BYTES))
                                .get("/items"),
                        431,
                        null)
                .body("limit", equalTo(Limits.MAX_HEADERS_BYTES));
    }

    @Test
    void aBodyOverItsLimitIsA413ProblemWhetherDeclaredOrChunked() throws Exception {
        final byte[] tooLarge = ("{\"type\":\"x\",\"title\":\"y\",\"payload\":\"" + "a".repeat(Limits.MAX_BODY_BYTES)
                        + "\"}")
                .getBytes(StandardCharsets.UTF_8);

        refused(
                        AsOperator.given()
                                .contentType("application/json")
                                .body(tooLarge)
                                .post("/items"),
                        413,
                        "$")
                .body("limit", equalTo(Limits.MAX_BODY_BYTES));
        final HttpResponse<String> chunked = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(
                        HttpRequest.newBuilder(root.resolve("/items"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofInputStream(
                                        () -> new ByteArrayInputStream(tooLarge)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.headers().firstValue("Content-Type")).hasValue(PROBLEM);
    }

    @Test
    void anEmptyBodyDeclaredOrChunkedIsAnsweredAtOnce() throws Exception {
        for (HttpClient.Version version : HttpClient.Version.values()) {
            final HttpClient client = HttpClient.newBuilder().version(version).build();
            for (HttpRequest.BodyPublisher empty : new HttpRequest.BodyPublisher[] {
                HttpRequest.BodyPublishers.noBody(),
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[0]))
            }) {
                final HttpResponse<String> answer = client.send(
                        HttpRequest.newBuilder(root.resolve("/items"))
                                .header("Content-Type", "application/json")
                                .header("Authorization", "Bearer " + AsOperator.token())
                                .timeout(Duration.ofSeconds(10))
                                .POST(empty)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

                assertThat(answer.statusCode()).isEqualTo(400);
                assertThat(answer.body()).contains("\"field\":\"$\"");
            }
        }
    }

    @Test
    void aSubmissionOverHttp2AsTheJdkClientSendsItIsRead() throws Exception {
        final HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        for (int i = 0; i < 2; i++) {
            // the first request upgrades the connection (h2c), the second is HTTP/2 from the start
            final HttpResponse<String> answer = client.send(
                    HttpRequest.newBuilder(root.resolve("/items"))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + AsOperator.token())
                            .timeout(Duration.ofSeconds(20))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"x\",\"title\":\"over h2c\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(answer.statusCode()).isEqualTo(201);
        }
    }

    @Test
    void aBatchMayBeLargerThanOneItemsBodyButNotPastItsOwnLimit() {
        final String item = "{\"type\":\"x\",\"title\":\"y\",\"payload\":\"" + "a".repeat(200 * 1024) + "\"}";
        final String batch = "[" + String.join(",", java.util.Collections.nCopies(6, item)) + "]";
        assertThat(batch.length()).isGreaterThan(Limits.MAX_BODY_BYTES);

        post("/items/batch", batch, null).then().statusCode(200).body("results.status", not(hasItem(400)));
        // past Quarkus's default body limit (10 MiB), which would answer an empty 413: read and judged
        refused(post("/items/batch", "[" + " ".repeat(12 * 1024 * 1024) + "]", null), 400, "items");
        refused(
                        AsOperator.given()
                                .contentType("application/json")
                                .body(new byte[Limits.MAX_BATCH_BODY_BYTES + 1])
                                .post("/items/batch"),
                        413,
                        "$")
                .body("limit", equalTo(Limits.MAX_BATCH_BODY_BYTES));
    }

    @Test
    void anUnexpectedFailureIsA500ProblemThatNamesOnlyItsErrorId() {
        refused(given().get("/test-only/failing"), 500, null)
                .body("errorId", notNullValue())
                .body(not(containsString("IllegalStateException")))
                .body(not(containsString("secret")));
    }
}
