package dev.baton.writer.config;

import dev.baton.client.BatonClient;
import dev.baton.client.RetryPolicy;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The writer as an agent of Baton's public API, through the Java client like any other agent:
 * it submits its devlog items to the backlog service, claims, heartbeats and completes them on the
 * claim-service, and reads the backlog for a post's closing line. The client is built here and
 * nowhere else, so whatever every call of the writer needs is added in one place.
 */
public class AgentClient {

    /** How long one call waits for an answer, retries included: the publish cycle looks again after it. */
    static final Duration ASK = Duration.ofSeconds(10);

    @Produces
    @Singleton
    BatonClient client(WriterConfig config, @ConfigProperty(name = "baton.instance-id") String instanceId) {
        final BatonClient.Builder client = BatonClient.builder()
                .backlog(config.publish().backlogUrl())
                .claims(config.publish().claimUrl())
                .requestTimeout(ASK)
                .retry(RetryPolicy.defaults().withDeadline(ASK));
        if (config.publish().token().isPresent()) {
            // The services take the agent from the token: the writer claims as its subject. Two
            // replicas with one token are still one holder at a time (a held item is ALREADY_CLAIMED
            // to its own holder too); the epoch fences a replica that outlived its lease.
            return client.token(config.publish().token().get()).build();
        }
        // No token: the services refuse its calls (401, in the writer's log) until one is configured.
        // The name is still one per process.
        return client.agent("writer-" + instanceId + "-"
                        + UUID.randomUUID().toString().substring(0, 8))
                .build();
    }
}
