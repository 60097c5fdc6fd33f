package dev.baton.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.baton.client.Ack;
import dev.baton.client.BatonClient;
import dev.baton.client.Grant;
import dev.baton.client.Held;
import dev.baton.client.HeldResult;
import dev.baton.client.ItemEvent;
import dev.baton.client.ItemState;
import dev.baton.client.ItemView;
import dev.baton.client.NewItem;
import dev.baton.client.Reason;
import dev.baton.client.RejectedException;
import dev.baton.client.Result;
import dev.baton.client.Task;
import dev.baton.client.Worker;
import dev.baton.e2e.harness.BatonStack;
import dev.baton.launcher.Service;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The Java client against the real services: a stack of its own (the broker and the three
 * services as separate processes, as {@code ./baton up} runs them), started once for these tests.
 * Every test works on items of a type of its own, so none sees another's items.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class ClientLiveSystemIT {

    private static final Duration SOON = Duration.ofSeconds(30);

    private BatonStack stack;
    private BatonClient client;
    private String type;

    @BeforeAll
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void startStack() {
        stack = BatonStack.builder()
                .setting(Service.WRITER, "BATON_WRITER_SCHEDULE", "off")
                .build()
                .start();
    }

    @AfterAll
    void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @BeforeEach
    void connect() {
        client = BatonClient.builder()
                .backlog(stack.url(Service.BACKLOG))
                .claims(stack.url(Service.CLAIM))
                .agent("live-a")
                .token(stack.tokenWithEveryRole("live-a"))
                .build();
        type = "live-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aResubmissionWithTheSameKeyAnswersTheSameItem() {
        final String key = "key-" + type;
        final ItemView first = client.submit(NewItem.of(type, "once").idempotencyKey(key));
        final ItemView again = client.submit(NewItem.of(type, "once").idempotencyKey(key));

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(first.duplicate()).isFalse();
        assertThat(again.duplicate()).isTrue();
    }

    @Test
    void aWorkerCompletesAnItemWithItsHandlersResult() {
        final ItemView item = client.submit(NewItem.of(type, "work").payload(Map.of("n", 21)));
        final Worker worker = Worker.builder(
                        client,
                        task -> Result.of(
                                        "doubled to " + task.payload().path("n").asInt() * 2)
                                .withLogs(List.of("live line")))
                .types(type)
                .waitSeconds(2)
                .build()
                .start();
        try {
            final ItemView done = await().atMost(SOON)
                    .until(
                            () -> client.awaitItem(item.id(), null, ItemState.DONE, Duration.ofSeconds(5)),
                            view -> view.state() == ItemState.DONE);
            assertThat(done.result().summary()).isEqualTo("doubled to 42");
            assertThat(done.result().logs()).containsExactly("live line");
            assertThat(client.events(item.id())).extracting(ItemEvent::event).contains("ItemClaimed", "ItemCompleted");
        } finally {
            worker.stop(Duration.ofSeconds(10));
        }
    }

    @Test
    void aRepeatedCompleteWithTheSameRequestIdGetsTheSameAnswer() {
        final ItemView item = client.submit(NewItem.of(type, "twice"));
        final Grant grant = client.claim(item.id());
        final String requestId = BatonClient.newRequestId();

        final Ack first = client.complete(item.id(), grant.epoch(), Result.of("once"), requestId);
        final Ack repeat = client.complete(item.id(), grant.epoch(), Result.of("once"), requestId);

        assertThat(repeat).isEqualTo(first);
        assertThat(first.state()).isEqualTo(ItemState.DONE);
        // A new request is a new call: the item is finished now.
        assertThatThrownBy(() -> client.complete(item.id(), grant.epoch(), Result.of("again")))
                .isInstanceOfSatisfying(
                        RejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TERMINAL));
    }

    @Test
    void aBatchOfCompletionsAnswersEachItemAndAStaleOneIsRefusedAlone() {
        final List<Grant> grants = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            grants.add(
                    client.claim(client.submit(NewItem.of(type, "batch " + i)).id()));
        }
        final List<Held.Completion> completions = new java.util.ArrayList<>();
        for (Grant grant : grants) {
            completions.add(new Held.Completion(grant.itemId(), grant.epoch(), Result.of("in a batch")));
        }
        completions.set(
                2, new Held.Completion(grants.get(2).itemId(), grants.get(2).epoch() + 1, null));
        final String requestId = BatonClient.newRequestId();

        final List<HeldResult> results = client.completeAll(completions, requestId);
        final List<HeldResult> repeat = client.completeAll(completions, requestId);

        assertThat(results).extracting(HeldResult::accepted).containsExactly(true, true, false, true);
        assertThat(results.get(2).refusal().reason()).isEqualTo(Reason.STALE_EPOCH);
        assertThat(repeat).extracting(HeldResult::accepted).containsExactly(true, true, false, true);
        assertThat(repeat)
                .extracting(r -> r.ack() == null ? null : r.ack().state())
                .containsExactly(ItemState.DONE, ItemState.DONE, null, ItemState.DONE);
        assertThat(client.complete(grants.get(2).itemId(), grants.get(2).epoch(), Result.of("alone"))
                        .state())
                .isEqualTo(ItemState.DONE);
    }

    @Test
    void aWorkerWithSeveralLoopsCompletesEveryItemExactlyOnce() {
        final List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(client.submit(NewItem.of(type, "many " + i)).id());
        }
        final Worker worker = Worker.builder(client, task -> Result.of("done " + task.itemId()))
                .types(type)
                .waitSeconds(1)
                .concurrency(4)
                .build()
                .start();
        try {
            await().atMost(SOON).until(() -> worker.stats().completed() == ids.size());
            for (String id : ids) {
                assertThat(client.events(id))
                        .extracting(ItemEvent::event)
                        .filteredOn("ItemCompleted"::equals)
                        .hasSize(1);
            }
            assertThat(worker.stats().lost()).isZero();
        } finally {
            worker.stop(Duration.ofSeconds(10));
        }
    }

    @Test
    void aHolderWhoseLeaseRanOutIsFencedOff() {
        final ItemView item = client.submit(NewItem.of(type, "fenced"));
        final Grant old = client.claim(item.id(), 1);
        final BatonClient other = client.withAgent("live-b", stack.tokenWithEveryRole("live-b"));

        final Grant current = await().atMost(SOON)
                .ignoreException(RejectedException.class)
                .until(() -> other.claim(item.id(), 30), grant -> grant != null);

        assertThat(current.epoch()).isGreaterThan(old.epoch());
        assertThatThrownBy(() -> client.complete(item.id(), old.epoch(), Result.of("late")))
                .isInstanceOfSatisfying(RejectedException.class, e -> {
                    assertThat(e.reason()).isIn(Reason.STALE_EPOCH, Reason.NOT_OWNER);
                    assertThat(e.reason().leaseLost()).isTrue();
                });
        assertThat(other.complete(item.id(), current.epoch(), Result.of("mine")).state())
                .isEqualTo(ItemState.DONE);
    }

    @Test
    void aWorkerStopsItsHandlerAndReportsNothingOnceTheItemIsCancelled() {
        final ItemView item = client.submit(NewItem.of(type, "to be cancelled"));
        final CountDownLatch started = new CountDownLatch(1);
        final AtomicBoolean interrupted = new AtomicBoolean();
        final AtomicReference<Task> seen = new AtomicReference<>();
        final Worker worker = Worker.builder(client, task -> {
                    seen.set(task);
                    started.countDown();
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        interrupted.set(true);
                        throw e;
                    }
                    return Result.of("never");
                })
                .types(type)
                .leaseSeconds(30)
                .heartbeatEvery(Duration.ofMillis(300))
                .waitSeconds(2)
                .build()
                .start();
        try {
            await().atMost(SOON).until(() -> started.getCount() == 0);

            client.cancel(item.id(), "cancelled under a live worker");

            await().atMost(SOON).untilTrue(interrupted);
            assertThat(seen.get().leaseLost()).isTrue();
            await().atMost(SOON).until(() -> worker.stats().lost() == 1);
            assertThat(worker.stats().completed()).isZero();
            assertThat(worker.stats().failed()).isZero();
            assertThat(client.events(item.id()))
                    .extracting(ItemEvent::event)
                    .doesNotContain("ItemCompleted", "ItemFailed");
        } finally {
            worker.stop(Duration.ofSeconds(10));
        }
    }
}
