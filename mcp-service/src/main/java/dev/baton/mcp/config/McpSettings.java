package dev.baton.mcp.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** The MCP server's settings ({@code baton.mcp.*}, docs/mcp.md). */
@ConfigMapping(prefix = "baton.mcp")
public interface McpSettings {

    // Each service may be given as several instances, comma-separated: the client moves to the next
    // when one does not answer.

    /** The backlog service: submissions, the read model, an item's history. */
    List<URI> backlogUrl();

    /** The claim-service: claims, heartbeats, completions. */
    List<URI> claimUrl();

    /** The writer service: the devlog posts the resources list. */
    List<URI> writerUrl();

    /**
     * How long a session may stay silent (no tool call, resource read or prompt) before its grants
     * stop being heartbeated; they lapse one lease later.
     */
    @WithDefault("10m")
    Duration sessionIdle();

    /** How long one call to the API may take, retries included. */
    @WithDefault("10s")
    Duration ask();
}
