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
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Keeping one grant alive against a scripted claim API: heartbeats, and the two ways a lease is lost. */
@Timeout(30)
class LeaseTest {

    private static final Duration SOON = Duration.ofSeconds(10);
    private static final RetryPolicy FAST =
            new RetryPolicy(Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(5));
    private static final Grant GRANT = new Grant("it-1", 7, Instant.now().plusSeconds(30), null);

    private volatile Function<ScriptedServer.Request, Reply> heartbeats = LeaseTest::ok;
    private final List<String> heardLost = new CopyOnWriteArrayList<>();
    private ScriptedServer server;
    private BatonClient client;
    private Lease lease;

    @BeforeEach
    void start() throws IOException {
        server = new ScriptedServer(
                request -> request.path().endsWith("/heartbeat") ? heartbeats.apply(request) : Reply.status(404));
        client = BatonClient.builder()
                .claims(server.uri())
                .agent("holder-1")
                .retry(FAST)
                .build();
    }

    @AfterEach
    void stop() {
        if (lease != null) {
            lease.close();
        }
        server.close();
    }

    private static Reply ok(ScriptedServer.Request request) {
        return Reply.json(200, "{\"itemId\":\"it-1\",\"state\":\"CLAIMED\",\"epoch\":7}");
    }

    private static Reply refused(ScriptedServer.Request request) {
        return Reply.problem(
                409, ServiceBodies.json(Rejection.staleEpoch("it-1", 7, 8).problem()));
    }

    private List<JsonNode> beats() {
        return server.requests("POST", "/claims/it-1/heartbeat").stream()
                .map(r -> {
                    try {
                        return Json.mapper().readTree(r.body());
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    private Lease.Builder keep() {
        return Lease.keep(client, GRANT).onLost(heardLost::add);
    }

    @Test
    void heartbeatsWithTheGrantsEpochTheLeaseAskedForAndTheLatestProgressOnce() {
        // given
        lease = keep().leaseSeconds(30).heartbeatEvery(Duration.ofMillis(100)).build();
        lease.progress("half way");

        // when
        lease.begin();

        // then: the first heartbeat carries the progress; the later ones carry none until it is set again
        await().atMost(SOON).until(() -> beats().size() >= 2);
        final List<JsonNode> beats = beats();
        assertThat(beats.get(0).get("agent").asText()).isEqualTo("holder-1");
        assertThat(beats.get(0).get("epoch").asLong()).isEqualTo(7);
        assertThat(beats.get(0).get("leaseSeconds").asInt()).isEqualTo(30);
        assertThat(beats.get(0).get("progress").asText()).isEqualTo("half way");
        assertThat(beats.get(1).has("progress")).isFalse();
        assertThat(lease.lost()).isFalse();
        assertThat(heardLost).isEmpty();
    }

    @Test
    void aRefusedHeartbeatLosesTheItemAndSaysWhyOnce() {
        // given: the service refuses every heartbeat, as it does once another agent holds the item
        heartbeats = LeaseTest::refused;

        // when
        lease = keep().leaseSeconds(30).heartbeatEvery(Duration.ofMillis(100)).start();

        // then: lost with the refusal's reason, heard once, and no heartbeat after the refused one
        await().atMost(SOON).until(lease::lost);
        assertThat(lease.lostBecause()).isEqualTo("STALE_EPOCH");
        await().atMost(SOON).until(() -> !heardLost.isEmpty());
        lease.close();
        assertThat(heardLost).containsExactly("STALE_EPOCH");
        assertThat(beats()).hasSize(1);
        assertThat(lease.lastsBeyond(Duration.ZERO)).isFalse();
        assertThat(lease.left()).isZero();
    }

    @Test
    void aLeaseThatNoHeartbeatConfirmsRunsOutAndIsLost() {
        // given: the service does not answer heartbeats
        heartbeats = request -> Reply.status(503);

        // when
        lease = keep().leaseSeconds(1).heartbeatEvery(Duration.ofMillis(200)).start();

        // then
        await().atMost(SOON).until(lease::lost);
        assertThat(lease.lostBecause()).isEqualTo(Lease.RAN_OUT);
        assertThat(heardLost).containsExactly(Lease.RAN_OUT);
        assertThat(beats()).isNotEmpty();
        assertThat(lease.lastsBeyond(Duration.ZERO)).isFalse();
    }

    @Test
    void confirmedHeartbeatsKeepTheLeaseLongerThanItsLength() {
        // given: a 1 s lease, heartbeaten every 100 ms
        lease = keep().leaseSeconds(1).heartbeatEvery(Duration.ofMillis(100)).start();

        // when: more than a lease's length of confirmed heartbeats has gone by
        await().atMost(SOON).until(() -> beats().size() >= 15);

        // then: the lease still lasts most of its length from the last confirmed heartbeat
        assertThat(lease.lost()).isFalse();
        assertThat(lease.lastsBeyond(Duration.ofMillis(500))).isTrue();
        assertThat(lease.left()).isLessThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aLeaseNearItsEndDoesNotLastBeyondAMarginLongerThanWhatIsLeft() {
        // given: the claim was asked for 1.5 s into a 2 s lease, and the first heartbeat is not due for a while
        final long askedAt = System.nanoTime() - Duration.ofMillis(1500).toNanos();

        // when
        lease = keep().leaseSeconds(2)
                .heartbeatEvery(Duration.ofSeconds(5))
                .askedAt(askedAt)
                .build();

        // then: not lost, yet too close to its end for an act that needs two seconds
        assertThat(lease.lost()).isFalse();
        assertThat(lease.lastsBeyond(Duration.ofSeconds(2))).isFalse();
        assertThat(lease.lastsBeyond(Duration.ZERO)).isTrue();
    }

    @Test
    void aGrantWhoseFirstHeartbeatIsOverdueIsHeartbeatenAtOnceAndKept() {
        // given: the claim's answer came after the first heartbeat was due (a long poll), 1.5 s into a 1 s lease
        final long askedAt = System.nanoTime() - Duration.ofMillis(1500).toNanos();

        // when
        lease = keep().leaseSeconds(1).askedAt(askedAt).start();

        // then: the service is asked at once, confirms, and the lease is kept
        await().atMost(SOON).until(() -> lease.lastsBeyond(Duration.ZERO));
        assertThat(beats()).isNotEmpty();
        assertThat(lease.lost()).isFalse();
    }

    @Test
    void closeAbandonsAHeartbeatInFlightAndNothingIsHeardAfterIt() throws Exception {
        // given: a heartbeat the service holds on to, and will refuse once let go
        final CountDownLatch letGo = new CountDownLatch(1);
        heartbeats = request -> {
            try {
                letGo.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return refused(request);
        };
        lease = keep().leaseSeconds(30).heartbeatEvery(Duration.ofMillis(100)).start();
        await().atMost(SOON).until(() -> beats().size() == 1);

        // when
        lease.close();
        letGo.countDown();

        // then: the lease ended as it was, kept; its refusal arrives at nobody
        assertThat(lease.lost()).isFalse();
        assertThat(heardLost).isEmpty();
        assertThat(beats()).hasSize(1);
    }

    @Test
    void heartbeatsCloserThanFiftyMillisecondsAreRefusedAtOnce() {
        assertThatThrownBy(() -> Lease.keep(client, GRANT).heartbeatEvery(Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("50 ms");
        assertThatThrownBy(() -> Lease.keep(client, GRANT).leaseSeconds(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("leaseSeconds");
    }
}
