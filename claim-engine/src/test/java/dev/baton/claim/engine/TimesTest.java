package dev.baton.claim.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Backoff and time arithmetic: they saturate where a plain computation would overflow or throw. */
class TimesTest {

    private static final Instant T0 = Instant.parse("2026-02-05T09:00:00Z");

    @Test
    void backoffDoublesPerAttemptUpToTheCap() {
        final Settings settings = Settings.defaults();

        assertThat(settings.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.backoff(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.backoff(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(settings.backoff(40)).isEqualTo(settings.maxBackoff());
    }

    @Test
    void aBackoffSetBeyondWhatADurationHoldsIsTheLongestWait() {
        final Duration forever = Duration.ofSeconds(Long.MAX_VALUE / 2);
        final Settings settings = new Settings(
                Duration.ofSeconds(30),
                Duration.ofHours(24),
                forever,
                forever,
                Duration.ofSeconds(3),
                Duration.ofHours(1),
                Duration.ofDays(7));

        assertThat(settings.backoff(31)).isEqualTo(forever);
        assertThat(Times.plus(T0, settings.backoff(31))).isEqualTo(Instant.MAX);
    }

    @Test
    void timeArithmeticSaturatesAtTheEdges() {
        assertThat(Times.millis(Instant.MAX)).isEqualTo(Long.MAX_VALUE);
        assertThat(Times.millis(Instant.MIN)).isEqualTo(Long.MIN_VALUE);
        assertThat(Times.millis(T0)).isEqualTo(T0.toEpochMilli());
        assertThat(Times.plus(Instant.MIN, Duration.ofSeconds(-1))).isEqualTo(Instant.MIN);
        assertThat(Times.minusMillis(-5, Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Long.MIN_VALUE);
        assertThat(Times.minusMillis(Long.MIN_VALUE + 5, Duration.ofMillis(10))).isEqualTo(Long.MIN_VALUE);
        assertThat(Times.minusMillis(1_000, Duration.ofMillis(10))).isEqualTo(990);
        assertThat(Times.secondsBetween(Instant.MIN, Instant.MAX)).isEqualTo(Integer.MAX_VALUE);
    }
}
