package dev.baton.backlog.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.baton.identity.Role;
import dev.baton.infra.testing.ClaimEngineTestResource;
import dev.baton.infra.testing.KafkaTestResource;
import dev.baton.infra.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The board over plain HTTP: the page, its headers, and what its calls answer without a browser. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(ClaimEngineTestResource.class)
@Timeout(120)
class BoardPageIT {

    @TestHTTPResource("/board/api/live")
    URI live;

    @Test
    void thePageLoadsWithoutATokenAndMayRunOnlyItsOwnScript() {
        RestAssured.given()
                .get("/board/")
                .then()
                .statusCode(200)
                .contentType(startsWith("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("Content-Security-Policy", containsString("script-src 'self';"))
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .body(containsString("<script src=\"board.js\" defer></script>"));
        RestAssured.given().get("/board/board.js").then().statusCode(200).body(containsString("textContent"));
    }

    @Test
    void theLiveViewIsRefusedWithoutATokenAndStreamsSnapshotsToAReader() throws Exception {
        RestAssured.given()
                .get("/board/api/live")
                .then()
                .statusCode(401)
                .contentType(startsWith("application/problem+json"));

        final HttpResponse<Stream<String>> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(live)
                                .header("Authorization", "Bearer " + TestTokens.of("board-reader", Role.READER))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofLines());
        final String first;
        try (Stream<String> lines = answer.body()) {
            first = lines.filter(line -> line.startsWith("data:")).findFirst().orElseThrow();
        }

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(first).contains("\"at\":").containsAnyOf("\"byState\":", "\"unavailable\":");
    }

    @Test
    void whoAmIAnswersTheTokensSubjectAndWhetherItMayAct() {
        RestAssured.given()
                .auth()
                .oauth2(TestTokens.of("reader-rae", Role.READER))
                .get("/board/api/me")
                .then()
                .statusCode(200)
                .body("subject", equalTo("reader-rae"))
                .body("operator", equalTo(false));
        RestAssured.given()
                .auth()
                .oauth2(TestTokens.of("operator-otto", Role.OPERATOR))
                .get("/board/api/me")
                .then()
                .statusCode(200)
                .body("operator", equalTo(true));
    }

    @Test
    void aFurtherPageNamesItsStateAndAWrongOneIsAProblemAboutThatField() {
        RestAssured.given()
                .auth()
                .oauth2(TestTokens.of("board-reader", Role.READER))
                .get("/board/api/items?state=SOMEWHERE")
                .then()
                .statusCode(400)
                .body("field", equalTo("state"));
        RestAssured.given()
                .auth()
                .oauth2(TestTokens.of("board-reader", Role.READER))
                .get("/board/api/items?state=READY&type=no%20spaces")
                .then()
                .statusCode(400)
                .body("field", equalTo("type"));
    }

    @Test
    void aDevlogThatNobodyServesIsABadGatewayProblemForThatPanelOnly() {
        RestAssured.given()
                .auth()
                .oauth2(TestTokens.of("board-reader", Role.READER))
                .get("/board/api/devlogs")
                .then()
                .statusCode(502)
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString("not reachable"));
        RestAssured.given()
                .auth()
                .oauth2(TestTokens.of("board-reader", Role.READER))
                .get("/board/api/devlogs/yesterday")
                .then()
                .statusCode(400)
                .body("field", equalTo("date"));
    }
}
