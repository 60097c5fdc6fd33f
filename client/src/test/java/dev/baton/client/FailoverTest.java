package dev.baton.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.client.ScriptedServer.Reply;
import dev.baton.contracts.reply.Rejection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client given several instances of a service: a call one instance does not answer goes to the
 * next with the same request id, and later calls start where the last one was answered.
 */
@Timeout(30)
class FailoverTest {

    private static final RetryPolicy FAST =
            new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(10));

    private static String ack(String id) {
        return "{\"itemId\":\"" + id + "\",\"state\":\"DONE\",\"epoch\":3}";
    }

    /** A loopback port nothing listens on: connecting to it is refused at once. */
    private static URI closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }

    @Test
    void aCallTheFirstInstanceDoesNotAnswerIsMadeOnTheNextWithTheSameRequestId() throws Exception {
        final List<String> retries = new CopyOnWriteArrayList<>();
        try (ScriptedServer live = new ScriptedServer(request -> Reply.json(200, ack("it-1")))) {
            final BatonClient client = BatonClient.builder()
                    .claims(closedPort(), live.uri())
                    .agent("a1")
                    .retry(FAST)
                    .onRetry((call, attempt, delay, failure) -> retries.add(failure))
                    .build();

            final Ack ack = client.complete("it-1", 3, Result.of("done"), "complete-it-1");

            assertThat(ack.itemId()).isEqualTo("it-1");
            assertThat(live.requests()).hasSize(1);
            assertThat(live.requests().get(0).header("Idempotency-Key")).isEqualTo("complete-it-1");
            assertThat(retries)
                    .singleElement()
                    .asString()
                    .contains("connection refused", live.uri().toString());
        }
    }

    @Test
    void laterCallsStartOnTheInstanceThatAnswered() throws Exception {
        final List<String> retries = new CopyOnWriteArrayList<>();
        try (ScriptedServer live = new ScriptedServer(request -> Reply.json(200, ack("it-2")))) {
            final BatonClient client = BatonClient.builder()
                    .claims(closedPort(), live.uri())
                    .agent("a1")
                    .retry(FAST)
                    .onRetry((call, attempt, delay, failure) -> retries.add(failure))
                    .build();
            client.heartbeat("it-2", 3, null, null);

            // another copy of the client, as an agent of a fleet gets it: it shares what was learned
            client.withAgent("a2").heartbeat("it-2", 3, null, null);
            client.heartbeat("it-2", 3, null, null);

            assertThat(live.requests()).hasSize(3);
            assertThat(retries).hasSize(1);
        }
    }

    @Test
    void anInstanceAnswering503IsLeftForTheNextAtOnceWithTheSameRequestId() throws Exception {
        try (ScriptedServer busy = new ScriptedServer(request -> Reply.status(503));
                ScriptedServer live = new ScriptedServer(request -> Reply.json(200, ack("it-3")))) {
            final BatonClient client = BatonClient.builder()
                    .claims(busy.uri(), live.uri())
                    .agent("a1")
                    // no retries: moving to another instance is part of the one attempt
                    .retry(RetryPolicy.none())
                    .build();

            client.release("it-3", 3, "done with it", "release-it-3");

            assertThat(busy.requests()).hasSize(1);
            assertThat(live.requests()).hasSize(1);
            assertThat(busy.requests().get(0).header("Idempotency-Key")).isEqualTo("release-it-3");
            assertThat(live.requests().get(0).header("Idempotency-Key")).isEqualTo("release-it-3");
            assertThat(live.requests().get(0).body())
                    .isEqualTo(busy.requests().get(0).body());
        }
    }

    @Test
    void anInstanceThatHangsIsLeftForTheNextOnceTheAttemptTimesOut() throws Exception {
        final CountDownLatch released = new CountDownLatch(1);
        try (ScriptedServer hung = new ScriptedServer(request -> {
                    released.await(10, TimeUnit.SECONDS); // a stopped process: it never answers in time
                    return Reply.status(204);
                });
                ScriptedServer live = new ScriptedServer(request -> Reply.json(200, ack("it-6")))) {
            final BatonClient client = BatonClient.builder()
                    .claims(hung.uri(), live.uri())
                    .requestTimeout(Duration.ofMillis(500))
                    .retry(FAST)
                    .build();

            client.heartbeat("it-6", 3, null, null, "beat-it-6");

            assertThat(live.requests())
                    .singleElement()
                    .satisfies(request ->
                            assertThat(request.header("Idempotency-Key")).isEqualTo("beat-it-6"));
            assertThat(hung.requests())
                    .singleElement()
                    .satisfies(request ->
                            assertThat(request.header("Idempotency-Key")).isEqualTo("beat-it-6"));
        } finally {
            released.countDown();
        }
    }

    @Test
    void aRejectionIsAnAnswerAndNotTakenToAnotherInstance() throws Exception {
        final var stale = Rejection.staleEpoch("it-4", 2, 3).problem();
        try (ScriptedServer first = new ScriptedServer(request -> Reply.problem(409, ServiceBodies.json(stale)));
                ScriptedServer second = new ScriptedServer(request -> Reply.json(200, ack("it-4")))) {
            final BatonClient client = BatonClient.builder()
                    .claims(first.uri(), second.uri())
                    .retry(FAST)
                    .build();

            assertThatThrownBy(() -> client.complete("it-4", 2, Result.of("late")))
                    .isInstanceOfSatisfying(
                            RejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.STALE_EPOCH));
            assertThat(second.requests()).isEmpty();
        }
    }

    @Test
    void whenNoInstanceAnswersTheCallIsUnavailableNamingHowManyWereTried() throws Exception {
        final URI one = closedPort();
        final URI two = closedPort();
        final BatonClient client = BatonClient.builder()
                .backlog(one, two)
                .retry(RetryPolicy.none())
                .build();

        assertThatThrownBy(() -> client.item("it-5")).isInstanceOfSatisfying(UnavailableException.class, e -> {
            assertThat(e.attempts()).isEqualTo(2);
            assertThat(e.getMessage()).contains("over 2 instances");
        });
    }

    @Test
    void theEnvironmentGivesSeveralInstancesCommaSeparated() {
        final BatonClient client = BatonClient.builder()
                .fromEnvironment(Map.of(
                        "BATON_CLAIM_URL", "http://127.0.0.1:8081, http://127.0.0.1:8091",
                        "BATON_BACKLOG_URL", "http://backlog.example:9000"))
                .build();

        assertThat(client.claimsUris())
                .containsExactly(URI.create("http://127.0.0.1:8081"), URI.create("http://127.0.0.1:8091"));
        assertThat(client.claimsUri()).isEqualTo(URI.create("http://127.0.0.1:8081"));
        assertThat(client.backlogUris()).containsExactly(URI.create("http://backlog.example:9000"));
        assertThatThrownBy(() -> BatonClient.builder()
                        .fromEnvironment(Map.of("BATON_CLAIM_URL", "http://127.0.0.1:8081,,http://127.0.0.1:8091")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BATON_CLAIM_URL has an empty URL");
        assertThatThrownBy(() -> BatonClient.builder()
                        .fromEnvironment(Map.of("BATON_WRITER_URL", "http://127.0.0.1:8082,ftp://x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ftp://x");
    }
}
