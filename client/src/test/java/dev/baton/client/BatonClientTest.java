package dev.baton.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.baton.client.ScriptedServer.Reply;
import dev.baton.contracts.event.ItemEvent.ItemClaimed;
import dev.baton.contracts.event.ItemEvent.ItemSubmitted;
import dev.baton.contracts.event.LifecycleLine;
import dev.baton.contracts.http.InvalidRequest;
import dev.baton.contracts.http.Violation;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.item.ItemSummary;
import dev.baton.contracts.json.Json;
import dev.baton.contracts.reply.Rejection;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client against a scripted server: what it sends, how it retries, and how each answer the
 * services give becomes a result or a typed exception.
 */
@Timeout(30)
class BatonClientTest {

    private static final RetryPolicy FAST =
            new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(10));
    private static final Instant LEASE = Instant.parse("2026-03-01T10:15:30Z");

    private static BatonClient client(ScriptedServer server) {
        return BatonClient.builder()
                .backlog(server.uri())
                .claims(server.uri())
                .writer(server.uri())
                .agent("a1")
                .retry(FAST)
                .build();
    }

    private static String ack(String id, String state, long epoch) {
        return "{\"itemId\":\"" + id + "\",\"state\":\"" + state + "\",\"epoch\":" + epoch + "}";
    }

    @Test
    void aClientWithATokenSendsItOnEveryCallAndClaimsAsItsSubject() throws Exception {
        final String claims = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"sub\":\"agent-from-token\",\"groups\":[\"agent\"]}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        final String token = "eyJhbGciOiJSUzI1NiJ9." + claims + ".c2lnbmF0dXJl";
        try (ScriptedServer server = new ScriptedServer(request -> Reply.status(204))) {
            final BatonClient client = BatonClient.builder()
                    .claims(server.uri())
                    .token(token)
                    .retry(FAST)
                    .build();

            client.next(Next.of("build"));
            client.withAgent("other", "other.token.text").next(Next.of("build"));

            assertThat(client.agent()).isEqualTo("agent-from-token");
            assertThat(server.requests().get(0).header("Authorization")).isEqualTo("Bearer " + token);
            assertThat(server.requests().get(0).body()).contains("\"agent\":\"agent-from-token\"");
            assertThat(server.requests().get(1).header("Authorization")).isEqualTo("Bearer other.token.text");
        }
        assertThatThrownBy(() -> BatonClient.builder().token("two words")).isInstanceOf(IllegalArgumentException.class);
        assertThat(BatonClient.builder()
                        .fromEnvironment(Map.of("BATON_TOKEN", "not-a-jwt", "BATON_AGENT", "named"))
                        .build()
                        .agent())
                .isEqualTo("named");
    }

    @Test
    void retriesAResetAndARefusedConnectionWithTheSameRequestIdUntilTheServiceAnswers() throws Exception {
        // A service that crashes mid-request twice (connections reset), is down for a moment
        // (connections refused), then answers: the client's three or more attempts are one call.
        final List<String> keysSeen = new CopyOnWriteArrayList<>();
        final ServerSocket crashing = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final int port = crashing.getLocalPort();
        final CompletableFuture<ScriptedServer> restarted = CompletableFuture.supplyAsync(() -> {
            try {
                for (int i = 0; i < 2; i++) {
                    try (Socket socket = crashing.accept()) {
                        keysSeen.add(idempotencyKey(readHead(socket.getInputStream())));
                        socket.setSoLinger(true, 0); // close with a reset, like a killed process
                    }
                }
                crashing.close();
                return new ScriptedServer(port, request -> Reply.json(200, ack("it-1", "DONE", 3)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        final List<String> retries = new CopyOnWriteArrayList<>();
        final BatonClient client = BatonClient.builder()
                .claims(java.net.URI.create("http://127.0.0.1:" + port))
                .agent("a1")
                .retry(FAST)
                .onRetry((call, retry, delay, failure) -> retries.add(failure))
                .build();

        final Ack ack = client.complete("it-1", 3, Result.of("built"), "req-42");

        try (ScriptedServer server = restarted.join()) {
            assertThat(ack).isEqualTo(new Ack("it-1", ItemState.DONE, 3L, null));
            assertThat(retries).hasSizeGreaterThanOrEqualTo(2);
            keysSeen.addAll(server.requests().stream()
                    .map(r -> r.header("Idempotency-Key"))
                    .toList());
            assertThat(keysSeen).hasSize(3).containsOnly("req-42");
            assertThat(server.requests()).hasSize(1);
            final JsonNode body =
                    Json.mapper().readTree(server.requests().get(0).body());
            assertThat(body.get("epoch").asLong()).isEqualTo(3);
            assertThat(body.get("agent").asText()).isEqualTo("a1");
            assertThat(body.at("/result/summary").asText()).isEqualTo("built");
        }
    }

    @Test
    void retriesA503WithTheSameRequestIdAndTellsTheListener() throws Exception {
        final AtomicInteger calls = new AtomicInteger();
        try (ScriptedServer server = new ScriptedServer(request -> calls.incrementAndGet() <= 2
                ? Reply.problem(503, "{\"title\":\"engine did not answer\"}").withHeader("Retry-After", "0")
                : Reply.json(200, ack("it-2", "READY", 5)))) {
            final List<Integer> retries = new ArrayList<>();
            final BatonClient client = BatonClient.builder()
                    .claims(server.uri())
                    .agent("a1")
                    .retry(FAST)
                    .onRetry((call, retry, delay, failure) -> retries.add(retry))
                    .build();

            final Ack ack = client.release("it-2", 5, "not mine to do");

            assertThat(ack.state()).isEqualTo(ItemState.READY);
            assertThat(retries).containsExactly(1, 2);
            final List<ScriptedServer.Request> sent = server.requests("POST", "/claims/it-2/release");
            assertThat(sent).hasSize(3);
            assertThat(sent.stream()
                            .map(r -> r.header("Idempotency-Key"))
                            .distinct()
                            .toList())
                    .hasSize(1)
                    .doesNotContainNull();
        }
    }

    @Test
    void eachNewCallHasItsOwnRequestId() throws Exception {
        try (ScriptedServer server = new ScriptedServer(request -> Reply.json(200, ack("it-3", "CLAIMED", 1)))) {
            final BatonClient client = client(server);
            client.heartbeat("it-3", 1, "a", null);
            client.heartbeat("it-3", 1, "b", null);

            assertThat(server.requests().stream()
                            .map(r -> r.header("Idempotency-Key"))
                            .distinct()
                            .toList())
                    .hasSize(2)
                    .doesNotContainNull();
        }
    }

    @Test
    void aClientWithATokenSendsItAsABearerOnEveryCallAndTheOriginalSendsNone() throws Exception {
        try (ScriptedServer server = new ScriptedServer(request -> Reply.json(200, ack("it-4", "CLAIMED", 1)))) {
            final BatonClient plain = client(server);
            final BatonClient forwarding = plain.withToken("eyJ.a-b_c.d");

            forwarding.heartbeat("it-4", 1, null, null);
            plain.heartbeat("it-4", 1, null, null);

            assertThat(server.requests().stream().map(r -> String.valueOf(r.header("Authorization"))))
                    .containsExactly("Bearer eyJ.a-b_c.d", "null");
        }
    }

    @Test
    void aTokenThatCouldSplitTheHeaderIsRefusedBeforeAnyCall() {
        final BatonClient client = BatonClient.builder().build();

        assertThatThrownBy(() -> client.withToken("abc\r\nX-Evil: 1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.withToken(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givesUpWithUnavailableOnceTheDeadlineHasPassed() throws Exception {
        try (ScriptedServer server = new ScriptedServer(request -> Reply.status(503))) {
            final BatonClient client = client(server)
                    .withRetry(new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(400)));
            final long start = System.nanoTime();

            assertThatThrownBy(() -> client.claim("it-4")).isInstanceOfSatisfying(UnavailableException.class, e -> {
                assertThat(e.status()).isEqualTo(503);
                assertThat(e.attempts())
                        .isGreaterThan(1)
                        .isEqualTo(server.requests().size());
            });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aRefusedConnectionWithNoRetryIsUnavailableAtOnce() throws Exception {
        final int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        final BatonClient client = BatonClient.builder()
                .claims(java.net.URI.create("http://127.0.0.1:" + port))
                .retry(RetryPolicy.none())
                .build();

        assertThatThrownBy(() -> client.claim("it-5")).isInstanceOfSatisfying(UnavailableException.class, e -> {
            assertThat(e.status()).isZero();
            assertThat(e.attempts()).isEqualTo(1);
            assertThat(e.getMessage()).contains("connection refused");
        });
    }

    @Test
    void mapsEachRejectionToItsReasonAndFacts() throws Exception {
        final Map<String, Rejection> byItem = new LinkedHashMap<>();
        byItem.put("held", Rejection.alreadyClaimed("held", "a7", LEASE, 4));
        byItem.put("stale", Rejection.staleEpoch("stale", 2, 3));
        byItem.put("other", Rejection.notOwner("other", "a1", 6));
        byItem.put(
                "waiting",
                Rejection.notReady(
                        "waiting", dev.baton.contracts.item.ItemState.WAITING, "backoff until 2026-03-01T10:16:00Z"));
        byItem.put("done", Rejection.terminal("done", dev.baton.contracts.item.ItemState.DONE));
        byItem.put("gone", Rejection.unknownItem("gone"));
        try (ScriptedServer server = new ScriptedServer(request -> {
            final String id = request.path().split("/")[2];
            final var problem = byItem.get(id).problem();
            return Reply.problem(problem.status(), ServiceBodies.json(problem));
        })) {
            final BatonClient client = client(server);

            assertThat(rejection(() -> client.claim("held"))).satisfies(e -> {
                assertThat(e.status()).isEqualTo(409);
                assertThat(e.reason()).isEqualTo(Reason.ALREADY_CLAIMED);
                assertThat(e.owner()).isEqualTo("a7");
                assertThat(e.leaseUntil()).isEqualTo(LEASE);
                assertThat(e.epoch()).isEqualTo(4L);
                assertThat(e.itemId()).isEqualTo("held");
            });
            assertThat(rejection(() -> client.complete("stale", 2, Result.of("x"))))
                    .satisfies(e -> {
                        assertThat(e.reason()).isEqualTo(Reason.STALE_EPOCH);
                        assertThat(e.epoch()).isEqualTo(3L);
                        assertThat(e.reason().leaseLost()).isTrue();
                    });
            assertThat(rejection(() -> client.heartbeat("other", 6, null, null)).reason())
                    .isEqualTo(Reason.NOT_OWNER);
            assertThat(rejection(() -> client.claim("waiting"))).satisfies(e -> {
                assertThat(e.reason()).isEqualTo(Reason.NOT_READY);
                assertThat(e.state()).isEqualTo(ItemState.WAITING);
                assertThat(e.detail()).contains("backoff until");
                assertThat(e.reason().leaseLost()).isFalse();
            });
            assertThat(rejection(() -> client.fail("done", 1, "boom", true))).satisfies(e -> {
                assertThat(e.reason()).isEqualTo(Reason.TERMINAL);
                assertThat(e.state()).isEqualTo(ItemState.DONE);
            });
            assertThat(rejection(() -> client.release("gone", 1, null))).satisfies(e -> {
                assertThat(e.status()).isEqualTo(404);
                assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_ITEM);
            });
            // A rejection is an answer: asked once each, never retried.
            assertThat(server.requests()).hasSize(6);
        }
    }

    @Test
    void aNotFoundWithoutAReasonIsRejectedUnderTheProblemsName() throws Exception {
        try (ScriptedServer server = new ScriptedServer(request -> Reply.problem(
                404,
                "{\"type\":\"https://baton.dev/problems/no-material\",\"title\":\"No material\",\"status\":404}"))) {
            final RejectedException e = rejection(() -> client(server).devlog(java.time.LocalDate.of(2026, 3, 1)));

            assertThat(e.reason()).isEqualTo(Reason.OTHER);
            assertThat(e.reasonName()).isEqualTo("NO_MATERIAL");
        }
    }

    @Test
    void mapsA400ToAnInvalidRequestNamingTheField() throws Exception {
        final var problem = new InvalidRequest(List.of(
                        new Violation("leaseSeconds", "must be between 1 and 86400"),
                        new Violation("types", "must be an array")))
                .problem();
        try (ScriptedServer server = new ScriptedServer(request -> Reply.problem(400, ServiceBodies.json(problem)))) {
            assertThatThrownBy(() -> client(server).next(Next.of("build").leaseSeconds(0)))
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.field()).isEqualTo("leaseSeconds");
                        assertThat(e.violations())
                                .extracting(InvalidRequestException.Violation::field)
                                .containsExactly("leaseSeconds", "types");
                        assertThat(e.getMessage()).contains("must be between 1 and 86400");
                    });
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    void aServerErrorIsUnexpectedAndNotRetried() throws Exception {
        try (ScriptedServer server = new ScriptedServer(request -> Reply.json(500, "{\"detail\":\"boom\"}"))) {
            assertThatThrownBy(() -> client(server).item("it-6"))
                    .isInstanceOfSatisfying(UnexpectedResponseException.class, e -> {
                        assertThat(e.status()).isEqualTo(500);
                        assertThat(e.getMessage()).contains("boom");
                    });
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    void nextSendsWhatToClaimAndReadsTheGrants() throws Exception {
        final var payload = JsonNodeFactory.instance.objectNode().put("command", "make");
        final var grant = new dev.baton.contracts.reply.Grant(
                "it-7",
                2,
                LEASE,
                new dev.baton.contracts.reply.Grant.Work("build", "Build it", payload, 5, List.of("ci"), 2));
        try (ScriptedServer server = new ScriptedServer(request -> Reply.json(200, ServiceBodies.claims(grant)))) {
            final List<Grant> grants = client(server)
                    .next(Next.of("build", "test").max(3).leaseSeconds(90).waitSeconds(0));

            assertThat(grants)
                    .containsExactly(new Grant(
                            "it-7", 2, LEASE, new Grant.Work("build", "Build it", payload, 5, List.of("ci"), 2)));
            final JsonNode body =
                    Json.mapper().readTree(server.requests().get(0).body());
            assertThat(body.get("agent").asText()).isEqualTo("a1");
            assertThat(body.get("types")).hasToString("[\"build\",\"test\"]");
            assertThat(body.get("max").asInt()).isEqualTo(3);
            assertThat(body.get("leaseSeconds").asInt()).isEqualTo(90);
            assertThat(body.get("waitSeconds").asInt()).isZero();
        }
    }

    @Test
    void nextAnswersNothingWhenTheServiceHasNothing() throws Exception {
        try (ScriptedServer server = new ScriptedServer(request -> Reply.status(204))) {
            assertThat(client(server).next(Next.of())).isEmpty();
        }
    }

    @Test
    void aLongPollMayTakeItsWaitBeyondTheRequestTimeout() throws Exception {
        // The service holds the poll longer than one request may take; the wait extends the timeout.
        try (ScriptedServer server = new ScriptedServer(request -> {
            Thread.sleep(1_500); // the service's long poll, not a synchronisation
            return Reply.status(204);
        })) {
            final BatonClient client = BatonClient.builder()
                    .claims(server.uri())
                    .retry(FAST)
                    .requestTimeout(Duration.ofSeconds(1))
                    .build();

            assertThat(client.next(Next.of().waitSeconds(2))).isEmpty();
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    void submitAlwaysCarriesAKeySoARetryMakesOneItem() throws Exception {
        final AtomicInteger calls = new AtomicInteger();
        try (ScriptedServer server = new ScriptedServer(request -> {
            if (request.path().equals("/items/batch")) {
                final JsonNode items = Json.mapper().readTree(request.body());
                return Reply.json(
                        200,
                        "{\"results\":[{\"index\":0,\"status\":201,\"item\":{\"id\":\""
                                + items.get(0).get("idempotencyKey").asText() + "\",\"state\":\"READY\"}},"
                                + "{\"index\":1,\"status\":400,\"problem\":{\"field\":\"items[1].title\","
                                + "\"detail\":\"title is required\"}}]}");
            }
            return calls.incrementAndGet() == 1
                    ? Reply.status(503)
                    : Reply.json(201, "{\"id\":\"it-8\",\"state\":\"READY\",\"type\":\"build\",\"title\":\"B\"}");
        })) {
            final BatonClient client = client(server);

            final ItemView item = client.submit(NewItem.of("build", "B")
                    .payload(Map.of("command", "make"))
                    .priority(3)
                    .labels(List.of("ci")));
            final List<SubmitResult> results = client.submitBatch(
                    List.of(NewItem.of("build", "one"), NewItem.of("build", "").idempotencyKey("mine")));

            assertThat(item.id()).isEqualTo("it-8");
            final List<ScriptedServer.Request> submits = server.requests("POST", "/items");
            assertThat(submits).hasSize(2);
            assertThat(submits.get(0).header("Idempotency-Key"))
                    .isNotNull()
                    .isEqualTo(submits.get(1).header("Idempotency-Key"));
            final JsonNode sent = Json.mapper().readTree(submits.get(0).body());
            assertThat(sent.at("/payload/command").asText()).isEqualTo("make");
            assertThat(sent.get("priority").asInt()).isEqualTo(3);

            final JsonNode batch = Json.mapper()
                    .readTree(server.requests("POST", "/items/batch").get(0).body());
            assertThat(batch.get(0).get("idempotencyKey").asText()).isNotBlank();
            assertThat(batch.get(1).get("idempotencyKey").asText()).isEqualTo("mine");
            assertThat(results).hasSize(2);
            assertThat(results.get(0).accepted()).isTrue();
            assertThat(results.get(0).item().id())
                    .isEqualTo(batch.get(0).get("idempotencyKey").asText());
            assertThat(results.get(1).accepted()).isFalse();
            assertThat(results.get(1).field()).isEqualTo("items[1].title");
        }
    }

    @Test
    void readsAnItemsHistory() throws Exception {
        final var spec = new ItemSpec("build", "Build it", null, 0, List.of(), 3, null, null, List.of());
        final var submitted =
                new ItemSubmitted("it-9", LEASE.minusSeconds(60), dev.baton.contracts.item.ItemState.READY, spec, "r1");
        final var claimed = new ItemClaimed(
                "it-9",
                LEASE.minusSeconds(30),
                dev.baton.contracts.item.ItemState.CLAIMED,
                "a7",
                1,
                LEASE,
                1,
                ItemSummary.of(spec));
        final List<Map<String, Object>> events = new ArrayList<>();
        for (var event : List.of(submitted, claimed)) {
            final Map<String, Object> body = new LinkedHashMap<>();
            body.put("event", event.getClass().getSimpleName());
            body.put("line", LifecycleLine.of(event));
            body.putAll(Json.mapper().convertValue(event, Map.class));
            events.add(body);
        }
        try (ScriptedServer server = new ScriptedServer(
                request -> Reply.json(200, ServiceBodies.json(Map.of("id", "it-9", "events", events))))) {
            final List<ItemEvent> history = client(server).events("it-9");

            assertThat(history).extracting(ItemEvent::event).containsExactly("ItemSubmitted", "ItemClaimed");
            assertThat(history.get(1).line()).isEqualTo(LifecycleLine.of(claimed));
            assertThat(history.get(1).agent()).isEqualTo("a7");
            assertThat(history.get(1).epoch()).isEqualTo(1L);
            assertThat(history.get(1).state()).isEqualTo(ItemState.CLAIMED);
            assertThat(history.get(0).at()).isEqualTo(LEASE.minusSeconds(60));
        }
    }

    @Test
    void listsItemsWithTheFiltersInTheQuery() throws Exception {
        try (ScriptedServer server = new ScriptedServer(request -> Reply.json(
                200, "{\"items\":[{\"id\":\"a\",\"state\":\"CLAIMED\",\"owner\":\"a 7\"}],\"nextCursor\":\"a\"}"))) {
            final ItemPage page = client(server)
                    .items(ItemQuery.all().state(ItemState.CLAIMED).owner("a 7").limit(1));

            assertThat(page.items()).extracting(ItemView::id).containsExactly("a");
            assertThat(page.nextCursor()).isEqualTo("a");
            assertThat(server.requests().get(0).query()).isEqualTo("state=CLAIMED&owner=a%207&limit=1");
        }
    }

    @Test
    void takesTheServicesFromTheEnvironment() {
        final BatonClient client = BatonClient.builder()
                .fromEnvironment(Map.of(
                        "BATON_BACKLOG_URL",
                        "http://backlog.example:9000",
                        "BATON_CLAIM_PORT",
                        "18081",
                        "BATON_AGENT",
                        "envy"))
                .build();

        assertThat(client.backlogUri()).hasToString("http://backlog.example:9000");
        assertThat(client.claimsUri()).hasToString("http://127.0.0.1:18081");
        assertThat(client.writerUri()).hasToString("http://127.0.0.1:8082");
        assertThat(client.agent()).isEqualTo("envy");
        assertThatThrownBy(() -> BatonClient.builder().fromEnvironment(Map.of("BATON_WRITER_PORT", "80a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BATON_WRITER_PORT");
    }

    private static RejectedException rejection(Runnable call) {
        try {
            call.run();
        } catch (RejectedException e) {
            return e;
        }
        throw new AssertionError("expected a rejection");
    }

    private static String readHead(InputStream in) throws IOException {
        final StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            head.append((char) c);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return head.toString();
    }

    private static String idempotencyKey(String head) {
        return head.lines()
                .filter(line -> line.toLowerCase(java.util.Locale.ROOT).startsWith("idempotency-key:"))
                .map(line -> line.substring(line.indexOf(':') + 1).strip())
                .findFirst()
                .orElse(null);
    }

    @Test
    void aBatchOfCompletionsIsOneCallAndEachItemIsAnsweredAsItsSingleCallWouldBe() throws Exception {
        try (ScriptedServer server = new ScriptedServer(request -> Reply.json(
                200,
                "{\"results\":[{\"index\":0,\"itemId\":\"it-1\",\"requestId\":\"k#it-1\",\"status\":200,"
                        + "\"accepted\":" + ack("it-1", "DONE", 3) + "},"
                        + "{\"index\":1,\"itemId\":\"it-2\",\"requestId\":\"k#it-2\",\"status\":409,\"problem\":"
                        + ServiceBodies.json(Rejection.staleEpoch("it-2", 1, 2).problem()) + "}]}"))) {

            final List<HeldResult> results = client(server)
                    .completeAll(
                            List.of(
                                    new Held.Completion("it-1", 3, Result.of("built")),
                                    new Held.Completion("it-2", 1, null)),
                            "k");

            final ScriptedServer.Request sent = server.requests().get(0);
            assertThat(sent.path()).isEqualTo("/batches/completions");
            assertThat(sent.header("Idempotency-Key")).isEqualTo("k");
            final JsonNode body = Json.mapper().readTree(sent.body());
            assertThat(body.path("agent").asText()).isEqualTo("a1");
            assertThat(body.at("/items/0/result/summary").asText()).isEqualTo("built");
            assertThat(body.at("/items/1/epoch").asLong()).isEqualTo(1);
            assertThat(results).extracting(HeldResult::accepted).containsExactly(true, false);
            assertThat(results.get(0).ack().state()).isEqualTo(ItemState.DONE);
            assertThat(results.get(1).refusal().reason()).isEqualTo(Reason.STALE_EPOCH);
            assertThat(results.get(1).refusal().epoch()).isEqualTo(2);
            assertThat(results.get(1).requestId()).isEqualTo("k#it-2");
        }
    }
}
