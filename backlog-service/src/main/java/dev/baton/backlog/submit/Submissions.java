package dev.baton.backlog.submit;

import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.ItemIds;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.reply.Reply;
import dev.baton.engine.client.EngineGateway;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Turns accepted specs into {@code ItemSubmitted} records on {@code backlog-items} (this service
 * is that topic's only writer) and waits for the engine to take them in. With an idempotency key
 * the item id is derived from the key, so every repeat names the same item and the engine, which
 * sees them one at a time, answers the first "new" and every other "duplicate".
 */
@ApplicationScoped
public class Submissions {

    private static final Logger LOG = Logger.getLogger("backlog.submit");

    @Inject
    EngineGateway gateway;

    @ConfigProperty(name = "baton.backlog.answer-timeout", defaultValue = "10s")
    Duration answerTimeout;

    Clock clock = Clock.systemUTC();

    /** Submits and completes with the engine's answer (new or duplicate, and the item). */
    public CompletableFuture<Reply.Submitted> submit(ItemSpec spec, String idempotencyKey) {
        final String itemId = ItemIds.forKey(idempotencyKey);
        final ItemEvent.ItemSubmitted event = new ItemEvent.ItemSubmitted(
                itemId, Instant.now(clock), null, spec, UUID.randomUUID().toString());
        return gateway.submit(event, answerTimeout).thenApply(reply -> {
            final Reply.Submitted submitted = (Reply.Submitted) reply;
            LOG.infof(
                    "backlog.submit id=%s type=%s priority=%d duplicate=%s",
                    itemId, spec.type(), spec.priority(), submitted.duplicate());
            return submitted;
        });
    }

    public Duration answerTimeout() {
        return answerTimeout;
    }
}
