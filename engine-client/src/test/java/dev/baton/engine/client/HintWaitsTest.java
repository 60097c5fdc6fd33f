package dev.baton.engine.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class HintWaitsTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final HintWaits hints = new HintWaits(timer);

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void everyParkedWaitGoesOnWhenAHintArrives() throws Exception {
        final long seen = hints.version();
        final List<CompletableFuture<Void>> waits = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            waits.add(hints.after(seen, Duration.ofMinutes(1)));
        }
        assertThat(waits).noneMatch(CompletableFuture::isDone);
        assertThat(hints.waiting()).isEqualTo(1_000);

        hints.changed();

        CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).get(1, TimeUnit.SECONDS);
        assertThat(hints.version()).isEqualTo(seen + 1);
        assertThat(hints.waiting()).isZero();
    }

    @Test
    void aHintThatCameAfterTheCallerLookedEndsTheWaitAtOnce() {
        final long seen = hints.version();
        hints.changed();

        final CompletableFuture<Void> wait = hints.after(seen, Duration.ofMinutes(1));

        assertThat(wait).isCompleted();
        assertThat(hints.waiting()).isZero();
    }

    @Test
    void aWaitWithNoHintEndsWhenItsTimeIsUp() throws Exception {
        final long started = System.nanoTime();

        hints.after(hints.version(), Duration.ofMillis(200)).get(5, TimeUnit.SECONDS);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(hints.waiting()).isZero();
    }

    @Test
    void aCancelledWaitIsForgottenAndLeavesTheOthersWaiting() {
        final long seen = hints.version();
        final CompletableFuture<Void> gaveUp = hints.after(seen, Duration.ofMinutes(1));
        final CompletableFuture<Void> stays = hints.after(seen, Duration.ofMinutes(1));

        gaveUp.cancel(false);

        assertThat(hints.waiting()).isEqualTo(1);
        assertThat(stays).isNotDone();
    }
}
