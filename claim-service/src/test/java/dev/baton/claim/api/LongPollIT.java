package dev.baton.claim.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.engine.client.EngineGateway;
import dev.baton.infra.testing.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Waiting costs no thread: a thousand long polls parked on a type nothing matches leave an
 * ordinary claim as prompt as at rest, and work that arrives still ends the poll waiting for it.
 * The polls go out through the JDK client's asynchronous API, so the test itself holds no thread
 * per poll either. The figures it prints are the ones quoted in the docs.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class LongPollIT {

    private static final int POLLS = 1_000;
    private static final int WARM_UP = 20;
    private static final int SAMPLES = 100;
    private static final int WORK_SAMPLES = 10;
    private static final Duration PROMPT = Duration.ofSeconds(2);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final List<CompletableFuture<HttpResponse<String>>> parked = new ArrayList<>();

    @Inject
    EngineGateway engine;

    @TestHTTPResource
    URL base;

    @BeforeEach
    void serviceIsReady() {
        awaitTrue(
                () -> call("GET", "/q/health/ready", null).statusCode() == 200,
                Duration.ofSeconds(90),
                "the service to be ready");
        // The figures are those of a warm service: the first calls after a start pay for class loading and JIT.
        measureClaims(WARM_UP);
    }

    @AfterEach
    void cancelThePolls() {
        parked.forEach(poll -> poll.cancel(true));
        // The server frees a poll as soon as its client goes away, not when its minute is up.
        awaitTrue(() -> engine.hintWaiters() == 0, Duration.ofSeconds(30), "the cancelled polls to be let go");
        assertThat(call("GET", "/q/health/ready", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aThousandWaitingLongPollsLeaveAnOrdinaryClaimAsPromptAsAtRest() {
        // given: the figure at rest, and the threads alive at rest
        final List<Long> idle = measureClaims(SAMPLES);
        final int threadsAtRest = Thread.activeCount();

        // when: a thousand agents wait for a type nothing matches
        openPolls("nothing-" + UUID.randomUUID(), POLLS);
        final int threadsWaiting = Thread.activeCount();
        final List<Long> loaded = measureClaims(SAMPLES);

        // then: every ordinary claim answered promptly, and the polls are still waiting, untouched
        System.out.printf(
                Locale.ROOT,
                "long-poll figures: claim-next of a ready item, %d samples each: "
                        + "idle p50=%d ms p99=%d ms; with %d waiting polls p50=%d ms p99=%d ms%n",
                SAMPLES,
                percentile(idle, 50),
                percentile(idle, 99),
                POLLS,
                percentile(loaded, 50),
                percentile(loaded, 99));
        System.out.printf(
                Locale.ROOT,
                "long-poll figures: live threads at rest %d, with %d polls waiting %d%n",
                threadsAtRest,
                POLLS,
                threadsWaiting);
        assertThat(percentile(loaded, 100)).isLessThan(PROMPT.toMillis());
        // A poll that held a thread would take one of the 200 workers: far more than this margin.
        assertThat(threadsWaiting - threadsAtRest).isLessThan(POLLS / 10);
        assertThat(parked)
                .allSatisfy(poll -> assertThat(!poll.isDone() || poll.join().statusCode() == 204)
                        .as("a poll on a type nothing matches waits, or ends with 204")
                        .isTrue());
        awaitTrue(() -> engine.hintWaiters() >= POLLS, Duration.ofSeconds(30), "the polls to be parked again");
    }

    @Test
    void newWorkEndsThePollWaitingForItAsPromptlyWhileAThousandOthersWait() throws Exception {
        // given: how long new work takes to end a poll waiting for it, at rest
        final List<Long> idle = new ArrayList<>();
        for (int i = 0; i < WORK_SAMPLES; i++) {
            idle.add(newWorkEndsAWaitingPoll());
        }

        // when: a thousand agents wait for a type nothing matches
        openPolls("nothing-" + UUID.randomUUID(), POLLS);
        final List<Long> loaded = new ArrayList<>();
        for (int i = 0; i < WORK_SAMPLES; i++) {
            loaded.add(newWorkEndsAWaitingPoll());
        }

        // then: each poll got its grant promptly, and the thousand others were left waiting
        System.out.printf(
                Locale.ROOT,
                "long-poll figures: submission to grant of a waiting poll, %d samples each: "
                        + "idle p50=%d ms max=%d ms; with %d other polls waiting p50=%d ms max=%d ms%n",
                WORK_SAMPLES,
                percentile(idle, 50),
                percentile(idle, 100),
                POLLS,
                percentile(loaded, 50),
                percentile(loaded, 100));
        assertThat(percentile(loaded, 100)).isLessThan(PROMPT.toMillis());
        assertThat(parked)
                .allSatisfy(poll -> assertThat(!poll.isDone() || poll.join().statusCode() == 204)
                        .as("a poll on a type nothing matches waits, or ends with 204")
                        .isTrue());
    }

    /**
     * Parks one poll on a type of its own, submits an item of that type and returns how long it
     * took from the submission to the poll's grant, in ms.
     */
    private long newWorkEndsAWaitingPoll() throws Exception {
        final String type = "arrives-" + UUID.randomUUID().toString().substring(0, 8);
        final int before = engine.hintWaiters();
        final CompletableFuture<HttpResponse<String>> waiting = poll(type);
        awaitTrue(() -> engine.hintWaiters() > before, Duration.ofSeconds(30), "the agent's poll to be parked");

        final long submitted = System.nanoTime();
        final String id = UUID.randomUUID().toString();
        engine.submit(
                new ItemEvent.ItemSubmitted(
                        id,
                        Instant.now(),
                        null,
                        ItemSpec.of(type, "wanted"),
                        UUID.randomUUID().toString()),
                Duration.ofSeconds(10));
        final HttpResponse<String> answer;
        try {
            answer = waiting.get(PROMPT.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            waiting.cancel(true);
        }
        final long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - submitted);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("\"itemId\":\"" + id + "\"");
        return tookMillis;
    }

    /** Opens {@code count} long polls of 60 s on the type and waits until the service has parked them all. */
    private void openPolls(String type, int count) {
        final int before = engine.hintWaiters();
        for (int i = 0; i < count; i++) {
            parked.add(poll(type));
        }
        awaitTrue(() -> engine.hintWaiters() >= before + count, Duration.ofSeconds(60), count + " polls to be parked");
    }

    private CompletableFuture<HttpResponse<String>> poll(String type) {
        return http.sendAsync(
                request(
                        "POST",
                        "/claims/next",
                        "{\"agent\":\"waiter\",\"types\":[\"" + type + "\"],\"waitSeconds\":60}"),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Claims {@code count} ready items one at a time and returns how long each claim-next took, in ms. */
    private List<Long> measureClaims(int count) {
        final List<Long> millis = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final String type = "ready-" + UUID.randomUUID().toString().substring(0, 8);
            engine.submitAndWait(
                    new ItemEvent.ItemSubmitted(
                            UUID.randomUUID().toString(),
                            Instant.now(),
                            null,
                            ItemSpec.of(type, "ordinary work"),
                            UUID.randomUUID().toString()),
                    Duration.ofSeconds(10));
            // The item is ready and the API knows where: what is timed is the claim alone.
            awaitTrue(
                    () -> !engine.partitionsWithReady(List.of(type)).isEmpty(),
                    Duration.ofSeconds(10),
                    "the hint of " + type);
            final long started = System.nanoTime();
            final HttpResponse<String> claimed = call(
                    "POST", "/claims/next", "{\"agent\":\"ordinary\",\"types\":[\"" + type + "\"],\"waitSeconds\":5}");
            millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(200);
        }
        return millis;
    }

    private HttpResponse<String> call(String method, String path, String body) {
        try {
            return http.send(request(method, path, body), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest request(String method, String path, String body) {
        return HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                .timeout(Duration.ofSeconds(90))
                .header("Content-Type", "application/json")
                .header("Authorization", AsAgent.bearerFor(body))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /** The value below which {@code p} percent of the samples lie (nearest rank). */
    private static long percentile(List<Long> samples, int p) {
        final List<Long> sorted = samples.stream().sorted().toList();
        final int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static void awaitTrue(BooleanSupplier condition, Duration timeout, String what) {
        Awaitility.await(what)
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(20))
                .until(condition::getAsBoolean);
    }
}
