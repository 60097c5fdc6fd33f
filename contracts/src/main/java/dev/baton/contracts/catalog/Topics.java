package dev.baton.contracts.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The one catalog of Baton's topics. Nothing else spells a topic name.
 *
 * <p>Every topic keyed by item id has the same partition count, so the claim engine can join
 * {@code backlog-items} and {@code claim-requests} partition by partition.
 */
public final class Topics {

    /** Partition count of every co-partitioned topic unless a deployment says otherwise. */
    public static final int DEFAULT_PARTITIONS = 12;

    public static final TopicSpec BACKLOG_SUBMISSIONS = new TopicSpec(
            "backlog-submissions",
            DEFAULT_PARTITIONS,
            CleanupPolicy.DELETE,
            Duration.ofDays(7),
            "CloudEvents from other systems asking for new items; any key");
    public static final TopicSpec BACKLOG_SUBMISSIONS_DLQ = new TopicSpec(
            "backlog-submissions-dlq",
            DEFAULT_PARTITIONS,
            CleanupPolicy.DELETE,
            Duration.ofDays(30),
            "submissions that could not be read or validated, with the reason in headers");
    public static final TopicSpec BACKLOG_ITEMS = new TopicSpec(
            "backlog-items",
            DEFAULT_PARTITIONS,
            CleanupPolicy.DELETE,
            Duration.ofDays(30),
            "ItemSubmitted from the backlog service; keyed by item id");
    public static final TopicSpec CLAIM_REQUESTS = new TopicSpec(
            "claim-requests",
            DEFAULT_PARTITIONS,
            CleanupPolicy.DELETE,
            Duration.ofDays(7),
            "agent commands; keyed by item id, claim-next sent to a chosen partition");
    /*
     * One partition: every API instance reads every answer anyway, and a transaction of the
     * engine then touches one reply partition instead of twelve, which keeps commits short.
     */
    public static final TopicSpec CLAIM_REPLIES = new TopicSpec(
            "claim-replies",
            1,
            CleanupPolicy.DELETE,
            Duration.ofHours(1),
            "the engine's answer to each command, keyed by request id");
    public static final TopicSpec CLAIM_HINTS = new TopicSpec(
            "claim-hints",
            1,
            CleanupPolicy.COMPACT,
            null,
            "per engine partition: how many ready items of each type it holds; keyed by partition");
    public static final TopicSpec CLAIM_ENGINE_DLQ = new TopicSpec(
            "claim-engine-dlq",
            DEFAULT_PARTITIONS,
            CleanupPolicy.DELETE,
            Duration.ofDays(30),
            "records the claim engine could not read, with the reason in headers");
    public static final TopicSpec CLAIMS = new TopicSpec(
            "claims", DEFAULT_PARTITIONS, CleanupPolicy.COMPACT, null, "latest claim state per item; keyed by item id");
    public static final TopicSpec ITEM_EVENTS = new TopicSpec(
            "item-events",
            DEFAULT_PARTITIONS,
            CleanupPolicy.DELETE,
            Duration.ofDays(365),
            "every lifecycle event, the audit log; keyed by item id");
    public static final TopicSpec ITEM_EVENTS_DLQ = new TopicSpec(
            "item-events-dlq",
            DEFAULT_PARTITIONS,
            CleanupPolicy.DELETE,
            Duration.ofDays(30),
            "item events a consumer could not read, with the reason in headers");
    public static final TopicSpec DEVLOG_POSTS = new TopicSpec(
            "devlog-posts",
            DEFAULT_PARTITIONS,
            CleanupPolicy.COMPACT,
            null,
            "one devlog post per slug, as CloudEvents");

    private static final List<TopicSpec> ALL = List.of(
            BACKLOG_SUBMISSIONS,
            BACKLOG_SUBMISSIONS_DLQ,
            BACKLOG_ITEMS,
            CLAIM_REQUESTS,
            CLAIM_REPLIES,
            CLAIM_HINTS,
            CLAIM_ENGINE_DLQ,
            CLAIMS,
            ITEM_EVENTS,
            ITEM_EVENTS_DLQ,
            DEVLOG_POSTS);

    private Topics() {}

    /** Every topic Baton uses, in a stable order. */
    public static List<TopicSpec> all() {
        return ALL;
    }

    /** Every topic with the given partition count, for deployments that size them otherwise. */
    public static List<TopicSpec> all(int partitions) {
        return ALL.stream()
                .map(t -> t.partitions() == DEFAULT_PARTITIONS ? t.withPartitions(partitions) : t)
                .toList();
    }

    public static Optional<TopicSpec> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
