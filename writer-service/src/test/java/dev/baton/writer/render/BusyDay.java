package dev.baton.writer.render;

import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.item.ItemSummary;
import dev.baton.contracts.item.Result;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A generated day of {@value #COMPLETIONS} completions, the same on every run: five kinds of work,
 * every 251st item failing once before it goes through, every 367th losing its lease and being
 * taken over, one item running for hours, and three items that fail for good and go dead.
 */
final class BusyDay {

    static final int COMPLETIONS = 10_000;
    static final int DEAD = 3;

    private static final List<String> BUILD = List.of(
            "Build the ingest parser",
            "Package the release bundle",
            "Build the search index",
            "Add retries to the uploader",
            "Wire the metrics exporter");
    private static final List<String> TEST =
            List.of("Run the integration suite", "Fuzz the request parser", "Soak-test the queue consumer");
    private static final List<String> DOCS = List.of("Document the lease settings", "Write the upgrade notes");
    private static final List<String> REVIEW = List.of("Review the retry change", "Review the schema migration");
    private static final List<String> LESSONS = List.of(
            "Learn how log compaction treats tombstones",
            "Learn why leases need fencing tokens",
            "Learn what exactly-once covers in Kafka Streams",
            "Learn how static membership speeds up restarts",
            "Learn how heartbeats set the lease deadline");
    private static final List<String> LESSON_SUMMARIES = List.of(
            "A tombstone keeps its key until delete.retention.ms has passed, then compaction drops it.",
            "A lease alone cannot stop a paused holder; the epoch on every write can.",
            "State, output and offsets commit in one transaction; side effects outside Kafka do not.",
            "A member that comes back with the same group.instance.id gets its partitions without a rebalance.",
            "A heartbeat extends the lease by the grant's length and never shortens it.");

    private BusyDay() {}

    static List<ItemEvent> events() {
        final List<ItemEvent> events = new ArrayList<>();
        for (int i = 0; i < COMPLETIONS; i++) {
            final String id = String.format(Locale.ROOT, "busy-%05d", i);
            final ItemSummary item = item(i);
            final String agent = "agent-" + (i % 12);
            final long start = i * 8L;
            final Result result = result(i, item);
            if (i == 4321) {
                // One item that ran for hours: claimed early in the morning, finished in its slot.
                events.add(claimed(id, 3_600, agent, 1, item));
                events.add(completed(id, start + 5, agent, 1, item, result));
            } else if (i % 251 == 0) {
                events.add(claimed(id, start, agent, 1, item));
                events.add(new ItemEvent.ItemFailed(
                        id,
                        at(start + 2),
                        ItemState.WAITING,
                        agent,
                        1,
                        "connection reset by peer",
                        true,
                        1,
                        at(start + 3),
                        item));
                events.add(claimed(id, start + 4, "agent-" + ((i + 1) % 12), 2, item));
                events.add(completed(id, start + 7, "agent-" + ((i + 1) % 12), 2, item, result));
            } else if (i % 367 == 0) {
                events.add(claimed(id, start, agent, 1, item));
                events.add(new ItemEvent.LeaseExpired(id, at(start + 3), ItemState.READY, agent, 1, 1, item));
                events.add(claimed(id, start + 4, "agent-" + ((i + 5) % 12), 2, item));
                events.add(completed(id, start + 7, "agent-" + ((i + 5) % 12), 2, item, result));
            } else {
                events.add(claimed(id, start, agent, 1, item));
                events.add(completed(id, start + 5, agent, 1, item, result));
            }
        }
        for (int d = 0; d < DEAD; d++) {
            final String id = "busy-dead-" + d;
            final ItemSummary item =
                    new ItemSummary("build", "Migrate the legacy exporter, part " + (d + 1), 7, List.of("exporter"));
            final long start = 40_000L + d * 1_000;
            events.add(claimed(id, start, "agent-11", 3, item));
            events.add(new ItemEvent.ItemFailed(
                    id,
                    at(start + 1),
                    ItemState.DEAD,
                    "agent-11",
                    3,
                    "schema not found: legacy.v1",
                    false,
                    3,
                    null,
                    item));
            events.add(new ItemEvent.ItemDeadLettered(
                    id, at(start + 1), ItemState.DEAD, "failure is not retryable", 3, item));
        }
        return events;
    }

    /** How many of the day's events are failures, expiries and dead items: the notable lines. */
    static long notable(List<ItemEvent> events) {
        return events.stream()
                .filter(e -> e instanceof ItemEvent.ItemFailed
                        || e instanceof ItemEvent.LeaseExpired
                        || e instanceof ItemEvent.ItemDeadLettered)
                .count();
    }

    private static ItemSummary item(int i) {
        final int kind = i % 10;
        if (kind < 3) {
            return new ItemSummary("build", pick(BUILD, i), priority(i), List.of("ingest"));
        } else if (kind < 5) {
            return new ItemSummary("test", pick(TEST, i), priority(i), List.of("ingest", "quality"));
        } else if (kind == 5) {
            return new ItemSummary("docs", pick(DOCS, i), priority(i), List.of("docs"));
        } else if (kind == 6) {
            return new ItemSummary("review", pick(REVIEW, i), priority(i), List.of("quality"));
        }
        return new ItemSummary("learn", pick(LESSONS, i), 1, List.of());
    }

    private static Result result(int i, ItemSummary item) {
        if ("learn".equals(item.type())) {
            final int lesson = LESSONS.indexOf(item.title());
            return new Result(LESSON_SUMMARIES.get(lesson), null, List.of("kafka"), List.of());
        }
        return new Result("Done; every check green (run " + i + ").", null, List.of(), List.of());
    }

    private static int priority(int i) {
        return i == 772 ? 9 : i % 6;
    }

    private static String pick(List<String> titles, int i) {
        return titles.get((i / 10) % titles.size());
    }

    private static ItemEvent.ItemClaimed claimed(String id, long second, String agent, long epoch, ItemSummary item) {
        return new ItemEvent.ItemClaimed(id, at(second), ItemState.CLAIMED, agent, epoch, at(second + 30), 1, item);
    }

    private static ItemEvent.ItemCompleted completed(
            String id, long second, String agent, long epoch, ItemSummary item, Result result) {
        return new ItemEvent.ItemCompleted(id, at(second), ItemState.DONE, agent, epoch, result, item);
    }

    private static Instant at(long second) {
        return Days.DATE.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(second);
    }
}
