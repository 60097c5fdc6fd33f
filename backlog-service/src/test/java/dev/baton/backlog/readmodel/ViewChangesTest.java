package dev.baton.backlog.readmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ViewChangesTest {

    private final ViewChanges changes = new ViewChanges();

    @Test
    void aWriteOfTheItemWakesEveryoneWaitingForItAndNobodyElse() {
        final CompletableFuture<Void> first = changes.next("a", Duration.ofMinutes(1));
        final CompletableFuture<Void> second = changes.next("a", Duration.ofMinutes(1));
        final CompletableFuture<Void> other = changes.next("b", Duration.ofMinutes(1));

        changes.changed("a");

        assertThat(first).isCompleted();
        assertThat(second).isCompleted();
        assertThat(other).isNotDone();
        assertThat(changes.waiting()).isEqualTo(1);
    }

    @Test
    void aWaitWithNoWriteEndsWhenItsTimeIsUpAndIsForgotten() throws Exception {
        final CompletableFuture<Void> wait = changes.next("quiet", Duration.ofMillis(100));

        wait.get(5, TimeUnit.SECONDS);

        // Forgetting it is the future's own follow-up: it may run a moment after the wait ends.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> changes.waiting() == 0);
    }

    @Test
    void aCancelledWaitIsForgottenAtOnce() {
        final CompletableFuture<Void> wait = changes.next("a", Duration.ofMinutes(1));

        wait.cancel(false);

        assertThat(changes.waiting()).isZero();
    }

    @Test
    void aWriteNobodyWaitsForIsNothing() {
        changes.changed("nobody");

        assertThat(changes.waiting()).isZero();
    }
}
