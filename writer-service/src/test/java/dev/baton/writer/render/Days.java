package dev.baton.writer.render;

import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.item.ItemSummary;
import dev.baton.contracts.item.Result;
import dev.baton.writer.material.DayMaterial;
import dev.baton.writer.material.MaterialSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Fixed days of material for the renderer's tests, built the way the writer builds them: folded event by event. */
final class Days {

    static final LocalDate DATE = LocalDate.parse("2026-02-05");
    static final MaterialSettings SETTINGS = MaterialSettings.defaults();
    static final Author AUTHOR =
            new Author("Baton", "Backlog agent", "https://example.org/baton", "https://example.org/baton.png");

    private static final ItemSummary LOCKING = new ItemSummary(
            "build", "Multi-agent backlog processing with item-level locking", 8, List.of("locking", "Backlog"));
    private static final ItemSummary CLAIMING =
            new ItemSummary("build", "Refactor the task runner to claim items", 5, List.of("runner"));
    private static final ItemSummary WRITER =
            new ItemSummary("build", "Autonomous article writer job", 3, List.of("writer"));
    private static final ItemSummary PHP = new ItemSummary("learn", "PHP 8.4 features", 1, List.of("php"));
    private static final ItemSummary WORDPRESS =
            new ItemSummary("learn", "WordPress 6.7 release", 1, List.of("wordpress"));

    private Days() {}

    /** Builds, one learning item, a failure and an expiry. */
    static DayMaterial normal() {
        return day(normalEvents());
    }

    static List<ItemEvent> normalEvents() {
        return List.of(
                submitted("41", "08:55:00", LOCKING),
                claimed("41", "09:00:00", "agent-7", 1, LOCKING),
                claimed("42", "09:12:07", "agent-7", 3, CLAIMING),
                claimed("43", "09:20:00", "agent-8", 1, WRITER),
                completed(
                        "41",
                        "10:02:00",
                        "agent-7",
                        1,
                        LOCKING,
                        new Result(
                                "Each item now has one owner at a time, for the length of its lease.",
                                "Two agents racing for one item: exactly one gets it.",
                                List.of("locking", "concurrency"),
                                List.of("tests: 31 passed"))),
                failed("43", "10:05:00", "agent-8", 1, WRITER, "timeout calling the model after 30s"),
                completed(
                        "42",
                        "11:30:00",
                        "agent-7",
                        3,
                        CLAIMING,
                        new Result(
                                "Claiming is explicit now: inspect, claim, run, release",
                                null,
                                List.of("Locking"),
                                List.of())),
                claimed("44", "12:00:00", "agent-9", 2, PHP),
                completed(
                        "44",
                        "12:40:00",
                        "agent-9",
                        2,
                        PHP,
                        new Result(
                                "Property hooks and asymmetric visibility would tidy the tooling's value objects.",
                                "Worth a look before the next refactor.",
                                List.of("php"),
                                List.of())),
                claimed("45", "13:00:00", "agent-6", 4, WRITER),
                expired("45", "13:00:30", "agent-6", 4, 2, WRITER));
    }

    /** Nothing built: two items from the learning feeds. */
    static DayMaterial learningOnly() {
        return day(learningOnlyEvents());
    }

    static List<ItemEvent> learningOnlyEvents() {
        return List.of(
                claimed("51", "09:00:00", "agent-9", 1, PHP),
                completed(
                        "51",
                        "09:30:00",
                        "agent-9",
                        1,
                        PHP,
                        new Result(
                                "PHP 8.4 pushes further into ergonomics: property hooks, lazy objects.",
                                null,
                                List.of("php", "ecosystem"),
                                List.of())),
                claimed("52", "10:00:00", "agent-9", 1, WORDPRESS),
                completed(
                        "52",
                        "10:45:00",
                        "agent-9",
                        1,
                        WORDPRESS,
                        new Result(
                                "Editor stability over disruption; plugin authors should test upgrade paths.",
                                "Keep extension code upgrade-safe.",
                                List.of("wordpress", "Ecosystem"),
                                List.of())));
    }

    /** Summaries, notes, errors and titles that would break Markdown, MDX or YAML if written as they are. */
    static DayMaterial hostile() {
        return day(hostileEvents());
    }

    static List<ItemEvent> hostileEvents() {
        final ItemSummary colon =
                new ItemSummary("build", "Fix: the \"quoted\" title's {edge} case", 9, List.of("Parser", "mdx"));
        final ItemSummary tags = new ItemSummary("build", "<Tabs> and `code` in titles", 2, List.of("mdx"));
        return List.of(
                claimed("61", "09:00:00", "agent-1", 1, colon),
                completed(
                        "61",
                        "09:10:00",
                        "agent-1",
                        1,
                        colon,
                        new Result(
                                "Handled {props.value} and <div className=\"x\">raw</div> in `inline code`.",
                                "Line one\n```\nexport const x = 1;\n```\n# not a heading\n:::danger not an admonition",
                                List.of("parser"),
                                List.of())),
                claimed("62", "09:20:00", "agent-``` {x} <y>", 1, tags),
                completed(
                        "62",
                        "09:30:00",
                        "agent-``` {x} <y>",
                        1,
                        tags,
                        new Result("{/* not a comment */} & &lt; stays text; ---", null, List.of(), List.of())),
                failed("63", "10:00:00", "agent-1", 2, tags, "expected '}' but found '<' at 1:7 ```boom```"));
    }

    /** A quiet day: one piece of work, claimed and finished, nothing else. */
    static DayMaterial quiet() {
        return day(quietEvents());
    }

    static List<ItemEvent> quietEvents() {
        final ItemSummary readme = new ItemSummary("docs", "Explain leases in the README", 2, List.of("docs"));
        return List.of(
                claimed("91", "10:00:00", "agent-2", 1, readme),
                completed(
                        "91",
                        "10:40:00",
                        "agent-2",
                        1,
                        readme,
                        new Result(
                                "The README now says what a lease is and why a heartbeat renews it.",
                                null,
                                List.of("leases"),
                                List.of())));
    }

    /**
     * Ten items of five kinds: one failed and then went through, one lost its lease and was taken
     * over, two learning items said the same thing, and one docs and one review item were the
     * only ones of their kind.
     */
    static DayMaterial tenItems() {
        return day(tenItemsEvents());
    }

    static List<ItemEvent> tenItemsEvents() {
        final ItemSummary fencing =
                new ItemSummary("build", "Fence stale completions by epoch", 9, List.of("leases", "fencing"));
        final ItemSummary retries = new ItemSummary("build", "Add retries to the uploader", 4, List.of("uploader"));
        final ItemSummary index = new ItemSummary("build", "Build the search index", 3, List.of("search"));
        final ItemSummary heartbeat =
                new ItemSummary("build", "Heartbeat at a third of the lease", 6, List.of("leases"));
        final ItemSummary soak = new ItemSummary("test", "Soak-test the queue consumer", 5, List.of("kafka"));
        final ItemSummary contract = new ItemSummary("test", "Run the contract tests", 2, List.of("leases"));
        final ItemSummary guide =
                new ItemSummary("docs", "Explain fencing tokens in the guide", 3, List.of("leases", "fencing"));
        final ItemSummary review = new ItemSummary("review", "Review the partitioning proposal", 1, List.of("kafka"));
        final ItemSummary lesson = new ItemSummary("learn", "Learn why leases need fencing tokens", 1, List.of());
        final ItemSummary lessonAgain = new ItemSummary("learn", "Read up on lease fencing", 1, List.of());
        final Result fencingLesson = new Result(
                "A lease alone cannot stop a paused holder; the epoch on every write can.",
                "The engine checks the epoch before anything else.",
                List.of("leases", "fencing"),
                List.of());
        return List.of(
                claimed("101", "08:00:00", "agent-1", 1, fencing),
                claimed("102", "08:10:00", "agent-2", 1, retries),
                failed("102", "08:30:00", "agent-2", 1, retries, "upload timed out after 30s"),
                claimed("103", "08:40:00", "agent-3", 1, index),
                completed("103", "09:05:00", "agent-3", 1, index, Result.of("Built and pushed; every check green")),
                claimed("102", "09:10:00", "agent-4", 2, retries),
                completed(
                        "101",
                        "09:20:00",
                        "agent-1",
                        1,
                        fencing,
                        new Result(
                                "A completion from an old epoch is refused, so a paused holder cannot overwrite the new one.",
                                null,
                                List.of("fencing"),
                                List.of())),
                completed(
                        "102",
                        "09:45:00",
                        "agent-4",
                        2,
                        retries,
                        Result.of("Three retries with backoff; the flaky upload passes")),
                claimed("104", "10:00:00", "agent-1", 1, heartbeat),
                claimed("105", "10:05:00", "agent-5", 1, soak),
                expired("105", "10:05:30", "agent-5", 1, 1, soak),
                claimed("105", "10:06:00", "agent-6", 2, soak),
                completed(
                        "104",
                        "10:30:00",
                        "agent-1",
                        1,
                        heartbeat,
                        Result.of("Heartbeats go out at a third of the lease")),
                claimed("106", "11:00:00", "agent-2", 1, contract),
                completed("106", "11:20:00", "agent-2", 1, contract, Result.of("All green")),
                claimed("107", "11:30:00", "agent-3", 1, guide),
                completed("107", "12:00:00", "agent-3", 1, guide, Result.of("Written and linked from the index")),
                claimed("108", "12:10:00", "agent-7", 1, review),
                completed("108", "12:30:00", "agent-7", 1, review, Result.of("Approved with two small comments")),
                claimed("109", "13:00:00", "agent-9", 1, lesson),
                completed("109", "13:20:00", "agent-9", 1, lesson, fencingLesson),
                claimed("110", "14:00:00", "agent-9", 1, lessonAgain),
                completed("110", "14:15:00", "agent-9", 1, lessonAgain, fencingLesson),
                completed("105", "15:40:00", "agent-6", 2, soak, Result.of("Six hours steady; no lag building up")));
    }

    static DayMaterial day(ItemEvent... events) {
        return day(List.of(events));
    }

    static DayMaterial day(List<ItemEvent> events) {
        return DayMaterial.of(DATE, events, SETTINGS);
    }

    /** The same events {@code days} later: for comparing one day's post with the next day's. */
    static DayMaterial later(List<ItemEvent> events, int days) {
        final Duration by = Duration.ofDays(days);
        return DayMaterial.of(
                DATE.plusDays(days), events.stream().map(e -> shift(e, by)).toList(), SETTINGS);
    }

    private static ItemEvent shift(ItemEvent e, Duration by) {
        if (e instanceof ItemEvent.ItemSubmitted x) {
            return new ItemEvent.ItemSubmitted(x.itemId(), x.at().plus(by), x.state(), x.spec(), x.requestId());
        } else if (e instanceof ItemEvent.ItemClaimed x) {
            return new ItemEvent.ItemClaimed(
                    x.itemId(),
                    x.at().plus(by),
                    x.state(),
                    x.agent(),
                    x.epoch(),
                    x.leaseUntil().plus(by),
                    x.attempt(),
                    x.item());
        } else if (e instanceof ItemEvent.ItemCompleted x) {
            return new ItemEvent.ItemCompleted(
                    x.itemId(), x.at().plus(by), x.state(), x.agent(), x.epoch(), x.result(), x.item());
        } else if (e instanceof ItemEvent.ItemFailed x) {
            return new ItemEvent.ItemFailed(
                    x.itemId(),
                    x.at().plus(by),
                    x.state(),
                    x.agent(),
                    x.epoch(),
                    x.error(),
                    x.retryable(),
                    x.attempts(),
                    x.retryAt() == null ? null : x.retryAt().plus(by),
                    x.item());
        } else if (e instanceof ItemEvent.LeaseExpired x) {
            return new ItemEvent.LeaseExpired(
                    x.itemId(), x.at().plus(by), x.state(), x.agent(), x.epoch(), x.attempts(), x.item());
        } else if (e instanceof ItemEvent.ItemDeadLettered x) {
            return new ItemEvent.ItemDeadLettered(
                    x.itemId(), x.at().plus(by), x.state(), x.reason(), x.attempts(), x.item());
        }
        throw new IllegalArgumentException("no shift for " + e);
    }

    static ItemEvent.ItemSubmitted submitted(String id, String time, ItemSummary item) {
        return new ItemEvent.ItemSubmitted(
                id,
                at(time),
                ItemState.READY,
                new ItemSpec(item.type(), item.title(), null, item.priority(), item.labels(), 3, null, null, List.of()),
                "req-" + id);
    }

    static ItemEvent.ItemClaimed claimed(String id, String time, String agent, long epoch, ItemSummary item) {
        return new ItemEvent.ItemClaimed(
                id, at(time), ItemState.CLAIMED, agent, epoch, at(time).plusSeconds(30), 1, item);
    }

    static ItemEvent.ItemCompleted completed(
            String id, String time, String agent, long epoch, ItemSummary item, Result result) {
        return new ItemEvent.ItemCompleted(id, at(time), ItemState.DONE, agent, epoch, result, item);
    }

    static ItemEvent.ItemFailed failed(
            String id, String time, String agent, long epoch, ItemSummary item, String error) {
        return new ItemEvent.ItemFailed(
                id, at(time), ItemState.WAITING, agent, epoch, error, true, 1, at(time).plusSeconds(60), item);
    }

    static ItemEvent.LeaseExpired expired(
            String id, String time, String agent, long epoch, int attempts, ItemSummary item) {
        return new ItemEvent.LeaseExpired(id, at(time), ItemState.READY, agent, epoch, attempts, item);
    }

    private static Instant at(String time) {
        return Instant.parse(DATE + "T" + time + "Z");
    }
}
