package dev.baton.contracts.catalog;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Instant;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Dead-letter records: the original bytes and headers, plus why the record is there and where it came from. */
public final class DeadLetters {

    public static final String REASON = "baton-dlq-reason";
    public static final String SOURCE_TOPIC = "baton-dlq-source-topic";
    public static final String SOURCE_PARTITION = "baton-dlq-source-partition";
    public static final String SOURCE_OFFSET = "baton-dlq-source-offset";
    public static final String FAILED_AT = "baton-dlq-failed-at";

    private DeadLetters() {
    }

    /**
     * The headers of a dead letter: a copy of the original headers with the reason and the source
     * added. {@code topic}, {@code partition} and {@code offset} may be {@code null} when unknown.
     */
    public static Headers headers(Header[] original, String reason, String topic, Integer partition, Long offset,
            Instant failedAt) {
        final Headers headers = new RecordHeaders(original);
        headers.add(REASON, reason.getBytes(UTF_8));
        if (topic != null) {
            headers.add(SOURCE_TOPIC, topic.getBytes(UTF_8));
        }
        if (partition != null) {
            headers.add(SOURCE_PARTITION, Integer.toString(partition).getBytes(UTF_8));
        }
        if (offset != null) {
            headers.add(SOURCE_OFFSET, Long.toString(offset).getBytes(UTF_8));
        }
        headers.add(FAILED_AT, failedAt.toString().getBytes(UTF_8));
        return headers;
    }
}
