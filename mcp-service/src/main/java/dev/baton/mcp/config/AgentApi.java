package dev.baton.mcp.config;

import dev.baton.client.BatonClient;
import dev.baton.client.RetryPolicy;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The public API this server is an agent of, through the Java client like the writer. One client
 * shares its connections; each call runs on a copy carrying the caller's name and token
 * ({@link BatonClient#withAgent}, {@link BatonClient#withToken}), so the API judges every call as
 * the caller's own.
 */
public class AgentApi {

    @Produces
    @Singleton
    BatonClient client(McpSettings settings) {
        return BatonClient.builder()
                .backlog(settings.backlogUrl())
                .claims(settings.claimUrl())
                .writer(settings.writerUrl())
                .agent("mcp-service")
                .requestTimeout(settings.ask())
                .retry(RetryPolicy.defaults().withDeadline(settings.ask()))
                .build();
    }
}
