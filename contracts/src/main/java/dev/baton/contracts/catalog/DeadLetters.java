package dev.baton.contracts.catalog;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.baton.contracts.limits.Limits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Dead-letter records: the original bytes and headers, plus why the record is there and where it came from. */
public final class DeadLetters {

    public static final String REASON = "baton-dlq-reason";
    public static final String SOURCE_TOPIC = "baton-dlq-source-topic";
    public static final String SOURCE_PARTITION = "baton-dlq-source-partition";
    public static final String SOURCE_OFFSET = "baton-dlq-source-offset";
    public static final String FAILED_AT = "baton-dlq-failed-at";
    /**
     * Present only on a dead letter that does not hold the whole original: the sizes it had and
     * kept, as {@code key-bytes=12 key-kept=12 value-bytes=1046500 value-kept=917000 headers=2
     * headers-bytes=1541 headers-kept=2 headers-kept-bytes=1060}.
     */
    public static final String TRUNCATED = "baton-dlq-truncated";

    /*
     * What a record costs the producer and the broker beyond its key, value and headers: the
     * batch header (61 bytes) and the record's varint framing (at most 36 bytes), rounded up;
     * and per header the two varint lengths.
     */
    static final int RECORD_OVERHEAD = 128;
    static final int HEADER_OVERHEAD = 10;
    /** Room kept for the {@link #TRUNCATED} header, whose figures are not known before the cut. */
    private static final int TRUNCATED_ROOM = HEADER_OVERHEAD + 40 + 200;

    private DeadLetters() {}

    /**
     * The headers of a dead letter: a copy of the original headers with the reason and the source
     * added. {@code topic}, {@code partition} and {@code offset} may be {@code null} when unknown.
     */
    public static Headers headers(
            Header[] original, String reason, String topic, Integer partition, Long offset, Instant failedAt) {
        final Headers headers = new RecordHeaders(original);
        for (Header header : ours(reason, topic, partition, offset, failedAt)) {
            headers.add(header);
        }
        return headers;
    }

    /** A dead letter as it is sent: what is kept of the original's key and value, and every header. */
    public record Letter(byte[] key, byte[] value, Headers headers, boolean truncated) {

        /** The record's size as {@link #sizeOf} counts it. */
        public int size() {
            return sizeOf(key, value, headers.toArray());
        }
    }

    /**
     * A dead letter of at most {@code maxBytes} (key, value, headers and Kafka's framing): the
     * original whole when it fits; else its long headers cut to {@link Limits#MAX_DEAD_LETTER_HEADER}
     * bytes and then its value cut to fit; else (a huge key, thousands of headers) the key cut
     * too and the headers kept in order while they fill half of what is left. The reason (cut
     * to {@link Limits#MAX_DEAD_LETTER_REASON} characters) and the source are always kept, and
     * a cut one says so in {@link #TRUNCATED}. When even that cannot fit, the {@link #minimal} one.
     */
    public static Letter bounded(
            byte[] key,
            byte[] value,
            Header[] original,
            String reason,
            String topic,
            Integer partition,
            Long offset,
            Instant failedAt,
            int maxBytes) {
        final List<Header> ours = ours(reason, topic, partition, offset, failedAt);
        final Header[] originals = original == null ? new Header[0] : original;
        final Header[] whole = concat(Arrays.asList(originals), ours).toArray(new Header[0]);
        if (sizeOf(key, value, whole) <= maxBytes) {
            return new Letter(key, value, new RecordHeaders(whole), false);
        }
        final int fixed = RECORD_OVERHEAD + headerBytes(ours) + TRUNCATED_ROOM;
        // First the long headers, then the value.
        final List<Header> shortened =
                Arrays.stream(originals).map(DeadLetters::cut).toList();
        int room = maxBytes - fixed - length(key) - headerBytes(shortened);
        if (room >= 0) {
            return cutLetter(key, value, originals, key, shortened, Math.min(length(value), room), ours);
        }
        // The key or the number of headers is the problem: cut the key, keep what headers fit.
        final byte[] shortKey = key == null || key.length <= Limits.MAX_DEAD_LETTER_HEADER
                ? key
                : Arrays.copyOf(key, Limits.MAX_DEAD_LETTER_HEADER);
        final int left = maxBytes - fixed - length(shortKey);
        final List<Header> kept = new ArrayList<>();
        int headerRoom = left / 2;
        for (Header header : shortened) {
            final int size = headerBytes(List.of(header));
            if (size > headerRoom) {
                break;
            }
            kept.add(header);
            headerRoom -= size;
        }
        room = left - headerBytes(kept);
        if (room < 0) {
            return minimal(key, value, original, reason, topic, partition, offset, failedAt);
        }
        return cutLetter(key, value, originals, shortKey, kept, Math.min(length(value), room), ours);
    }

    /**
     * The smallest dead letter: no key, no value, none of the original headers; only the reason,
     * the source and the {@link #TRUNCATED} figures. For an original the dead-letter topic
     * refused even when cut: its coordinates still find it on the source topic.
     */
    public static Letter minimal(
            byte[] key,
            byte[] value,
            Header[] original,
            String reason,
            String topic,
            Integer partition,
            Long offset,
            Instant failedAt) {
        final Header[] originals = original == null ? new Header[0] : original;
        final List<Header> headers = new ArrayList<>(ours(reason, topic, partition, offset, failedAt));
        headers.add(truncated(key, null, value, 0, originals, List.of()));
        return new Letter(null, null, new RecordHeaders(headers.toArray(new Header[0])), true);
    }

    /** The size of a record as the producer bounds it, rounded up: key, value, headers and framing. */
    public static int sizeOf(byte[] key, byte[] value, Header[] headers) {
        return RECORD_OVERHEAD + length(key) + length(value) + headerBytes(Arrays.asList(headers));
    }

    private static Letter cutLetter(
            byte[] key,
            byte[] value,
            Header[] originals,
            byte[] keptKey,
            List<Header> keptHeaders,
            int keptValue,
            List<Header> ours) {
        final byte[] shortValue = value == null ? null : Arrays.copyOf(value, keptValue);
        final List<Header> headers = new ArrayList<>(concat(keptHeaders, ours));
        headers.add(truncated(key, keptKey, value, keptValue, originals, keptHeaders));
        return new Letter(keptKey, shortValue, new RecordHeaders(headers.toArray(new Header[0])), true);
    }

    private static Header truncated(
            byte[] key, byte[] keptKey, byte[] value, int keptValue, Header[] originals, List<Header> keptHeaders) {
        final String figures = String.format(
                Locale.ROOT,
                "key-bytes=%d key-kept=%d value-bytes=%d value-kept=%d headers=%d headers-bytes=%d headers-kept=%d"
                        + " headers-kept-bytes=%d",
                length(key),
                length(keptKey),
                length(value),
                value == null ? 0 : keptValue,
                originals.length,
                headerBytes(Arrays.asList(originals)),
                keptHeaders.size(),
                headerBytes(keptHeaders));
        return new RecordHeader(TRUNCATED, figures.getBytes(UTF_8));
    }

    private static List<Header> ours(String reason, String topic, Integer partition, Long offset, Instant failedAt) {
        final List<Header> headers = new ArrayList<>();
        headers.add(new RecordHeader(REASON, clip(reason).getBytes(UTF_8)));
        if (topic != null) {
            headers.add(new RecordHeader(SOURCE_TOPIC, topic.getBytes(UTF_8)));
        }
        if (partition != null) {
            headers.add(new RecordHeader(
                    SOURCE_PARTITION, Integer.toString(partition).getBytes(UTF_8)));
        }
        if (offset != null) {
            headers.add(new RecordHeader(SOURCE_OFFSET, Long.toString(offset).getBytes(UTF_8)));
        }
        headers.add(new RecordHeader(FAILED_AT, failedAt.toString().getBytes(UTF_8)));
        return headers;
    }

    /** The reason as a dead letter carries it: for people, so the first {@link Limits#MAX_DEAD_LETTER_REASON} characters. */
    public static String clip(String reason) {
        final String text = reason == null ? "" : reason;
        if (text.length() <= Limits.MAX_DEAD_LETTER_REASON) {
            return text;
        }
        int end = Limits.MAX_DEAD_LETTER_REASON - 3;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "...";
    }

    /** A header with its name and value cut to {@link Limits#MAX_DEAD_LETTER_HEADER} bytes each. */
    private static Header cut(Header header) {
        final byte[] value = header.value();
        final boolean longValue = value != null && value.length > Limits.MAX_DEAD_LETTER_HEADER;
        final String name = cutName(header.key());
        if (!longValue && name.equals(header.key())) {
            return header;
        }
        return new RecordHeader(name, longValue ? Arrays.copyOf(value, Limits.MAX_DEAD_LETTER_HEADER) : value);
    }

    /** The longest prefix of {@code name} whose UTF-8 fits the bound, never splitting a character. */
    private static String cutName(String name) {
        if (name.length() * 3 <= Limits.MAX_DEAD_LETTER_HEADER
                || name.getBytes(UTF_8).length <= Limits.MAX_DEAD_LETTER_HEADER) {
            return name;
        }
        int bytes = 0;
        int i = 0;
        while (i < name.length()) {
            final int cp = name.codePointAt(i);
            final int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > Limits.MAX_DEAD_LETTER_HEADER) {
                break;
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        return name.substring(0, i);
    }

    private static List<Header> concat(List<Header> first, List<Header> second) {
        final List<Header> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static int headerBytes(List<Header> headers) {
        int total = 0;
        for (Header header : headers) {
            total += HEADER_OVERHEAD + header.key().getBytes(UTF_8).length + length(header.value());
        }
        return total;
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }
}
