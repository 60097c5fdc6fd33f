package dev.baton.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.baton.client.ScriptedServer;
import dev.baton.client.ScriptedServer.Reply;
import dev.baton.client.ServiceBodies;
import dev.baton.contracts.http.InvalidRequest;
import dev.baton.contracts.json.Json;
import dev.baton.contracts.reply.Grant;
import dev.baton.contracts.reply.Rejection;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The command line against a scripted server: what each command sends, prints, and exits with. */
@Timeout(30)
class BatonCliTest {

    private static final Instant LEASE = Instant.parse("2026-03-01T10:15:30Z");

    private ScriptedServer server;
    private String stdout;
    private String stderr;
    private String stdin = "";

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    private int run(String... argv) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final String base = server == null ? "http://127.0.0.1:1" : server.uri().toString();
        final int code = new BatonCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                Map.of("BATON_BACKLOG_URL", base, "BATON_CLAIM_URL", base, "BATON_WRITER_URL", base,
                        "BATON_AGENT", "cli-1", "BATON_RETRY_DEADLINE", "2"), false).run(Arrays.asList(argv));
        stdout = out.toString(StandardCharsets.UTF_8);
        stderr = err.toString(StandardCharsets.UTF_8);
        return code;
    }

    private JsonNode sentBody(int index) throws Exception {
        return Json.mapper().readTree(server.requests().get(index).body());
    }

    @Test
    void nextPrintsWhatItClaimedAndExitsZero() throws Exception {
        final var payload = JsonNodeFactory.instance.objectNode().put("command", "make test");
        server = new ScriptedServer(request -> Reply.json(200, ServiceBodies.claims(new Grant("it-1", 4, LEASE,
                new Grant.Work("build", "Build it", payload, 0, List.of(), 2)))));

        assertThat(run("next", "--type", "build,test", "--wait", "5", "--lease", "60")).isEqualTo(BatonCli.OK);

        assertThat(stdout).contains("it-1").contains("2026-03-01T10:15:30Z").contains("make test")
                .contains("Build it");
        final JsonNode body = sentBody(0);
        assertThat(body.get("agent").asText()).isEqualTo("cli-1");
        assertThat(body.get("types")).hasToString("[\"build\",\"test\"]");
        assertThat(body.get("waitSeconds").asInt()).isEqualTo(5);
        assertThat(body.get("leaseSeconds").asInt()).isEqualTo(60);
    }

    @Test
    void nextFindingNothingExitsThreeAndPrintsAnEmptyListAsJson() throws Exception {
        server = new ScriptedServer(request -> Reply.status(204));

        assertThat(run("next", "--json")).isEqualTo(BatonCli.NOTHING);

        assertThat(Json.mapper().readTree(stdout).get("claims")).isEmpty();
        assertThat(stderr).contains("nothing ready");
    }

    @Test
    void aRejectionExitsFourAndPrintsTheProblemAsJson() throws Exception {
        server = new ScriptedServer(request -> Reply.problem(409,
                ServiceBodies.json(Rejection.staleEpoch("it-2", 1, 2).problem())));

        assertThat(run("complete", "it-2", "--epoch", "1", "--summary", "late", "--json"))
                .isEqualTo(BatonCli.REJECTED);

        final JsonNode problem = Json.mapper().readTree(stdout);
        assertThat(problem.get("reason").asText()).isEqualTo("STALE_EPOCH");
        assertThat(problem.get("epoch").asLong()).isEqualTo(2);
        assertThat(stderr).contains("STALE_EPOCH").contains("it-2");
    }

    @Test
    void aRequestTheServiceRefusesAsInvalidExitsTwoNamingTheFlag() throws Exception {
        server = new ScriptedServer(request -> Reply.problem(400, ServiceBodies.json(
                new InvalidRequest("leaseSeconds", "must be between 1 and 86400").problem())));

        assertThat(run("claim", "it-3", "--lease", "0")).isEqualTo(BatonCli.INVALID);

        assertThat(stderr).contains("leaseSeconds must be between 1 and 86400").contains("--lease");
    }

    @Test
    void aUsageErrorExitsTwoWithoutCallingTheService() throws Exception {
        server = new ScriptedServer(request -> Reply.status(500));
        final List<Integer> codes = new ArrayList<>();

        codes.add(run("heartbeat", "it-4"));
        codes.add(run("heartbeat", "it-4", "--epoch", "three"));
        codes.add(run("next", "--wiat", "5"));
        codes.add(run("items", "--state", "FINISHED"));
        codes.add(run("submit", "--type", "t", "--title", "x", "--payload", "{not json"));
        codes.add(run("devlog", "yesterday"));
        codes.add(run("frobnicate"));

        assertThat(codes).containsOnly(BatonCli.INVALID);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void noAnswerWithinTheRetryDeadlineExitsOne() throws Exception {
        final int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }

        assertThat(run("items", "--backlog", "http://127.0.0.1:" + port, "--retry-deadline", "0"))
                .isEqualTo(BatonCli.ERROR);

        assertThat(stderr).contains("127.0.0.1:" + port).contains("connection refused");
    }

    @Test
    void submitWithACommandSendsItAsThePayload() throws Exception {
        server = new ScriptedServer(request -> Reply.json(201,
                "{\"id\":\"it-5\",\"state\":\"READY\",\"type\":\"shell\",\"title\":\"hi\"}"));

        assertThat(run("submit", "--type", "shell", "--title", "hi", "--command", "echo hi", "--label", "a,b",
                "--key", "k-1")).isEqualTo(BatonCli.OK);

        assertThat(stdout).contains("submitted it-5");
        final JsonNode body = sentBody(0);
        assertThat(body.at("/payload/command").asText()).isEqualTo("echo hi");
        assertThat(body.get("labels")).hasToString("[\"a\",\"b\"]");
        assertThat(server.requests().get(0).header("Idempotency-Key")).isEqualTo("k-1");
    }

    @Test
    void completeTakesLogLinesFromStdinAndTheCallersRequestId() throws Exception {
        server = new ScriptedServer(request -> Reply.json(200, "{\"itemId\":\"it-6\",\"state\":\"DONE\",\"epoch\":2}"));
        stdin = "first line\nlast line\n";

        assertThat(run("complete", "it-6", "--epoch", "2", "--summary", "ok", "--tag", "ci", "--logs-file", "-",
                "--request-id", "r-6")).isEqualTo(BatonCli.OK);

        assertThat(stdout).contains("it-6").contains("DONE");
        final JsonNode body = sentBody(0);
        assertThat(body.at("/result/logs")).hasToString("[\"first line\",\"last line\"]");
        assertThat(body.at("/result/tags")).hasToString("[\"ci\"]");
        assertThat(server.requests().get(0).header("Idempotency-Key")).isEqualTo("r-6");
    }

    @Test
    void devlogShowsAPostInTheAskedFormatAndPublishesOne() throws Exception {
        final java.util.concurrent.atomic.AtomicInteger publishes = new java.util.concurrent.atomic.AtomicInteger();
        server = new ScriptedServer(request -> request.method().equals("POST")
                ? Reply.json(publishes.incrementAndGet() == 1 ? 201 : 200, "{\"date\":\"2026-03-01\",\"slug\":\"2026-03-01-day\",\"title\":\"A day\","
                        + "\"tags\":[\"baton\"],\"version\":2,\"itemIds\":[\"a\",\"b\"],\"md\":\"# md\",\"mdx\":\"# mdx\"}")
                : new Reply(200, "text/markdown", "---\nslug: x\n---\n# The day\n", Map.of()));

        assertThat(run("devlog", "2026-03-01", "--format", "mdx")).isEqualTo(BatonCli.OK);
        assertThat(stdout).isEqualTo("---\nslug: x\n---\n# The day\n");
        assertThat(server.requests().get(0).path()).isEqualTo("/devlogs/2026-03-01");
        assertThat(server.requests().get(0).query()).isEqualTo("format=mdx");

        assertThat(run("devlog", "publish", "2026-03-01")).isEqualTo(BatonCli.OK);
        assertThat(server.requests().get(1).path()).isEqualTo("/devlogs/2026-03-01/publish");
        assertThat(stdout).contains("published 2026-03-01 (version 2): A day").contains("2026-03-01-day");

        // the same again: the writer answers 200, nothing new was published
        assertThat(run("devlog", "publish", "2026-03-01")).isEqualTo(BatonCli.OK);
        assertThat(stdout).contains("unchanged since its last post: 2026-03-01 (version 2): A day");
    }

    @Test
    void helpListsEveryCommandAndEachCommandsFlags() {
        assertThat(run("help")).isEqualTo(BatonCli.OK);
        assertThat(stdout).contains("submit", "next", "claim", "heartbeat", "complete", "fail", "release", "items",
                "item", "events", "devlog");

        assertThat(run("next", "--help")).isEqualTo(BatonCli.OK);
        assertThat(stdout).contains("--wait SECONDS").contains("Exit status");
    }
}
