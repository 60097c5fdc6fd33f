package dev.baton.claim.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.limits.Limits;
import dev.baton.engine.client.EngineGateway;
import dev.baton.identity.LocalIdentity;
import dev.baton.identity.Role;
import dev.baton.infra.testing.AccessMatrix;
import dev.baton.infra.testing.KafkaTestResource;
import dev.baton.infra.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Who may call the agent API, over real HTTP with real tokens: the role of every endpoint, an
 * agent acting only as itself, and every kind of bad token refused as a 401 problem.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AccessIT {

    private static final String PROBLEM = "application/problem+json";
    private static final String[] HOLDER_VERBS = {"heartbeat", "complete", "fail", "release"};

    @TestHTTPResource("/")
    URI base;

    @Inject
    EngineGateway engine;

    private String heldBy(String agent) {
        final String id = UUID.randomUUID().toString();
        engine.submitAndWait(
                new ItemEvent.ItemSubmitted(
                        id,
                        Instant.now(),
                        null,
                        ItemSpec.of("access", "Held"),
                        UUID.randomUUID().toString()),
                Duration.ofSeconds(10));
        AsAgent.by(agent)
                .contentType("application/json")
                .body("{}")
                .post("/claims/" + id)
                .then()
                .statusCode(200)
                .body("epoch", equalTo(1));
        return id;
    }

    private static Response call(String token, String path, String body) {
        return given().header("Authorization", "Bearer " + token)
                .contentType("application/json")
                .body(body)
                .post(path);
    }

    @Test
    void everyEndpointRefusesNoTokenAndEveryOtherRoleAndLetsItsOwnRoleThrough() {
        final List<AccessMatrix.Endpoint> checked = AccessMatrix.check(base);

        assertThat(checked)
                .extracting(AccessMatrix.Endpoint::path)
                .contains("/claims/next", "/claims/{itemId}", "/claims/{itemId}/heartbeat");
        assertThat(checked).allSatisfy(e -> assertThat(e.roles()).containsExactly(Role.AGENT));
    }

    @Test
    void anImpostorIsNotTheOwnerOnAnyHolderVerbEvenWithTheRightEpoch() {
        final String id = heldBy("alice");
        final String mallory = TestTokens.agent("mallory");

        for (String verb : HOLDER_VERBS) {
            call(mallory, "/claims/" + id + "/" + verb, "{\"epoch\":1}")
                    .then()
                    .statusCode(409)
                    .contentType(PROBLEM)
                    .body("reason", equalTo("NOT_OWNER"));
        }

        // the holder is untouched by all that: it still holds epoch 1 and can finish
        call(TestTokens.agent("alice"), "/claims/" + id + "/complete", "{\"epoch\":1}")
                .then()
                .statusCode(200)
                .body("state", equalTo("DONE"));
    }

    @Test
    void anAgentNamingAnotherAgentInTheBodyIsForbiddenOnEveryClaimVerb() {
        final String id = heldBy("alice");
        final String mallory = TestTokens.agent("mallory");

        for (String verb : HOLDER_VERBS) {
            call(mallory, "/claims/" + id + "/" + verb, "{\"agent\":\"alice\",\"epoch\":1}")
                    .then()
                    .statusCode(403)
                    .contentType(PROBLEM)
                    .body("field", equalTo("agent"));
        }
        call(mallory, "/claims/" + id, "{\"agent\":\"alice\"}").then().statusCode(403);
        call(mallory, "/claims/next", "{\"agent\":\"alice\",\"types\":[\"access-none\"]}")
                .then()
                .statusCode(403);
        // the item is still alice's, at the same epoch
        call(TestTokens.agent("alice"), "/claims/" + id + "/heartbeat", "{\"agent\":\"alice\",\"epoch\":1}")
                .then()
                .statusCode(200);
    }

    @Test
    void expiredWronglySignedAndForeignTokensAreRefusedAsUnauthenticated() {
        final String id = heldBy("alice");
        final List<String> refused = List.of(
                TestTokens.minter()
                        .mint(
                                "alice",
                                List.of(Role.AGENT),
                                Instant.now().minus(Duration.ofHours(2)),
                                Duration.ofHours(1)),
                TestTokens.stranger().mint("alice", List.of(Role.AGENT), Duration.ofHours(1)),
                TestTokens.minter("someone-else", LocalIdentity.AUDIENCE)
                        .mint("alice", List.of(Role.AGENT), Duration.ofHours(1)),
                TestTokens.minter(LocalIdentity.ISSUER, "another-service")
                        .mint("alice", List.of(Role.AGENT), Duration.ofHours(1)));

        for (String token : refused) {
            call(token, "/claims/" + id + "/heartbeat", "{\"epoch\":1}")
                    .then()
                    .statusCode(401)
                    .contentType(PROBLEM)
                    .header("WWW-Authenticate", startsWith("Bearer"))
                    .body("type", equalTo("https://baton.dev/problems/unauthorized"));
        }
    }

    @Test
    void hostileTokenTextIsAnUnauthenticatedProblemAndNeverReachesALog() {
        final String marker = "FAKE status=completed owner=mallory";
        final Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        final String deepHeader = url.encodeToString(
                ("{\"alg\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}").getBytes(StandardCharsets.UTF_8));
        final String unsigned = url.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(
                        ("{\"sub\":\"alice\",\"groups\":[\"agent\"],\"iss\":\"baton-local\",\"aud\":\"baton\","
                                        + "\"exp\":99999999999,\"note\":\"" + marker + "\"}")
                                .getBytes(StandardCharsets.UTF_8))
                + ".";
        final List<String> authorizations = List.of(
                "Bearer",
                "Bearer ",
                "Bearer " + marker,
                "Bearer a.b.c",
                "Bearer ...." + marker,
                "Bearer " + unsigned,
                "Bearer " + deepHeader + ".e30.c2ln",
                "Bearer " + "é✓".repeat(300) + marker,
                "Bearer " + "A".repeat(Limits.MAX_AUTHORIZATION_CHARS + 1));
        final List<String> logged = new ArrayList<>();
        final Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(String.valueOf(record.getMessage()) + " " + record.getThrown());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger.getLogger("").addHandler(capture);
        try {
            for (String authorization : authorizations) {
                given().header("Authorization", authorization)
                        .contentType("application/json")
                        .body("{\"epoch\":1}")
                        .post("/claims/some-item/heartbeat")
                        .then()
                        .statusCode(401)
                        .contentType(PROBLEM)
                        .header("WWW-Authenticate", startsWith("Bearer"));
            }
            // a scheme that is not Bearer is no token at all
            given().header("Authorization", "Basic " + marker)
                    .contentType("application/json")
                    .body("{}")
                    .post("/claims/next")
                    .then()
                    .statusCode(401)
                    .contentType(PROBLEM);
        } finally {
            Logger.getLogger("").removeHandler(capture);
        }

        assertThat(logged).noneMatch(line -> line.contains("FAKE status") || line.contains("alg\":\"none"));
    }

    @Test
    void healthAndTheOpenApiDocumentStayOpen() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }
}
