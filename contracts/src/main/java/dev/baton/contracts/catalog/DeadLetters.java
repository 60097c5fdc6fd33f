package dev.baton.contracts.catalog;

/** Header names on every dead-letter record: why it is there and where it came from. */
public final class DeadLetters {

    public static final String REASON = "baton-dlq-reason";
    public static final String SOURCE_TOPIC = "baton-dlq-source-topic";
    public static final String SOURCE_PARTITION = "baton-dlq-source-partition";
    public static final String SOURCE_OFFSET = "baton-dlq-source-offset";
    public static final String FAILED_AT = "baton-dlq-failed-at";

    private DeadLetters() {
    }
}
