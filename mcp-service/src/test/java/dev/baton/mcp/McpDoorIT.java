package dev.baton.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.client.BatonClient;
import dev.baton.client.ItemState;
import dev.baton.client.ItemView;
import dev.baton.client.NewItem;
import dev.baton.infra.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The MCP endpoint's door, in raw Streamable HTTP: no call without a token the stack signed, and
 * no call on a session with another agent's token.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(AgentApiTestResource.class)
@Timeout(120)
class McpDoorIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
            + "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";

    @Test
    void aCallWithoutATokenIsUnauthorized() throws Exception {
        final HttpResponse<String> answer = post(null, null, INITIALIZE);

        assertThat(answer.statusCode()).isEqualTo(401);
    }

    @Test
    void tokensTheStackDidNotSignOrNotForItAreUnauthorized() throws Exception {
        final String forged = Tokens.forged("agent-x");
        final String otherIssuer = Tokens.otherIssuer("agent-x");

        assertThat(post(forged, null, INITIALIZE).statusCode()).isEqualTo(401);
        assertThat(post(otherIssuer, null, INITIALIZE).statusCode()).isEqualTo(401);
        assertThat(post("not-a-jwt", null, INITIALIZE).statusCode()).isEqualTo(401);
    }

    @Test
    void aCallOnAnotherAgentsSessionIsRefusedAndItsGrantStaysWithItsHolder() throws Exception {
        final String alice = "agent-alice-" + UUID.randomUUID().toString().substring(0, 8);
        final String aliceToken = Tokens.agent(alice);
        final String malloryToken = Tokens.agent("agent-mallory");
        final ItemView item = submitted();

        final HttpResponse<String> opened = post(aliceToken, null, INITIALIZE);
        assertThat(opened.statusCode()).isEqualTo(200);
        final String session = opened.headers().firstValue("Mcp-Session-Id").orElseThrow();
        post(aliceToken, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        final JsonNode claimed = result(post(aliceToken, session, call(2, "claim", item.id())));
        assertThat(claimed.path("isError").asBoolean()).as(claimed.toString()).isFalse();

        final JsonNode hijack = result(post(malloryToken, session, call(3, "release", item.id())));

        assertThat(hijack.path("isError").asBoolean()).isTrue();
        assertThat(hijack.toString()).contains("this MCP session belongs to " + alice);
        final ItemView after = api().item(item.id());
        assertThat(after.state()).isEqualTo(ItemState.CLAIMED);
        assertThat(after.owner()).isEqualTo(alice);
    }

    private static ItemView submitted() {
        final ItemView made = api().submit(NewItem.of("door-" + UUID.randomUUID(), "Guard the door"));
        return api().awaitItem(made.id(), null, ItemState.READY, Duration.ofSeconds(30));
    }

    private static BatonClient api() {
        return BatonClient.builder()
                .backlog(AgentApiTestResource.backlog())
                .claims(AgentApiTestResource.claims())
                .agent("test-desk")
                .build()
                .withToken(Tokens.agent("test-desk"));
    }

    private static String call(int id, String tool, String itemId) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":{\"id\":\"" + itemId + "\"}}}";
    }

    private static HttpResponse<String> post(String token, String session, String body)
            throws IOException, InterruptedException {
        final HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + RestAssured.port + "/mcp"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The JSON-RPC result of an answer, sent as JSON or as one server-sent event. */
    private static JsonNode result(HttpResponse<String> answer) throws IOException {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        String body = answer.body();
        if (answer.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream")) {
            body = body.lines()
                    .filter(line -> line.startsWith("data:"))
                    .map(line -> line.substring(5).strip())
                    .reduce((first, last) -> last)
                    .orElseThrow();
        }
        return JSON.readTree(body).path("result");
    }
}
