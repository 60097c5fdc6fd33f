package dev.baton.writer;

import static org.hamcrest.Matchers.equalTo;

import dev.baton.contracts.limits.Limits;
import dev.baton.infra.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The writer's refusals over real HTTP: each a problem, a bad parameter named. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(AgentApiTestResource.class)
@Timeout(120)
class WriterDoorIT {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void aLocalFlagThatIsNotTrueOrFalseIsABadRequestNamingIt() {
        AsOperator.given()
                .get("/devlogs/2026-01-01/material?local=abc")
                .then()
                .statusCode(400)
                .contentType(PROBLEM)
                .body("field", equalTo("local"));
    }

    @Test
    void theHttpLayersOwnRefusalsAreProblems() {
        AsOperator.given().get("/nope").then().statusCode(404).contentType(PROBLEM);
        AsOperator.given().delete("/devlogs").then().statusCode(405).contentType(PROBLEM);
        AsOperator.given()
                .accept("image/png")
                .get("/devlogs")
                .then()
                .statusCode(406)
                .contentType(PROBLEM);
        AsOperator.given()
                .get("/devlogs/" + "d".repeat(Limits.MAX_URI_LENGTH))
                .then()
                .statusCode(414)
                .contentType(PROBLEM);
        AsOperator.given()
                .header("X-Big", "h".repeat(Limits.MAX_HEADERS_BYTES))
                .get("/devlogs")
                .then()
                .statusCode(431)
                .contentType(PROBLEM);
        AsOperator.given()
                .contentType("application/json")
                .body(new byte[Limits.MAX_BODY_BYTES + 1])
                .post("/devlogs/2026-01-01/publish")
                .then()
                .statusCode(413)
                .contentType(PROBLEM)
                .body("limit", equalTo(Limits.MAX_BODY_BYTES));
    }
}
