package dev.baton.claim.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The index keys' layout: every time makes a key, and keys sort as their times do. */
class IndexKeysTest {

    private static final Instant T0 = Instant.parse("2026-02-05T09:00:00Z");

    @Test
    void anyInstantMakesAKeyAndTheEdgesSortFirstAndLast() {
        final TreeSet<String> keys = new TreeSet<>(List.of(
                IndexKeys.timed(T0, "now"),
                IndexKeys.timed(Instant.MAX, "max"),
                IndexKeys.timed(Instant.parse("+292278995-01-01T00:00:00Z"), "far"),
                IndexKeys.timed(Instant.MIN, "min"),
                IndexKeys.timed(T0.plusSeconds(1), "later")));

        assertThat(keys).extracting(IndexKeys::lastPart).containsExactly("min", "now", "later", "far", "max");
        assertThat(keys).allSatisfy(key -> assertThat(IndexKeys.parts(key)[0]).hasSize(15));
    }

    @Test
    void aFarFutureTimeIsNeverDue() {
        final String far = IndexKeys.timed(Instant.MAX, "far");

        assertThat(far.compareTo(IndexKeys.after(Long.MAX_VALUE)))
                .isLessThan(0)
                .as("clamped to the last key time, which only the end of keys reaches");
        assertThat(far.compareTo(IndexKeys.after(T0.toEpochMilli()))).isGreaterThan(0);
    }

    @Test
    void readyKeysOrderByPriorityThenAgeWhateverTheTimes() {
        final TreeSet<String> keys = new TreeSet<>(List.of(
                IndexKeys.ready("build", 5, Instant.MAX, "young-urgent"),
                IndexKeys.ready("build", 5, T0, "old-urgent"),
                IndexKeys.ready("build", Integer.MIN_VALUE, Instant.MIN, "least"),
                IndexKeys.ready("build", Integer.MAX_VALUE, Instant.MAX, "most")));

        assertThat(keys).extracting(IndexKeys::lastPart).containsExactly("most", "old-urgent", "young-urgent", "least");
        assertThat(IndexKeys.priorityOf(keys.first())).isEqualTo(Integer.MAX_VALUE);
        assertThat(IndexKeys.priorityOf(keys.last())).isEqualTo(Integer.MIN_VALUE);
    }
}
