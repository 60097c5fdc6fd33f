package dev.baton.backlog;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.baton.backlog.submit.Submissions;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.reply.Reply;
import dev.baton.engine.client.EngineTimeout;
import dev.baton.infra.testing.ClaimEngineTestResource;
import dev.baton.infra.testing.KafkaTestResource;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A failure that arrives after the request was parked is answered like one thrown at once. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(ClaimEngineTestResource.class)
@Timeout(120)
class EngineTimeoutOverHttpIT {

    @Inject
    Submissions submissions;

    @Test
    void anEngineThatDoesNotAnswerInTimeIsA503ProblemWithRetryAfter() {
        QuarkusMock.installMockForType(
                new Unanswered((Submissions) ClientProxy.unwrap(submissions)), Submissions.class);

        AsOperator.given()
                .contentType("application/json")
                .header("Idempotency-Key", "never-answered")
                .body("{\"type\":\"build\",\"title\":\"Lost in the post\"}")
                .post("/items")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "1")
                .body("type", containsString("engine-timeout"))
                .body("status", equalTo(503));
    }

    /** The engine as the gateway sees it when no answer comes: a future failed later, wrapped as a dependent's is. */
    static final class Unanswered extends Submissions {
        private final Submissions real;

        Unanswered(Submissions real) {
            this.real = real;
        }

        @Override
        public CompletableFuture<Reply.Submitted> submit(ItemSpec spec, String idempotencyKey) {
            if (!"never-answered".equals(idempotencyKey)) {
                return real.submit(spec, idempotencyKey);
            }
            final CompletableFuture<Reply.Submitted> answer = new CompletableFuture<>();
            final CompletableFuture<Reply.Submitted> seen = answer.thenApply(reply -> reply);
            CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS)
                    .execute(() -> answer.completeExceptionally(new EngineTimeout(idempotencyKey, 100)));
            return seen;
        }
    }
}
