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
        return BatonClient.builder()
                .backlog(config.publish().backlogUrl())
                .claims(config.publish().claimUrl())
                // One name per process: a restarted writer is a new agent and cannot act on its old grants.
                .agent("writer-" + instanceId + "-"
                        + UUID.randomUUID().toString().substring(0, 8))
                .requestTimeout(ASK)
                .retry(RetryPolicy.defaults().withDeadline(ASK))
                .build();
    }
}
