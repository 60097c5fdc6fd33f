package dev.baton.writer.render;

import dev.baton.contracts.event.ItemEvent;
import dev.baton.contracts.item.ItemSpec;
import dev.baton.contracts.item.ItemState;
import dev.baton.contracts.item.ItemSummary;
import dev.baton.contracts.item.Result;
import dev.baton.writer.material.DayMaterial;
import dev.baton.writer.material.MaterialSettings;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Fixed days of material for the renderer's tests, built the way the writer builds them: event by event. */
final class Days {

    static final LocalDate DATE = LocalDate.parse("2026-02-05");
    static final MaterialSettings SETTINGS = MaterialSettings.defaults();
    static final Author AUTHOR = new Author("Baton", "Backlog agent", "https://example.org/baton",
            "https://example.org/baton.png");

    private static final ItemSummary LOCKING = new ItemSummary("build",
            "Multi-agent backlog processing with item-level locking", 8, List.of("locking", "Backlog"));
    private static final ItemSummary CLAIMING = new ItemSummary("build", "Refactor the task runner to claim items", 5,
            List.of("runner"));
    private static final ItemSummary WRITER = new ItemSummary("build", "Autonomous article writer job", 3,
            List.of("writer"));
    private static final ItemSummary PHP = new ItemSummary("learn", "PHP 8.4 features", 1, List.of("php"));
    private static final ItemSummary WORDPRESS = new ItemSummary("learn", "WordPress 6.7 release", 1,
            List.of("wordpress"));

    private Days() {
    }

    /** Builds, one learning item, a failure and an expiry. */
    static DayMaterial normal() {
        return day(
                submitted("41", "08:55:00", LOCKING),
                claimed("41", "09:00:00", "agent-7", 1, LOCKING),
                claimed("42", "09:12:07", "agent-7", 3, CLAIMING),
                claimed("43", "09:20:00", "agent-8", 1, WRITER),
                completed("41", "10:02:00", "agent-7", 1, LOCKING, new Result(
                        "Each item now has one owner at a time, for the length of its lease.",
                        "Two agents racing for one item: exactly one gets it.", List.of("locking", "concurrency"),
                        List.of("tests: 31 passed"))),
                failed("43", "10:05:00", "agent-8", 1, WRITER, "timeout calling the model after 30s"),
                completed("42", "11:30:00", "agent-7", 3, CLAIMING, new Result(
                        "Claiming is explicit now: inspect, claim, run, release",
                        null, List.of("Locking"), List.of())),
                claimed("44", "12:00:00", "agent-9", 2, PHP),
                completed("44", "12:40:00", "agent-9", 2, PHP, new Result(
                        "Property hooks and asymmetric visibility would tidy the tooling's value objects.",
                        "Worth a look before the next refactor.", List.of("php"), List.of())),
                claimed("45", "13:00:00", "agent-6", 4, WRITER),
                expired("45", "13:00:30", "agent-6", 4, 2, WRITER));
    }

    /** Nothing built: two items from the learning feeds. */
    static DayMaterial learningOnly() {
        return day(
                claimed("51", "09:00:00", "agent-9", 1, PHP),
                completed("51", "09:30:00", "agent-9", 1, PHP, new Result(
                        "PHP 8.4 pushes further into ergonomics: property hooks, lazy objects.", null,
                        List.of("php", "ecosystem"), List.of())),
                claimed("52", "10:00:00", "agent-9", 1, WORDPRESS),
                completed("52", "10:45:00", "agent-9", 1, WORDPRESS, new Result(
                        "Editor stability over disruption; plugin authors should test upgrade paths.",
                        "Keep extension code upgrade-safe.", List.of("wordpress", "Ecosystem"), List.of())));
    }

    /** Summaries, notes, errors and titles that would break Markdown, MDX or YAML if written as they are. */
    static DayMaterial hostile() {
        final ItemSummary colon = new ItemSummary("build", "Fix: the \"quoted\" title's {edge} case", 9,
                List.of("Parser", "mdx"));
        final ItemSummary tags = new ItemSummary("build", "<Tabs> and `code` in titles", 2, List.of("mdx"));
        return day(
                claimed("61", "09:00:00", "agent-1", 1, colon),
                completed("61", "09:10:00", "agent-1", 1, colon, new Result(
                        "Handled {props.value} and <div className=\"x\">raw</div> in `inline code`.",
                        "Line one\n```\nexport const x = 1;\n```\n# not a heading\n:::danger not an admonition",
                        List.of("parser"), List.of())),
                claimed("62", "09:20:00", "agent-``` {x} <y>", 1, tags),
                completed("62", "09:30:00", "agent-``` {x} <y>", 1, tags, new Result(
                        "{/* not a comment */} & &lt; stays text; ---", null, List.of(), List.of())),
                failed("63", "10:00:00", "agent-1", 2, tags, "expected '}' but found '<' at 1:7 ```boom```"));
    }

    static DayMaterial day(ItemEvent... events) {
        DayMaterial day = DayMaterial.empty(DATE);
        for (final ItemEvent event : events) {
            day = day.with(event, SETTINGS);
        }
        return day;
    }

    static ItemEvent.ItemSubmitted submitted(String id, String time, ItemSummary item) {
        return new ItemEvent.ItemSubmitted(id, at(time), ItemState.READY,
                new ItemSpec(item.type(), item.title(), null, item.priority(), item.labels(), 3, null, null,
                        List.of()),
                "req-" + id);
    }

    static ItemEvent.ItemClaimed claimed(String id, String time, String agent, long epoch, ItemSummary item) {
        return new ItemEvent.ItemClaimed(id, at(time), ItemState.CLAIMED, agent, epoch, at(time).plusSeconds(30), 1,
                item);
    }

    static ItemEvent.ItemCompleted completed(String id, String time, String agent, long epoch, ItemSummary item,
            Result result) {
        return new ItemEvent.ItemCompleted(id, at(time), ItemState.DONE, agent, epoch, result, item);
    }

    static ItemEvent.ItemFailed failed(String id, String time, String agent, long epoch, ItemSummary item,
            String error) {
        return new ItemEvent.ItemFailed(id, at(time), ItemState.WAITING, agent, epoch, error, true, 1,
                at(time).plusSeconds(60), item);
    }

    static ItemEvent.LeaseExpired expired(String id, String time, String agent, long epoch, int attempts,
            ItemSummary item) {
        return new ItemEvent.LeaseExpired(id, at(time), ItemState.READY, agent, epoch, attempts, item);
    }

    private static Instant at(String time) {
        return Instant.parse(DATE + "T" + time + "Z");
    }
}
