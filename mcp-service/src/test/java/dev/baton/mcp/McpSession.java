package dev.baton.mcp;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.restassured.RestAssured;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One agent's MCP session for the tests: the protocol's own Java SDK over Streamable HTTP, with
 * the agent's bearer token on every request, as a coding agent's MCP client would connect.
 */
final class McpSession implements AutoCloseable {

    final String agent;
    final McpSyncClient client;

    private McpSession(String agent, McpSyncClient client) {
        this.agent = agent;
        this.client = client;
    }

    static McpSession open(String agent) {
        return open(agent, Tokens.agent(agent));
    }

    static McpSession open(String agent, String token) {
        final HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(
                        "http://127.0.0.1:" + RestAssured.port)
                .endpoint("/mcp")
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token))
                .build();
        final McpSyncClient client = McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(90))
                .clientInfo(new McpSchema.Implementation("baton-test", "1"))
                .build();
        client.initialize();
        return new McpSession(agent, client);
    }

    /** Calls a tool with arguments given as name, value, name, value, ... */
    Answer call(String tool, Object... arguments) {
        final Map<String, Object> args = new LinkedHashMap<>();
        for (int i = 0; i < arguments.length; i += 2) {
            args.put((String) arguments[i], arguments[i + 1]);
        }
        final McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool, args));
        final String text = result.content().stream()
                .filter(McpSchema.TextContent.class::isInstance)
                .map(c -> ((McpSchema.TextContent) c).text())
                .collect(Collectors.joining("\n"));
        return new Answer(Boolean.TRUE.equals(result.isError()), text);
    }

    @Override
    public void close() {
        client.closeGracefully();
    }

    /** A tool's answer: its text, and whether it is a tool error. */
    record Answer(boolean error, String text) {}
}
