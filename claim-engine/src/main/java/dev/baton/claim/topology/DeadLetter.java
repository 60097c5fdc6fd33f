package dev.baton.claim.topology;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.baton.contracts.catalog.DeadLetters;
import dev.baton.contracts.limits.Limits;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * A record the engine will not apply, as it goes to {@code claim-engine-dlq}: the original bytes
 * and headers with the reason and the source. A dead letter must itself be one record, or the
 * producer refuses it and the engine could not go on past it: an original too large to go with
 * its reason is cut to its first bytes, oversized headers or key are left out, and the reason
 * says what was cut. The reason is kept as given; whoever prints it escapes it.
 *
 * @param record the record for the DLQ sink, stamped with the time it was written
 * @param reason the reason it carries, with what was cut
 */
record DeadLetter(Record<String, Object> record, String reason) {

    /** The longest reason kept, in characters. */
    static final int MAX_REASON = 2_000;
    /** Headers or a key larger than this share of the bound are left out rather than crowd out the original. */
    private static final int MAX_PART = Limits.MAX_DEAD_LETTER_BYTES / 4;
    /** Room kept for the reason (at most four bytes a character) and the headers this class adds. */
    private static final int RESERVED = 4 * MAX_REASON + 1_024;

    static DeadLetter of(
            Record<String, Object> original, byte[] raw, String reason, RecordMetadata source, Instant now) {
        final StringBuilder why = new StringBuilder(clip(reason, MAX_REASON));
        Header[] headers = original.headers().toArray();
        int headerBytes = Arrays.stream(headers)
                .mapToInt(h -> h.key().getBytes(UTF_8).length + (h.value() == null ? 0 : h.value().length))
                .sum();
        if (headerBytes > MAX_PART) {
            why.append(" (the original's ").append(headerBytes).append(" bytes of headers left out)");
            headers = new Header[0];
            headerBytes = 0;
        }
        String key = original.key();
        int keyBytes = key == null ? 0 : key.getBytes(UTF_8).length;
        if (keyBytes > MAX_PART) {
            why.append(" (the original's key of ").append(keyBytes).append(" bytes left out)");
            key = null;
            keyBytes = 0;
        }
        byte[] value = raw;
        final int room = Limits.MAX_DEAD_LETTER_BYTES - headerBytes - keyBytes - RESERVED;
        if (value != null && value.length > room) {
            why.append(" (the original of ")
                    .append(value.length)
                    .append(" bytes cut to its first ")
                    .append(room)
                    .append(')');
            value = Arrays.copyOf(value, room);
        }
        final String said = why.toString();
        return new DeadLetter(
                new Record<>(
                        key,
                        value,
                        now.toEpochMilli(),
                        DeadLetters.headers(
                                headers,
                                said,
                                source == null ? null : source.topic(),
                                source == null ? null : source.partition(),
                                source == null ? null : source.offset(),
                                now)),
                said);
    }

    static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max) + "...";
    }
}
