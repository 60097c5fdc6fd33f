package dev.baton.demo;

import java.util.List;
import java.util.Random;

/**
 * What the demo's work is about: plausible titles for each type of item, and for {@code learn}
 * items the lesson the learning agent reports (summary, notes, tags), so the devlog has something
 * to say. Picked at random; nothing here is checked by anything.
 */
final class Catalog {

    /** The types of work the feed submits, with how often each comes (out of 100). */
    static final List<String> TYPES = List.of("build", "test", "docs", "review", "learn");

    private static final int[] WEIGHTS = {30, 20, 15, 15, 20};

    private static final List<String> BUILD = List.of(
            "Build the ingest parser",
            "Package the release bundle",
            "Build the search index",
            "Compile the protocol stubs",
            "Build the nightly image",
            "Add retries to the uploader",
            "Wire the metrics exporter",
            "Build the settings page");
    private static final List<String> TEST = List.of(
            "Run the integration suite",
            "Fuzz the request parser",
            "Check the upgrade path",
            "Soak-test the queue consumer",
            "Run the contract tests",
            "Replay last week's traffic");
    private static final List<String> DOCS = List.of(
            "Document the lease settings",
            "Write the upgrade notes",
            "Explain fencing tokens in the guide",
            "Update the API reference",
            "Draw the topic diagram");
    private static final List<String> REVIEW = List.of(
            "Review the retry change",
            "Review the schema migration",
            "Review the dashboard layout",
            "Review the partitioning proposal",
            "Review the on-call runbook");

    private static final List<String> BUILT = List.of(
            "Built and pushed; every check green",
            "Done; the change is behind a flag for now",
            "Merged after one more pass over the error paths",
            "Shipped with a small follow-up noted");
    private static final List<String> TESTED = List.of(
            "All green; two slow cases noted",
            "Found and filed one flaky case",
            "Passed on the second run after a fixture fix");
    private static final List<String> DOCUMENTED =
            List.of("Written and linked from the index", "Updated, with an example that runs");
    private static final List<String> REVIEWED =
            List.of("Approved with two small comments", "Asked for one change, then approved", "Approved; no comments");

    /** A lesson: the title of the item, and what the learning agent reports when it completes it. */
    record Lesson(String title, String summary, String notes, List<String> tags) {}

    private static final List<Lesson> LESSONS = List.of(
            new Lesson(
                    "Learn how log compaction treats tombstones",
                    "A tombstone keeps its key until delete.retention.ms has passed, then compaction drops it",
                    "Consumers that lag longer than the retention can miss a delete.",
                    List.of("kafka", "compaction")),
            new Lesson(
                    "Learn why leases need fencing tokens",
                    "A lease alone cannot stop a paused holder; the epoch on every write can",
                    "The service checks the epoch before anything else.",
                    List.of("leases", "fencing")),
            new Lesson(
                    "Learn what exactly-once covers in Kafka Streams",
                    "State, output and offsets commit in one transaction; side effects outside Kafka do not",
                    "Answers to HTTP callers ride on the same transaction here.",
                    List.of("kafka-streams", "eos")),
            new Lesson(
                    "Learn how static membership speeds up restarts",
                    "A member that comes back with the same group.instance.id gets its partitions without a rebalance",
                    "Only within session.timeout.ms.",
                    List.of("kafka", "consumer-groups")),
            new Lesson(
                    "Learn how heartbeats set the lease deadline",
                    "A heartbeat extends the lease by the grant's length and never shortens it",
                    "Heartbeat at a third of the lease to survive one lost beat.",
                    List.of("leases")),
            new Lesson(
                    "Learn how co-partitioning keeps decisions local",
                    "Topics keyed the same way with the same partition count meet in the same task",
                    "So one task is the only writer of an item's state.",
                    List.of("kafka", "partitioning")));

    private final Random random;

    Catalog(Random random) {
        this.random = random;
    }

    String type() {
        int roll = random.nextInt(100);
        for (int i = 0; i < TYPES.size(); i++) {
            roll -= WEIGHTS[i];
            if (roll < 0) {
                return TYPES.get(i);
            }
        }
        return TYPES.get(0);
    }

    String title(String type) {
        return switch (type) {
            case "build" -> pick(BUILD);
            case "test" -> pick(TEST);
            case "docs" -> pick(DOCS);
            case "review" -> pick(REVIEW);
            case "learn" -> pick(LESSONS).title();
            default -> "Do the " + type + " work";
        };
    }

    /** Mostly ordinary work, now and then something urgent. */
    int priority() {
        return random.nextInt(10) == 0 ? 9 : random.nextInt(6);
    }

    /** A one-line outcome for finished work of a type; {@code seed} picks one. */
    static String outcome(String type, long seed) {
        final List<String> choices = switch (type) {
            case "build" -> BUILT;
            case "test" -> TESTED;
            case "docs" -> DOCUMENTED;
            case "review" -> REVIEWED;
            default -> List.of("Done");
        };
        return choices.get((int) Math.floorMod(seed, choices.size()));
    }

    /** The lesson behind a {@code learn} item's title; a general one for a title it does not know. */
    static Lesson lesson(String title) {
        return LESSONS.stream()
                .filter(l -> l.title().equals(title))
                .findFirst()
                .orElse(new Lesson(title, "Read up on it and wrote down the key points", null, List.of("notes")));
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }
}
