package dev.baton.contracts;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.contracts.catalog.DeadLetters;
import dev.baton.contracts.limits.Limits;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    private static final Instant AT = Instant.parse("2026-02-06T08:00:00Z");
    private static final byte[] KEY = "key-1".getBytes(UTF_8);

    private static byte[] bytes(int size) {
        final byte[] value = new byte[size];
        Arrays.fill(value, (byte) 'v');
        return value;
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(UTF_8));
    }

    private static String text(Headers headers, String name) {
        final Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), UTF_8);
    }

    private static DeadLetters.Letter bounded(byte[] key, byte[] value, Header[] headers, int max) {
        return DeadLetters.bounded(key, value, headers, "data is not JSON", "backlog-submissions", 3, 42L, AT, max);
    }

    @Test
    void aLetterThatFitsKeepsTheOriginalWholeAndSaysNothingOfCutting() {
        final Header[] original = {header("content-type", "application/json"), header("ce_id", "evt-1")};

        final DeadLetters.Letter letter = bounded(KEY, bytes(1_000), original, Limits.MAX_DEAD_LETTER_BYTES);

        assertThat(letter.truncated()).isFalse();
        assertThat(letter.key()).isEqualTo(KEY);
        assertThat(letter.value()).isEqualTo(bytes(1_000));
        assertThat(text(letter.headers(), "content-type")).isEqualTo("application/json");
        assertThat(text(letter.headers(), DeadLetters.REASON)).isEqualTo("data is not JSON");
        assertThat(text(letter.headers(), DeadLetters.SOURCE_OFFSET)).isEqualTo("42");
        assertThat(letter.headers().lastHeader(DeadLetters.TRUNCATED)).isNull();
    }

    @Test
    void aRecordNearTheBrokersLimitWithALongHeaderIsCutHeadersFirstThenValue() {
        // The reproduction: 1,046,500 bytes of value and a 1,505-character content-type.
        final String longType = "application/json; x=" + "a".repeat(1_485);
        final Header[] original = {header("content-type", longType), header("ce_id", "evt-1")};

        final DeadLetters.Letter letter = bounded(KEY, bytes(1_046_500), original, Limits.MAX_DEAD_LETTER_BYTES);

        assertThat(letter.size()).isLessThanOrEqualTo(Limits.MAX_DEAD_LETTER_BYTES);
        assertThat(letter.truncated()).isTrue();
        assertThat(letter.key()).isEqualTo(KEY);
        assertThat(text(letter.headers(), "content-type"))
                .isEqualTo(longType.substring(0, Limits.MAX_DEAD_LETTER_HEADER));
        assertThat(text(letter.headers(), "ce_id")).isEqualTo("evt-1");
        assertThat(letter.value()).isEqualTo(bytes(letter.value().length));
        assertThat(letter.value().length).isGreaterThan(Limits.MAX_DEAD_LETTER_BYTES - 4_096);
        assertThat(text(letter.headers(), DeadLetters.REASON)).isEqualTo("data is not JSON");
        assertThat(text(letter.headers(), DeadLetters.TRUNCATED))
                .startsWith("key-bytes=5 key-kept=5 value-bytes=1046500 value-kept=" + letter.value().length
                        + " headers=2 headers-bytes=");
    }

    @Test
    void longHeadersAloneAreCutWhenThatIsEnoughAndTheValueStaysWhole() {
        final Header[] original = {header("x-big", "h".repeat(Limits.MAX_DEAD_LETTER_BYTES))};

        final DeadLetters.Letter letter = bounded(KEY, bytes(10_000), original, Limits.MAX_DEAD_LETTER_BYTES);

        assertThat(letter.size()).isLessThanOrEqualTo(Limits.MAX_DEAD_LETTER_BYTES);
        assertThat(letter.value()).isEqualTo(bytes(10_000));
        assertThat(text(letter.headers(), "x-big")).hasSize(Limits.MAX_DEAD_LETTER_HEADER);
        assertThat(text(letter.headers(), DeadLetters.TRUNCATED)).contains("value-bytes=10000 value-kept=10000");
    }

    @Test
    void aHugeKeyAndThousandsOfHeadersAreCutTooAndTheReasonIsAlwaysKept() {
        final Header[] original = new Header[20_000];
        for (int i = 0; i < original.length; i++) {
            original[i] = header("h" + "é".repeat(1_000) + i, "v".repeat(60));
        }
        final byte[] key = bytes(600_000);

        final DeadLetters.Letter letter = bounded(key, bytes(500_000), original, Limits.MAX_DEAD_LETTER_BYTES);

        assertThat(letter.size()).isLessThanOrEqualTo(Limits.MAX_DEAD_LETTER_BYTES);
        assertThat(letter.key()).hasSize(Limits.MAX_DEAD_LETTER_HEADER);
        assertThat(letter.headers().toArray().length).isLessThan(original.length);
        assertThat(Arrays.stream(letter.headers().toArray())
                        .mapToInt(h -> h.key().getBytes(UTF_8).length)
                        .max()
                        .orElseThrow())
                .isLessThanOrEqualTo(Limits.MAX_DEAD_LETTER_HEADER);
        assertThat(text(letter.headers(), DeadLetters.REASON)).isEqualTo("data is not JSON");
        assertThat(text(letter.headers(), DeadLetters.TRUNCATED))
                .contains("key-bytes=600000 key-kept=1024", "headers=20000");
    }

    @Test
    void aMinimalLetterHoldsTheReasonAndTheSourceOnly() {
        final Header[] original = {header("ce_id", "evt-1")};

        final DeadLetters.Letter letter =
                DeadLetters.minimal(KEY, bytes(5), original, "r".repeat(10_000), "backlog-submissions", 3, 42L, AT);

        assertThat(letter.key()).isNull();
        assertThat(letter.value()).isNull();
        assertThat(letter.headers().lastHeader("ce_id")).isNull();
        assertThat(text(letter.headers(), DeadLetters.REASON))
                .hasSize(Limits.MAX_DEAD_LETTER_REASON)
                .endsWith("...");
        assertThat(text(letter.headers(), DeadLetters.SOURCE_TOPIC)).isEqualTo("backlog-submissions");
        assertThat(text(letter.headers(), DeadLetters.SOURCE_PARTITION)).isEqualTo("3");
        assertThat(text(letter.headers(), DeadLetters.SOURCE_OFFSET)).isEqualTo("42");
        assertThat(text(letter.headers(), DeadLetters.TRUNCATED))
                .isEqualTo("key-bytes=5 key-kept=0 value-bytes=5"
                        + " value-kept=0 headers=1 headers-bytes=20 headers-kept=0 headers-kept-bytes=0");
    }

    @Test
    void aSmallerBoundCutsFurther() {
        final DeadLetters.Letter letter = bounded(KEY, bytes(800_000), new Header[0], Limits.MAX_DEAD_LETTER_BYTES / 4);

        assertThat(letter.size()).isLessThanOrEqualTo(Limits.MAX_DEAD_LETTER_BYTES / 4);
        assertThat(letter.value().length).isGreaterThan(Limits.MAX_DEAD_LETTER_BYTES / 4 - 4_096);
    }
}
