package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.time.Duration;
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
    private boolean tty;
    private ByteArrayOutputStream errSoFar;
    private final Map<String, String> moreEnv = new java.util.HashMap<>();

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dataDir;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    private int run(String... argv) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        errSoFar = err;
        final String base = server == null ? "http://127.0.0.1:1" : server.uri().toString();
        final int code = new BatonCli(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                        env(base),
                        tty)
                .run(Arrays.asList(argv));
        stdout = out.toString(StandardCharsets.UTF_8);
        stderr = err.toString(StandardCharsets.UTF_8);
        return code;
    }

    private Map<String, String> env(String base) {
        final Map<String, String> env = new java.util.HashMap<>(Map.of(
                "BATON_BACKLOG_URL",
                base,
                "BATON_CLAIM_URL",
                base,
                "BATON_WRITER_URL",
                base,
                "BATON_AGENT",
                "cli-1",
                "BATON_RETRY_DEADLINE",
                "2",
                "BATON_DATA_DIR",
                dataDir.toString()));
        env.putAll(moreEnv);
        env.values().removeIf(java.util.Objects::isNull);
        return env;
    }

    /** The claims of a token, unverified (the services verify it; here only what it says matters). */
    private static JsonNode claimsOf(String token) throws Exception {
        return Json.mapper()
                .readTree(java.util.Base64.getUrlDecoder().decode(token.strip().split("\\.")[1]));
    }

    @Test
    void tokenPrintsATokenOfTheStackForTheSubjectAndRolesAsked() throws Exception {
        dev.baton.identity.LocalIdentity.ensure(dataDir);

        assertThat(run("token", "--subject", "alice", "--role", "agent,reader", "--ttl", "30m"))
                .isEqualTo(BatonCli.OK);

        final JsonNode claims = claimsOf(stdout);
        assertThat(claims.get("sub").asText()).isEqualTo("alice");
        assertThat(claims.get("groups")).hasToString("[\"agent\",\"reader\"]");
        assertThat(claims.get("iss").asText()).isEqualTo("baton-local");
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(1800);
    }

    @Test
    void tokenRefusesAnUnknownRoleABadLifetimeAndAFolderWithoutAKeyPair() {
        assertThat(run("token", "--subject", "alice", "--role", "agent")).isEqualTo(BatonCli.ERROR);
        assertThat(stderr).contains("no key pair in").contains("./baton up");
        dev.baton.identity.LocalIdentity.ensure(dataDir);

        assertThat(run("token", "--subject", "alice", "--role", "admin")).isEqualTo(BatonCli.INVALID);
        assertThat(stderr).contains("no such role 'admin'");
        assertThat(run("token", "--subject", "alice", "--role", "agent", "--ttl", "forever"))
                .isEqualTo(BatonCli.INVALID);
        assertThat(stderr).contains("--ttl");
    }

    @Test
    void onALocalStackEveryCallCarriesATokenMintedForTheAgentAndBatonTokenWinsWhenSet() throws Exception {
        dev.baton.identity.LocalIdentity.ensure(dataDir);
        server = new ScriptedServer(request -> Reply.status(204));

        run("next");
        moreEnv.put("BATON_TOKEN", "given.token.text");
        run("next");

        final String minted = server.requests().get(0).header("Authorization");
        assertThat(minted).startsWith("Bearer ");
        assertThat(claimsOf(minted.substring(7)).get("sub").asText()).isEqualTo("cli-1");
        assertThat(server.requests().get(1).header("Authorization")).isEqualTo("Bearer given.token.text");
    }

    private JsonNode sentBody(int index) throws Exception {
        return Json.mapper().readTree(server.requests().get(index).body());
    }

    @Test
    void nextPrintsWhatItClaimedAndExitsZero() throws Exception {
        final var payload = JsonNodeFactory.instance.objectNode().put("command", "make test");
        server = new ScriptedServer(request -> Reply.json(
                200,
                ServiceBodies.claims(
                        new Grant("it-1", 4, LEASE, new Grant.Work("build", "Build it", payload, 0, List.of(), 2)))));

        assertThat(run("next", "--type", "build,test", "--wait", "5", "--lease", "60"))
                .isEqualTo(BatonCli.OK);

        assertThat(stdout)
                .contains("it-1")
                .contains("2026-03-01T10:15:30Z")
                .contains("make test")
                .contains("Build it");
        final JsonNode body = sentBody(0);
        assertThat(body.get("agent").asText()).isEqualTo("cli-1");
        assertThat(body.get("types")).hasToString("[\"build\",\"test\"]");
        assertThat(body.get("waitSeconds").asInt()).isEqualTo(5);
        assertThat(body.get("leaseSeconds").asInt()).isEqualTo(60);
    }

    @Test
    void aTitleWithTerminalEscapesIsPrintedAsTextNotObeyed() throws Exception {
        // given: an item whose title carries an escape sequence and a bell
        server = new ScriptedServer(request -> Reply.json(
                200,
                ServiceBodies.claims(new Grant(
                        "it-2",
                        1,
                        LEASE,
                        new Grant.Work("build", "\u001b[2J\u001b[31mred\u0007", null, 0, List.of(), 1)))));

        // when
        assertThat(run("next", "--type", "build")).isEqualTo(BatonCli.OK);

        // then
        assertThat(stdout).doesNotContain("\u001b", "\u0007").contains("\\u001b[2J\\u001b[31mred\\u0007");
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
        server = new ScriptedServer(request -> Reply.problem(
                409, ServiceBodies.json(Rejection.staleEpoch("it-2", 1, 2).problem())));

        assertThat(run("complete", "it-2", "--epoch", "1", "--summary", "late", "--json"))
                .isEqualTo(BatonCli.REJECTED);

        final JsonNode problem = Json.mapper().readTree(stdout);
        assertThat(problem.get("reason").asText()).isEqualTo("STALE_EPOCH");
        assertThat(problem.get("epoch").asLong()).isEqualTo(2);
        assertThat(stderr).contains("STALE_EPOCH").contains("it-2");
    }

    @Test
    void aRequestTheServiceRefusesAsInvalidExitsTwoNamingTheFlag() throws Exception {
        server = new ScriptedServer(request -> Reply.problem(
                400, ServiceBodies.json(new InvalidRequest("leaseSeconds", "must be between 1 and 86400").problem())));

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
        server = new ScriptedServer(request ->
                Reply.json(201, "{\"id\":\"it-5\",\"state\":\"READY\",\"type\":\"shell\",\"title\":\"hi\"}"));

        assertThat(run(
                        "submit",
                        "--type",
                        "shell",
                        "--title",
                        "hi",
                        "--command",
                        "echo hi",
                        "--label",
                        "a,b",
                        "--key",
                        "k-1"))
                .isEqualTo(BatonCli.OK);

        assertThat(stdout).contains("submitted it-5");
        final JsonNode body = sentBody(0);
        assertThat(body.at("/payload/command").asText()).isEqualTo("echo hi");
        assertThat(body.get("labels")).hasToString("[\"a\",\"b\"]");
        assertThat(server.requests().get(0).header("Idempotency-Key")).isEqualTo("k-1");
    }

    @Test
    void severalItemsNamedIdAtEpochAreCompletedInOneCallAndARefusedOneExitsFour() throws Exception {
        server = new ScriptedServer(request -> Reply.json(
                200,
                "{\"results\":[{\"index\":0,\"itemId\":\"it-1\",\"requestId\":\"r-9#it-1\",\"status\":200,"
                        + "\"accepted\":{\"itemId\":\"it-1\",\"state\":\"DONE\",\"epoch\":3}},"
                        + "{\"index\":1,\"itemId\":\"it-2\",\"requestId\":\"r-9#it-2\",\"status\":409,\"problem\":"
                        + ServiceBodies.json(Rejection.staleEpoch("it-2", 1, 2).problem()) + "}]}"));

        final int code = run("complete", "it-1@3", "it-2@1", "--summary", "ok", "--request-id", "r-9");

        assertThat(code).isEqualTo(BatonCli.REJECTED);
        assertThat(server.requests()).hasSize(1);
        assertThat(server.requests().get(0).path()).isEqualTo("/batches/completions");
        assertThat(server.requests().get(0).header("Idempotency-Key")).isEqualTo("r-9");
        final JsonNode body = sentBody(0);
        assertThat(body.at("/items/0/itemId").asText()).isEqualTo("it-1");
        assertThat(body.at("/items/0/epoch").asLong()).isEqualTo(3);
        assertThat(body.at("/items/1/result/summary").asText()).isEqualTo("ok");
        assertThat(stdout.lines().toList()).hasSize(2);
        assertThat(stdout.lines().toList().get(0)).contains("it-1").contains("DONE");
        assertThat(stdout.lines().toList().get(1)).contains("it-2").contains("refused STALE_EPOCH");
    }

    @Test
    void severalItemsMustEachNameTheirEpoch() throws Exception {
        server = new ScriptedServer(request -> Reply.status(500));

        assertThat(run("release", "it-1", "it-2", "--epoch", "1")).isEqualTo(BatonCli.INVALID);
        assertThat(stderr).contains("ID@EPOCH").contains("./baton help release");
        assertThat(run("release", "it-1@x")).isEqualTo(BatonCli.INVALID);
        assertThat(stderr).contains("it-1@x");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void completeTakesLogLinesFromStdinAndTheCallersRequestId() throws Exception {
        server = new ScriptedServer(request -> Reply.json(200, "{\"itemId\":\"it-6\",\"state\":\"DONE\",\"epoch\":2}"));
        stdin = "first line\nlast line\n";

        assertThat(run(
                        "complete",
                        "it-6",
                        "--epoch",
                        "2",
                        "--summary",
                        "ok",
                        "--tag",
                        "ci",
                        "--logs-file",
                        "-",
                        "--request-id",
                        "r-6"))
                .isEqualTo(BatonCli.OK);

        assertThat(stdout).contains("it-6").contains("DONE");
        final JsonNode body = sentBody(0);
        assertThat(body.at("/result/logs")).hasToString("[\"first line\",\"last line\"]");
        assertThat(body.at("/result/tags")).hasToString("[\"ci\"]");
        assertThat(server.requests().get(0).header("Idempotency-Key")).isEqualTo("r-6");
    }

    @Test
    void withSeveralClaimServiceInstancesACallTheFirstDoesNotAnswerIsMadeOnTheNextWithTheSameRequestId()
            throws Exception {
        server = new ScriptedServer(request -> Reply.json(200, "{\"itemId\":\"it-7\",\"state\":\"DONE\",\"epoch\":2}"));
        final int closed;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = free.getLocalPort();
        }

        assertThat(run(
                        "complete",
                        "it-7",
                        "--epoch",
                        "2",
                        "--claims",
                        "http://127.0.0.1:" + closed + "," + server.uri(),
                        "--retry-deadline",
                        "0",
                        "--request-id",
                        "r-7"))
                .isEqualTo(BatonCli.OK);

        assertThat(stdout).contains("it-7").contains("DONE");
        assertThat(server.requests())
                .singleElement()
                .satisfies(
                        request -> assertThat(request.header("Idempotency-Key")).isEqualTo("r-7"));
    }

    @Test
    void theServicesInstancesComeFromTheEnvironmentCommaSeparated() throws Exception {
        server = new ScriptedServer(request -> Reply.json(200, "{\"items\":[],\"nextCursor\":null}"));
        final int closed;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = free.getLocalPort();
        }
        moreEnv.put("BATON_BACKLOG_URL", "http://127.0.0.1:" + closed + "," + server.uri());

        assertThat(run("items", "--retry-deadline", "0")).isEqualTo(BatonCli.OK);

        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void withNothingSetTheInstancesOfALocalStackAreReadFromItsDataFolder() throws Exception {
        server = new ScriptedServer(request -> Reply.json(200, "{\"itemId\":\"it-9\",\"state\":\"DONE\",\"epoch\":2}"));
        final int closed;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = free.getLocalPort();
        }
        java.nio.file.Files.writeString(
                dataDir.resolve("instances.properties"),
                "BATON_CLAIM_URL=http://127.0.0.1:" + closed + "," + server.uri() + "\n");
        moreEnv.put("BATON_CLAIM_URL", null);

        assertThat(run("complete", "it-9", "--epoch", "2", "--retry-deadline", "0"))
                .isEqualTo(BatonCli.OK);

        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void devlogShowsAPostInTheAskedFormatAndPublishesOne() throws Exception {
        final java.util.concurrent.atomic.AtomicInteger publishes = new java.util.concurrent.atomic.AtomicInteger();
        server = new ScriptedServer(request -> request.method().equals("POST")
                ? Reply.json(
                        publishes.incrementAndGet() == 1 ? 201 : 200,
                        "{\"date\":\"2026-03-01\",\"slug\":\"2026-03-01-day\",\"title\":\"A day\","
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
        assertThat(stdout)
                .contains(
                        "submit",
                        "next",
                        "claim",
                        "heartbeat",
                        "complete",
                        "fail",
                        "release",
                        "items",
                        "item",
                        "events",
                        "devlog");

        assertThat(run("next", "--help")).isEqualTo(BatonCli.OK);
        assertThat(stdout).contains("--wait SECONDS").contains("Exit status");
    }

    /** Every flag each command took before it moved to picocli, by the names it was given. */
    private static final Map<String, List<String>> FLAGS = Map.ofEntries(
            Map.entry(
                    "submit",
                    List.of(
                            "--type",
                            "--title",
                            "--payload",
                            "--payload-file",
                            "--command",
                            "--priority",
                            "--label",
                            "--max-attempts",
                            "--lease",
                            "--not-before",
                            "--depends-on",
                            "--key",
                            "--batch")),
            Map.entry("next", List.of("--type", "--max", "--lease", "--wait", "--request-id")),
            Map.entry("claim", List.of("--lease", "--request-id")),
            Map.entry("heartbeat", List.of("--epoch", "--progress", "--lease", "--request-id")),
            Map.entry(
                    "complete",
                    List.of("--epoch", "--summary", "--notes", "--tag", "--log", "--logs-file", "--request-id")),
            Map.entry("fail", List.of("--epoch", "--error", "--no-retry", "--request-id")),
            Map.entry("release", List.of("--epoch", "--reason", "--request-id")),
            Map.entry("items", List.of("--state", "--type", "--label", "--owner", "--limit", "--cursor", "--all")),
            Map.entry("item", List.of("--min-epoch", "--state", "--wait")),
            Map.entry("events", List.of()),
            Map.entry("cancel", List.of("--reason")),
            Map.entry("redrive", List.of()),
            Map.entry("devlog", List.of("--format")));

    private static final List<String> EVERY_COMMAND = List.of(
            "--json",
            "--backlog URL",
            "--claims URL",
            "--writer URL",
            "--agent NAME",
            "--timeout SECONDS",
            "--retry-deadline SECONDS",
            "--help",
            "BATON_BACKLOG_URL",
            "BATON_BACKLOG_PORT",
            "BATON_CLAIM_URL",
            "BATON_CLAIM_PORT",
            "BATON_WRITER_URL",
            "BATON_WRITER_PORT",
            "BATON_AGENT",
            "BATON_RETRY_DEADLINE",
            "Exit status");

    @Test
    void helpOfEachCommandDocumentsEveryFlagItTakesAndTheOnesEveryCommandTakes() {
        for (Map.Entry<String, List<String>> command : FLAGS.entrySet()) {
            assertThat(run("help", command.getKey())).as(command.getKey()).isEqualTo(BatonCli.OK);

            assertThat(stdout)
                    .as(command.getKey())
                    .startsWith("Usage: ./baton " + command.getKey())
                    .contains(EVERY_COMMAND);
            command.getValue()
                    .forEach(flag -> assertThat(stdout).as(command.getKey()).contains(flag + " "));
        }
    }

    @Test
    void everyCommandIsListedInTheTopLevelHelpWithTheFlagsEveryCommandTakes() {
        assertThat(run("--help")).isEqualTo(BatonCli.OK);

        assertThat(stdout)
                .contains(FLAGS.keySet())
                .contains("cancel", "redrive")
                .contains(EVERY_COMMAND);
    }

    @Test
    void noCommandPrintsTheUsageOnStderrAndExitsTwo() {
        assertThat(run()).isEqualTo(BatonCli.INVALID);

        assertThat(stdout).isEmpty();
        assertThat(stderr).contains("Usage: ./baton <command>").contains("devlog");
    }

    @Test
    void anUnknownCommandExitsTwoNamingIt() throws Exception {
        server = new ScriptedServer(request -> Reply.status(500));

        assertThat(run("frobnicate", "--json")).isEqualTo(BatonCli.INVALID);
        assertThat(stderr).contains("unknown command: frobnicate").contains("./baton help");

        assertThat(run("help", "frobnicate")).isEqualTo(BatonCli.INVALID);
        assertThat(stderr).contains("unknown command: frobnicate");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aUsageErrorNamesTheFlagAndTheCommandsHelp() throws Exception {
        server = new ScriptedServer(request -> Reply.status(500));

        assertThat(run("heartbeat", "it-4")).isEqualTo(BatonCli.INVALID);
        assertThat(stderr).contains("--epoch").contains("./baton help heartbeat");

        assertThat(run("heartbeat", "it-4", "--epoch", "three")).isEqualTo(BatonCli.INVALID);
        assertThat(stderr).contains("--epoch").contains("three");

        assertThat(run("next", "--wiat", "5")).isEqualTo(BatonCli.INVALID);
        assertThat(stderr).contains("--wiat").contains("./baton help next");

        assertThat(run("items", "--state", "FINISHED")).isEqualTo(BatonCli.INVALID);
        assertThat(stderr).contains("--state").contains("FINISHED").contains("READY");

        assertThat(run("claim", "it-5", "--lease", "5", "--lease", "6")).isEqualTo(BatonCli.INVALID);
        assertThat(stderr).contains("--lease");

        assertThat(run("claim")).isEqualTo(BatonCli.INVALID);
        assertThat(stderr).contains("ITEM");

        assertThat(run("events", "it-5", "it-6")).isEqualTo(BatonCli.INVALID);
        assertThat(stderr).contains("it-6");

        assertThat(run("submit", "--title", "x")).isEqualTo(BatonCli.INVALID);
        assertThat(stderr).contains("--type");

        assertThat(run("submit", "--batch", "-", "--type", "t")).isEqualTo(BatonCli.INVALID);
        assertThat(stderr).contains("--type");

        assertThat(run("items", "--retry-deadline", "-1")).isEqualTo(BatonCli.INVALID);
        assertThat(stderr).contains("--retry-deadline");

        assertThat(run("item", "it-5", "--wait", "3")).isEqualTo(BatonCli.INVALID);
        assertThat(stderr).contains("--wait");

        assertThat(run("fail", "it-5", "--epoch", "1", "--no-retry=yes")).isEqualTo(BatonCli.INVALID);
        assertThat(stderr).contains("--no-retry");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void devlogTakesPublishOnlyAsItsFirstWord() throws Exception {
        server = new ScriptedServer(request -> Reply.status(500));

        assertThat(run("devlog", "2026-03-01", "publish")).isEqualTo(BatonCli.INVALID);
        assertThat(stderr).contains("unexpected 'publish'");

        assertThat(run("devlog", "publish", "2026-03-01", "--format", "md")).isEqualTo(BatonCli.INVALID);
        assertThat(stderr).contains("--format");

        assertThat(run("devlog", "--format", "mdx")).isEqualTo(BatonCli.INVALID);
        assertThat(stderr).contains("--format needs a DATE");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void helpWinsOverAMistakeNextToIt() {
        assertThat(run("next", "--wiat", "5", "-h")).isEqualTo(BatonCli.OK);

        assertThat(stdout).startsWith("Usage: ./baton next").contains("--wait SECONDS");
        assertThat(stderr).isEmpty();
    }

    @Test
    void aFlagTakesItsValueAfterAnEqualsSignOrASpaceEvenWhenTheValueLooksLikeAFlag() throws Exception {
        server = new ScriptedServer(request ->
                Reply.json(201, "{\"id\":\"it-7\",\"state\":\"READY\",\"type\":\"shell\",\"title\":\"--json\"}"));

        assertThat(run("submit", "--type=shell", "--title", "--json", "--priority=-2"))
                .isEqualTo(BatonCli.OK);

        assertThat(stdout).startsWith("submitted it-7");
        final JsonNode body = sentBody(0);
        assertThat(body.get("type").asText()).isEqualTo("shell");
        assertThat(body.get("title").asText()).isEqualTo("--json");
        assertThat(body.get("priority").asInt()).isEqualTo(-2);
    }

    @Test
    void aRequestRefusedAsInvalidPrintsTheProblemAsJson() throws Exception {
        server = new ScriptedServer(request -> Reply.problem(
                400, ServiceBodies.json(new InvalidRequest("waitSeconds", "must be between 0 and 60").problem())));

        assertThat(run("next", "--wait", "61", "--json")).isEqualTo(BatonCli.INVALID);

        final JsonNode problem = Json.mapper().readTree(stdout);
        assertThat(problem.get("field").asText()).isEqualTo("waitSeconds");
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(stderr).contains("--wait");
    }

    @Test
    void aCallWithNoAnswerNamesItsRequestIdToAskAgainWith() throws Exception {
        final int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }

        assertThat(run(
                        "complete",
                        "it-8",
                        "--epoch",
                        "3",
                        "--claims",
                        "http://127.0.0.1:" + port,
                        "--retry-deadline",
                        "0",
                        "--request-id",
                        "r-8"))
                .isEqualTo(BatonCli.ERROR);

        assertThat(stderr).contains("connection refused").contains("repeat it with --request-id r-8");
    }

    @Test
    void nextWaitingOnATerminalDrawsASpinnerAndClearsItBeforeTheAnswer() throws Exception {
        tty = true;
        server = new ScriptedServer(request -> {
            // Answer only once the spinner is on the screen: the wait is what it is for.
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> errSoFar.toString(StandardCharsets.UTF_8).contains("waiting for work (build)"));
            return Reply.status(204);
        });

        assertThat(run("next", "--type", "build", "--wait", "5")).isEqualTo(BatonCli.NOTHING);

        assertThat(stderr)
                .contains("\r")
                .contains("waiting for work (build)")
                .endsWith("\r\033[K" + "nothing ready within 5s" + System.lineSeparator());
    }

    @Test
    void nextWaitingWithoutATerminalPrintsNoSpinner() throws Exception {
        server = new ScriptedServer(request -> Reply.status(204));

        assertThat(run("next", "--type", "build", "--wait", "5")).isEqualTo(BatonCli.NOTHING);

        assertThat(stderr).doesNotContain("\r").doesNotContain("waiting");
    }
}
