package dev.baton.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.client.ScriptedServer.Reply;
import dev.baton.contracts.json.Json;
import dev.baton.contracts.reply.Rejection;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Holders' reports at the same moment share one batch call; one alone makes the single call. */
@Timeout(30)
class CoalescingTest {

    private static final RetryPolicy FAST =
            new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(5));

    private final CountDownLatch firstMayAnswer = new CountDownLatch(1);
    private volatile boolean batchesMalformed;
    private ScriptedServer server;

    private final Coalescing<Held.Completion> completions = new Coalescing<>(
            "test-completions",
            (c, item) -> c.complete(item.itemId(), item.epoch(), item.result()),
            BatonClient::completeAll);

    @AfterEach
    void close() {
        completions.close();
        server.close();
    }

    /** The single call on item "a" waits for the test; the batch call refuses item "c" as stale (or all, malformed). */
    private Reply answer(ScriptedServer.Request request) throws Exception {
        if (request.path().equals("/batches/completions")) {
            if (batchesMalformed) {
                return Reply.problem(
                        400, "{\"status\":400,\"field\":\"items[1].result.summary\",\"detail\":\"too long\"}");
            }
            final JsonNode items = Json.mapper().readTree(request.body()).path("items");
            final StringBuilder results = new StringBuilder("{\"results\":[");
            for (int i = 0; i < items.size(); i++) {
                final String id = items.get(i).path("itemId").asText();
                results.append(i == 0 ? "" : ",")
                        .append(
                                id.equals("c")
                                        ? "{\"index\":" + i + ",\"itemId\":\"c\",\"requestId\":\"k#c\",\"status\":409,"
                                                + "\"problem\":"
                                                + ServiceBodies.json(Rejection.staleEpoch("c", 1, 2)
                                                        .problem())
                                                + "}"
                                        : "{\"index\":" + i + ",\"itemId\":\"" + id + "\",\"requestId\":\"k#" + id
                                                + "\",\"status\":200,\"accepted\":{\"itemId\":\"" + id
                                                + "\",\"state\":\"DONE\",\"epoch\":1}}");
            }
            return Reply.json(200, results.append("]}").toString());
        }
        final String id = request.path().split("/")[2];
        if (id.equals("a")) {
            firstMayAnswer.await(20, TimeUnit.SECONDS);
        }
        return Reply.json(200, "{\"itemId\":\"" + id + "\",\"state\":\"DONE\",\"epoch\":1}");
    }

    private BatonClient client() throws IOException {
        server = new ScriptedServer(this::answer);
        return BatonClient.builder()
                .claims(server.uri())
                .agent("w1")
                .retry(FAST)
                .build();
    }

    private List<String> paths() {
        return server.requests().stream().map(ScriptedServer.Request::path).toList();
    }

    @Test
    void reportsMadeWhileACallIsOutGoTogetherInTheNextAndEachHearsItsOwnAnswer() throws Exception {
        final BatonClient client = client();
        final CompletableFuture<Ack> a = CompletableFuture.supplyAsync(
                () -> completions.send(client, new Held.Completion("a", 1, Result.of("a"))));
        await().atMost(Duration.ofSeconds(10)).until(() -> server.requests().size() == 1);
        final CompletableFuture<Ack> b = CompletableFuture.supplyAsync(
                () -> completions.send(client, new Held.Completion("b", 1, Result.of("b"))));
        final CompletableFuture<Ack> c = CompletableFuture.supplyAsync(
                () -> completions.send(client, new Held.Completion("c", 1, Result.of("c"))));
        await().atMost(Duration.ofSeconds(10)).until(() -> completions.waiting() == 2);

        firstMayAnswer.countDown();

        assertThat(a.get(10, TimeUnit.SECONDS).state()).isEqualTo(ItemState.DONE);
        assertThat(b.get(10, TimeUnit.SECONDS).itemId()).isEqualTo("b");
        assertThatThrownBy(() -> c.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(RejectedException.class)
                .cause()
                .satisfies(e -> assertThat(((RejectedException) e).reason()).isEqualTo(Reason.STALE_EPOCH));
        assertThat(paths()).containsExactly("/claims/a/complete", "/batches/completions");
        final JsonNode batch = Json.mapper().readTree(server.requests().get(1).body());
        assertThat(batch.path("items").findValuesAsText("itemId")).containsExactlyInAnyOrder("b", "c");
        assertThat(batch.path("agent").asText()).isEqualTo("w1");
    }

    @Test
    void aBatchRefusedForOneMalformedItemIsSentAgainItemByItem() throws Exception {
        batchesMalformed = true;
        final BatonClient client = client();
        final CompletableFuture<Ack> a =
                CompletableFuture.supplyAsync(() -> completions.send(client, new Held.Completion("a", 1, null)));
        await().atMost(Duration.ofSeconds(10)).until(() -> server.requests().size() == 1);
        final CompletableFuture<Ack> b =
                CompletableFuture.supplyAsync(() -> completions.send(client, new Held.Completion("b", 1, null)));
        final CompletableFuture<Ack> d =
                CompletableFuture.supplyAsync(() -> completions.send(client, new Held.Completion("d", 1, null)));
        await().atMost(Duration.ofSeconds(10)).until(() -> completions.waiting() == 2);

        firstMayAnswer.countDown();

        assertThat(List.of(a.get(10, TimeUnit.SECONDS), b.get(10, TimeUnit.SECONDS), d.get(10, TimeUnit.SECONDS)))
                .extracting(Ack::itemId)
                .containsExactly("a", "b", "d");
        assertThat(paths().subList(0, 2)).containsExactly("/claims/a/complete", "/batches/completions");
        assertThat(paths().subList(2, 4)).containsExactlyInAnyOrder("/claims/b/complete", "/claims/d/complete");
    }

    @Test
    void aCallerInterruptedWhileWaitingGivesUpOnlyItsOwnReport() throws Exception {
        final BatonClient client = client();
        final CompletableFuture<Ack> a =
                CompletableFuture.supplyAsync(() -> completions.send(client, new Held.Completion("a", 1, null)));
        await().atMost(Duration.ofSeconds(10)).until(() -> server.requests().size() == 1);
        final java.util.concurrent.atomic.AtomicReference<Throwable> bFailed =
                new java.util.concurrent.atomic.AtomicReference<>();
        final Thread b = new Thread(() -> {
            try {
                completions.send(client, new Held.Completion("b", 1, null));
            } catch (RuntimeException e) {
                bFailed.set(e);
            }
        });
        b.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> completions.waiting() == 1);
        final CompletableFuture<Ack> d =
                CompletableFuture.supplyAsync(() -> completions.send(client, new Held.Completion("d", 1, null)));
        await().atMost(Duration.ofSeconds(10)).until(() -> completions.waiting() == 2);

        b.interrupt();
        b.join(10_000);
        firstMayAnswer.countDown();

        assertThat(bFailed.get()).isInstanceOf(UnavailableException.class);
        assertThat(a.get(10, TimeUnit.SECONDS).itemId()).isEqualTo("a");
        assertThat(d.get(10, TimeUnit.SECONDS).itemId()).isEqualTo("d");
        assertThat(paths()).containsExactly("/claims/a/complete", "/claims/d/complete");
    }
}
