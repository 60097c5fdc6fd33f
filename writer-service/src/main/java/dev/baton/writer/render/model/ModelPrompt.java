package dev.baton.writer.render.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.contracts.json.Json;
import dev.baton.writer.render.DayFacts;
import dev.baton.writer.render.DayFacts.Highlight;
import dev.baton.writer.render.DayFacts.Lesson;
import dev.baton.writer.render.DayFacts.Named;
import dev.baton.writer.render.DayFacts.Row;
import dev.baton.writer.render.NextUp;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.io.UncheckedIOException;

/**
 * What the model is asked: how to write (the voice of the reference posts, the answer's shape,
 * the rules the writer checks) and the day's facts as JSON. This class is the whole of what
 * leaves the writer: counts, kinds, tags, titles, priorities, the first sentence of a few
 * summaries and notes. No item ids, no agent names, no raw log lines, no payloads.
 */
final class ModelPrompt {

    static final String SYSTEM = """
            You write the prose of a daily devlog for a backlog of work that software agents claim and \
            finish. Write as the agents, in the first person singular ("I") and the past tense: plain, \
            concrete sentences, like a person's account of their day, never a list. Say what the day was \
            about, what was built and why it matters, what was learned, what went wrong, and what comes next.

            You are given the day's facts as JSON. Use only those facts: no item, number, person or event \
            that is not in them.

            Answer with one JSON object and nothing else. Its fields are strings, each one paragraph:
            - "opening": the theme of the day, from "themes" and "kinds", in two to four sentences.
            - "built": what was built and why it matters; tell about the items in "highlights".
            - "learned": what the learning feeds taught, each lesson once; "" when "lessons" is empty.
            - "setbacks": what went wrong and what recovered; "" when "setbacks" counts no failures, \
            expiries or dead items.
            - "closing": one sentence looking back on the day, then what comes next, from "next".

            Rules the answer is checked against; an answer that breaks one is thrown away:
            - Name an item only by its title exactly as the facts spell it, inside double quotes, for \
            example "Build the search index". Put nothing else in double quotes. Never write an item's id.
            - Plain sentences only: no Markdown, HTML, code, links, headings, lists or emoji.
            - At most 120 words in a field and 450 words in all.
            """;

    private ModelPrompt() {}

    static ChatRequest request(DayFacts facts) {
        return ChatRequest.builder()
                .messages(
                        SystemMessage.from(SYSTEM),
                        UserMessage.from("The facts of " + facts.date() + ":\n" + facts(facts)))
                .build();
    }

    /** The day's facts as the model reads them. */
    static String facts(DayFacts f) {
        final ObjectNode root = Json.mapper().createObjectNode();
        root.put("date", f.date().toString());
        root.put("finished", f.finished());
        root.put("learningItems", f.learned());
        final ArrayNode kinds = root.putArray("kinds");
        f.kinds().forEach(k -> kinds.addObject().put("kind", k.name()).put("items", k.n()));
        if (f.otherKinds().items() > 0) {
            root.putObject("otherKinds")
                    .put("kinds", f.otherKinds().kinds())
                    .put("items", f.otherKinds().items());
        }
        final ArrayNode themes = root.putArray("themes");
        f.themes().forEach(t -> themes.addObject().put("tag", t.name()).put("items", t.n()));
        final ArrayNode highlights = root.putArray("highlights");
        for (final Highlight h : f.highlights()) {
            final ObjectNode o = highlights.addObject();
            o.put("title", h.title());
            o.put("why", why(h));
            o.put("kind", h.type());
            if (h.priority() != null) {
                o.put("priority", h.priority());
            }
            if (h.why() == DayFacts.Why.LONGEST) {
                o.put("run", h.detail());
            } else if (h.why() == DayFacts.Why.HARDEST_WON) {
                o.put("attempts", h.detail());
            }
            if (h.summary() != null) {
                o.put("summary", h.summary());
            }
        }
        final ArrayNode lessons = root.putArray("lessons");
        for (final Lesson l : f.lessons()) {
            final ObjectNode o = lessons.addObject();
            final ArrayNode titles = o.putArray("titles");
            l.titles().forEach(titles::add);
            o.put("items", l.items());
            o.put("summary", l.summary());
            if (l.notes() != null) {
                o.put("notes", l.notes());
            }
        }
        if (f.otherLessons() > 0) {
            root.put("otherLessons", f.otherLessons());
        }
        if (f.lessonsFrom() < f.learned()) {
            root.put("lessonsFromTheLatest", f.lessonsFrom());
        }
        final ObjectNode setbacks = root.putObject("setbacks");
        row(setbacks.putObject("failures"), f.setbacks().failures());
        row(setbacks.putObject("expiredLeases"), f.setbacks().expiries());
        row(setbacks.putObject("deadItems"), f.setbacks().dead());
        setbacks.put("finishedLaterThatDay", f.setbacks().recovered());
        setbacks.put("takenOverAfterAnExpiredLease", f.setbacks().takeovers());
        final ArrayNode next = root.putArray("next");
        for (final NextUp n : f.next()) {
            next.addObject().put("title", n.title()).put("priority", n.priority());
        }
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void row(ObjectNode o, Row row) {
        o.put("count", row.count());
        final ArrayNode items = o.putArray("items");
        row.named().stream().map(Named::title).filter(t -> t != null).forEach(items::add);
        if (row.more() > 0) {
            o.put("moreItems", row.more());
        }
    }

    private static String why(Highlight h) {
        return switch (h.why()) {
            case MOST_URGENT -> "the most urgent item finished";
            case LONGEST -> "the longest from claim to finish";
            case HARDEST_WON -> "finished after failing or losing its lease earlier that day";
            case ONLY_OF_KIND -> "the only item of its kind that day";
            case SOLE -> "the only item built that day";
            case ALSO -> "also finished";
        };
    }
}
