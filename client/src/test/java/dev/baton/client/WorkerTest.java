package dev.baton.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.baton.client.ScriptedServer.Reply;
import dev.baton.contracts.json.Json;
import dev.baton.contracts.reply.Rejection;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The worker loop against a scripted claim API that hands out the grants a test puts in. */
@Timeout(30)
class WorkerTest {

    private static final Duration SOON = Duration.ofSeconds(10);
    private static final RetryPolicy FAST =
            new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(5));

    private final BlockingQueue<String> ready = new LinkedBlockingQueue<>();
    private volatile Function<ScriptedServer.Request, Reply> heartbeats = request -> ok(request, "CLAIMED");
    private ScriptedServer server;
    private BatonClient client;
    private Worker worker;

    @BeforeEach
    void start() throws IOException {
        server = new ScriptedServer(this::answer);
        client = BatonClient.builder()
                .claims(server.uri())
                .agent("w1")
                .retry(FAST)
                .build();
    }

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.stop(Duration.ofSeconds(5));
        }
        server.close();
    }

    /** Claim-next hands out what the test put in {@code ready}, waiting like a long poll; holder calls answer 200. */
    private Reply answer(ScriptedServer.Request request) throws Exception {
        final String[] path = request.path().split("/");
        if (request.path().equals("/claims/next")) {
            final JsonNode body = Json.mapper().readTree(request.body());
            final String id = ready.poll(body.path("waitSeconds").asInt(), TimeUnit.SECONDS);
            if (id == null) {
                return Reply.status(204);
            }
            final int lease = body.path("leaseSeconds").asInt(30);
            final var payload = JsonNodeFactory.instance.objectNode().put("n", id);
            return Reply.json(
                    200,
                    ServiceBodies.claims(new dev.baton.contracts.reply.Grant(
                            id,
                            7,
                            Instant.now().plusSeconds(lease),
                            new dev.baton.contracts.reply.Grant.Work(
                                    "build", "Build " + id, payload, 0, List.of(), 1))));
        }
        if (path[1].equals("batches")) {
            return batchAnswer(request);
        }
        return switch (path[3]) {
            case "heartbeat" -> heartbeats.apply(request);
            case "complete" -> ok(request, "DONE");
            case "fail" -> ok(request, "WAITING");
            case "release" -> ok(request, "READY");
            default -> Reply.status(404);
        };
    }

    /** Every item of a batch accepted, as the single calls answer. */
    private static Reply batchAnswer(ScriptedServer.Request request) throws IOException {
        final String state = request.path().endsWith("completions")
                ? "DONE"
                : request.path().endsWith("failures") ? "WAITING" : "CLAIMED";
        final JsonNode items = Json.mapper().readTree(request.body()).path("items");
        final StringBuilder results = new StringBuilder("{\"results\":[");
        for (int i = 0; i < items.size(); i++) {
            final String id = items.get(i).path("itemId").asText();
            results.append(i == 0 ? "" : ",")
                    .append("{\"index\":" + i + ",\"itemId\":\"" + id + "\",\"status\":200,\"accepted\":{\"itemId\":\""
                            + id + "\",\"state\":\"" + state + "\",\"epoch\":7}}");
        }
        return Reply.json(200, results.append("]}").toString());
    }

    /** The items completed so far, through single calls or batches. */
    private List<String> completedItems() {
        final List<String> ids = new java.util.ArrayList<>();
        for (ScriptedServer.Request request : server.requests()) {
            if (request.path().endsWith("/complete")) {
                ids.add(request.path().split("/")[2]);
            } else if (request.path().equals("/batches/completions")) {
                try {
                    Json.mapper()
                            .readTree(request.body())
                            .path("items")
                            .forEach(i -> ids.add(i.path("itemId").asText()));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return ids;
    }

    @Test
    void loopsFinishingTogetherCompleteEachItemExactlyOnceWhetherAloneOrInABatch() {
        final CountDownLatch allStarted = new CountDownLatch(4);
        worker = Worker.builder(client, task -> {
                    allStarted.countDown();
                    allStarted.await();
                    return Result.of("done " + task.itemId());
                })
                .waitSeconds(1)
                .concurrency(4)
                .build()
                .start();

        List.of("it-1", "it-2", "it-3", "it-4").forEach(ready::add);

        await().atMost(SOON).until(() -> worker.stats().completed() == 4);
        assertThat(completedItems()).containsExactlyInAnyOrder("it-1", "it-2", "it-3", "it-4");
    }

    private static Reply ok(ScriptedServer.Request request, String state) {
        return Reply.json(
                200, "{\"itemId\":\"" + request.path().split("/")[2] + "\",\"state\":\"" + state + "\",\"epoch\":7}");
    }

    private List<JsonNode> sent(String action) {
        return server.requests().stream()
                .filter(r -> r.path().endsWith("/" + action))
                .map(r -> {
                    try {
                        return Json.mapper().readTree(r.body());
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    @Test
    void completesTheItemWithTheHandlersResult() {
        worker = Worker.builder(
                        client,
                        task -> Result.of("built " + task.payload().path("n").asText())
                                .withLogs(List.of("ok")))
                .types("build")
                .waitSeconds(1)
                .build()
                .start();

        ready.add("it-1");

        await().atMost(SOON).until(() -> sent("complete").size() == 1);
        final JsonNode complete = sent("complete").get(0);
        assertThat(complete.get("agent").asText()).isEqualTo("w1");
        assertThat(complete.get("epoch").asLong()).isEqualTo(7);
        assertThat(complete.at("/result/summary").asText()).isEqualTo("built it-1");
        assertThat(complete.at("/result/logs/0").asText()).isEqualTo("ok");
        assertThat(sent("next").get(0).get("types")).hasToString("[\"build\"]");
        // The service has the completion; the worker counts it once the answer is back.
        await().atMost(SOON).until(() -> worker.stats().completed() == 1);
    }

    @Test
    void heartbeatsWithProgressWhileTheHandlerRuns() {
        final CountDownLatch twoBeats = new CountDownLatch(2);
        heartbeats = request -> {
            twoBeats.countDown();
            return ok(request, "CLAIMED");
        };
        worker = Worker.builder(client, task -> {
                    task.progress("half way");
                    twoBeats.await();
                    return Result.of("done");
                })
                .leaseSeconds(30)
                .heartbeatEvery(Duration.ofMillis(100))
                .waitSeconds(1)
                .build()
                .start();

        ready.add("it-2");

        await().atMost(SOON).until(() -> sent("complete").size() == 1);
        final List<JsonNode> beats = sent("heartbeat");
        assertThat(beats).hasSizeGreaterThanOrEqualTo(2);
        assertThat(beats.get(0).get("epoch").asLong()).isEqualTo(7);
        assertThat(beats.get(0).get("progress").asText()).isEqualTo("half way");
        assertThat(beats.get(0).get("leaseSeconds").asInt()).isEqualTo(30);
    }

    @Test
    void aGrantThatEndsALongPollLongerThanTheLeaseIsHeartbeatenAtOnceNotGivenUp() {
        // given: a worker with a 1 s lease that long-polls up to 5 s, and a handler that needs two heartbeats
        final CountDownLatch twoBeats = new CountDownLatch(2);
        heartbeats = request -> {
            twoBeats.countDown();
            return ok(request, "CLAIMED");
        };
        worker = Worker.builder(client, task -> {
                    twoBeats.await();
                    return Result.of("done");
                })
                .leaseSeconds(1)
                .waitSeconds(5)
                .build()
                .start();

        // when: the item turns up 1.5 s into the long poll, so the lease counted from the ask looks spent
        final var later = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        later.schedule(() -> ready.add("it-late"), 1500, TimeUnit.MILLISECONDS);
        later.shutdown();

        // then: the worker asked the engine at once, kept the item and completed it
        await().atMost(SOON).until(() -> worker.stats().completed() == 1);
        assertThat(worker.stats().lost()).isZero();
        assertThat(sent("heartbeat")).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void interruptsTheHandlerAndReportsNothingWhenAHeartbeatIsRefused() {
        heartbeats = request -> {
            final var problem = Rejection.staleEpoch("it-3", 7, 8).problem();
            return Reply.problem(409, ServiceBodies.json(problem));
        };
        final CountDownLatch never = new CountDownLatch(1);
        final AtomicBoolean interrupted = new AtomicBoolean();
        final AtomicBoolean sawLost = new AtomicBoolean();
        worker = Worker.builder(client, task -> {
                    try {
                        never.await();
                        return Result.of("should not be reported");
                    } catch (InterruptedException e) {
                        sawLost.set(task.leaseLost());
                        interrupted.set(true);
                        throw e;
                    }
                })
                .heartbeatEvery(Duration.ofMillis(100))
                .waitSeconds(1)
                .build()
                .start();

        ready.add("it-3");

        await().atMost(SOON).untilTrue(interrupted);
        assertThat(sawLost).isTrue();
        await().atMost(SOON).until(() -> worker.stats().lost() == 1);
        worker.stop(Duration.ofSeconds(5));
        assertThat(sent("complete")).isEmpty();
        assertThat(sent("fail")).isEmpty();
        assertThat(sent("release")).isEmpty();
    }

    @Test
    void givesTheLeaseUpWhenNoHeartbeatIsConfirmedBeforeItRunsOut() {
        heartbeats = request -> Reply.status(503);
        final AtomicBoolean interrupted = new AtomicBoolean();
        worker = Worker.builder(client, task -> {
                    try {
                        new CountDownLatch(1).await();
                        return Result.of("never");
                    } catch (InterruptedException e) {
                        interrupted.set(true);
                        throw e;
                    }
                })
                .leaseSeconds(1)
                .heartbeatEvery(Duration.ofMillis(200))
                .waitSeconds(1)
                .build()
                .start();

        ready.add("it-4");

        await().atMost(SOON).untilTrue(interrupted);
        await().atMost(SOON).until(() -> worker.stats().lost() == 1);
        assertThat(sent("heartbeat")).isNotEmpty();
        assertThat(sent("complete")).isEmpty();
    }

    @Test
    void failsTheItemWhenTheHandlerThrows() {
        worker = Worker.builder(client, task -> {
                    if (task.itemId().equals("it-5")) {
                        throw new IllegalStateException("disk full");
                    }
                    throw new TaskFailedException("no such repository", false);
                })
                .waitSeconds(1)
                .build()
                .start();

        ready.add("it-5");
        ready.add("it-6");

        await().atMost(SOON).until(() -> sent("fail").size() == 2);
        final List<JsonNode> fails = sent("fail");
        assertThat(fails.get(0).get("error").asText()).isEqualTo("IllegalStateException: disk full");
        assertThat(fails.get(0).get("retryable").asBoolean()).isTrue();
        assertThat(fails.get(1).get("error").asText()).isEqualTo("no such repository");
        assertThat(fails.get(1).get("retryable").asBoolean()).isFalse();
        assertThat(sent("complete")).isEmpty();
        await().atMost(SOON).until(() -> worker.stats().failed() == 2);
    }

    @Test
    void stopLetsAHandlerFinishWithinTheGrace() {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch finish = new CountDownLatch(1);
        worker = Worker.builder(client, task -> {
                    started.countDown();
                    finish.await();
                    return Result.of("finished while stopping");
                })
                .waitSeconds(1)
                .build()
                .start();
        ready.add("it-7");
        await().atMost(SOON).until(() -> started.getCount() == 0);

        finish.countDown();
        final boolean clean = worker.stop(Duration.ofSeconds(10));

        assertThat(clean).isTrue();
        assertThat(sent("complete")).hasSize(1);
        assertThat(sent("release")).isEmpty();
    }

    @Test
    void stopReleasesTheItemOfAHandlerThatOutlivesTheGrace() {
        final CountDownLatch started = new CountDownLatch(1);
        final AtomicBoolean interrupted = new AtomicBoolean();
        worker = Worker.builder(client, task -> {
                    started.countDown();
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        interrupted.set(true);
                        throw e;
                    }
                    return Result.of("never");
                })
                .waitSeconds(1)
                .build()
                .start();
        ready.add("it-8");
        await().atMost(SOON).until(() -> started.getCount() == 0);

        final boolean clean = worker.stop(Duration.ofMillis(200));

        assertThat(clean).isFalse();
        assertThat(interrupted).isTrue();
        assertThat(sent("release")).hasSize(1);
        assertThat(sent("release").get(0).get("epoch").asLong()).isEqualTo(7);
        assertThat(sent("complete")).isEmpty();
        assertThat(sent("fail")).isEmpty();
        assertThat(worker.stats().released()).isEqualTo(1);
    }

    @Test
    void anItemGrantedWhileStoppingIsReleasedUnworked() {
        final AtomicBoolean handled = new AtomicBoolean();
        worker = Worker.builder(client, task -> {
                    handled.set(true);
                    return Result.of("should not run");
                })
                .waitSeconds(10)
                .build()
                .start();
        await().atMost(SOON).until(() -> !sent("next").isEmpty());

        final var stopped =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> worker.stop(Duration.ofSeconds(20)));
        await().atMost(SOON).until(worker::stopping);
        ready.add("it-10"); // granted to the poll that was waiting when stop was asked

        assertThat(stopped.join()).isTrue();
        assertThat(handled).isFalse();
        assertThat(sent("release")).hasSize(1);
        assertThat(server.requests().stream()
                        .filter(r -> r.path().endsWith("/release"))
                        .findFirst()
                        .orElseThrow()
                        .path())
                .isEqualTo("/claims/it-10/release");
        assertThat(sent("complete")).isEmpty();
    }

    @Test
    void runOnceWorksOnOneItemOrAnswersThatThereWasNone() {
        final Worker once =
                Worker.builder(client, task -> Result.of("once")).waitSeconds(0).build();

        assertThat(once.runOnce()).isFalse();
        ready.add("it-9");
        assertThat(once.runOnce()).isTrue();

        assertThat(sent("complete")).hasSize(1);
    }
}
