package dev.baton.claim.streams;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.hamcrest.Matchers.equalTo;

import dev.baton.contracts.command.Command;
import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.reply.Reason;
import dev.baton.contracts.reply.Reply;
import dev.baton.engine.client.EngineGateway;
import dev.baton.engine.client.SubmissionRefused;
import dev.baton.infra.testing.KafkaTestResource;
import dev.baton.infra.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The running engine, on a real broker, refuses what breaks the rules with an answer, and goes on serving. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EngineRefusalIT {

    private static final Duration ANSWER = Duration.ofSeconds(10);

    @Inject
    EngineGateway engine;

    private static ItemEvent.ItemSubmitted submission(String id, ItemSpec spec) {
        return new ItemEvent.ItemSubmitted(
                id, Instant.now(), null, spec, UUID.randomUUID().toString());
    }

    @Test
    void aSubmissionFarInTheFutureIsRefusedToItsSubmitterAndTheEngineServesTheNextOne() {
        final String far = UUID.randomUUID().toString();
        final ItemSpec farSpec =
                ItemSpec.of("refusal-it", "far").withNotBefore(Instant.parse("+1000000000-12-31T23:59:59.999999999Z"));

        final SubmissionRefused refused = catchThrowableOfType(
                SubmissionRefused.class, () -> engine.submitAndWait(submission(far, farSpec), ANSWER));

        assertThat(refused.rejection().reason()).isEqualTo(Reason.INVALID);
        assertThat(refused.rejection().detail()).startsWith("notBefore must be between");
        assertThat(refused.problem().status()).isEqualTo(400);
        final String next = UUID.randomUUID().toString();
        engine.submitAndWait(submission(next, ItemSpec.of("refusal-it", "ordinary")), ANSWER);
        given().auth()
                .oauth2(TestTokens.agent("a1"))
                .contentType("application/json")
                .body("{\"agent\":\"a1\"}")
                .when()
                .post("/claims/" + next)
                .then()
                .statusCode(200)
                .body("itemId", equalTo(next));
        given().auth()
                .oauth2(TestTokens.agent("a1"))
                .contentType("application/json")
                .body("{\"agent\":\"a1\"}")
                .when()
                .post("/claims/" + far)
                .then()
                .statusCode(404)
                .body("reason", equalTo("UNKNOWN_ITEM"));
    }

    @Test
    void aCancelForAnIdWithNulIsAnsweredRefusedInsteadOfNever() {
        final Reply answer =
                engine.ask(new Command.CancelItem(UUID.randomUUID().toString(), "a\u0000b", "x"), null, ANSWER);

        assertThat(answer).isInstanceOfSatisfying(Reply.Rejected.class, rejected -> {
            assertThat(rejected.rejection().reason()).isEqualTo(Reason.INVALID);
            assertThat(rejected.rejection().detail()).startsWith("itemId must be");
        });
    }
}
