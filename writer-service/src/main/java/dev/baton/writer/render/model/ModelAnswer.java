package dev.baton.writer.render.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.contracts.json.Json;
import dev.baton.writer.render.DayFacts;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a model's answer and decides whether the writer publishes it. The answer must be the JSON
 * object the prompt asks for, with a paragraph for every part the day has, each within
 * {@link #PARAGRAPH_WORDS} words and all within {@link #ANSWER_WORDS}.
 *
 * <p>No invented items: the prompt asks for every item to be named by its exact title in double
 * quotes, and for nothing else to be quoted. So every quoted span ({@code "..."} or
 * {@code “...”}) must be a title in the day's facts (ignoring case, spacing and a full stop or
 * comma inside the quotes); one that is not fails the check. A title the model writes without
 * quotes cannot be told from prose and is not checked; an id cannot be written, as the model is
 * never told one.
 */
final class ModelAnswer {

    static final int PARAGRAPH_WORDS = 160;
    static final int ANSWER_WORDS = 600;
    static final int ANSWER_CHARS = 8_000;
    static final int MIN_WORDS = 20;

    static final List<String> FIELDS = List.of("opening", "built", "learned", "setbacks", "closing");

    private static final Pattern QUOTED = Pattern.compile("\"([^\"]{1,400})\"|\u201c([^\u201d]{1,400})\u201d");

    private ModelAnswer() {}

    /** The answer's paragraphs by field, or why the writer will not publish them. */
    sealed interface Reading {}

    record Accepted(Map<String, String> paragraphs) implements Reading {

        String get(String field) {
            return paragraphs.getOrDefault(field, "");
        }
    }

    record Refused(String reason) implements Reading {}

    static Reading read(String text, DayFacts facts) {
        if (text == null || text.isBlank()) {
            return new Refused("empty answer");
        }
        if (text.length() > ANSWER_CHARS) {
            return new Refused("answer longer than " + ANSWER_CHARS + " characters");
        }
        // Models wrap JSON in a code fence or a sentence now and then: read from the first { to the last }.
        final int open = text.indexOf('{');
        final int close = text.lastIndexOf('}');
        if (open < 0 || close < open) {
            return new Refused("unreadable answer: no JSON object");
        }
        final JsonNode root;
        try {
            root = Json.mapper().readTree(text.substring(open, close + 1));
        } catch (IOException e) {
            return new Refused("unreadable answer: not JSON");
        }
        if (!root.isObject()) {
            return new Refused("unreadable answer: not a JSON object");
        }
        final Map<String, String> paragraphs = new LinkedHashMap<>();
        for (final String field : FIELDS) {
            final JsonNode value = root.get(field);
            paragraphs.put(
                    field,
                    value == null || !value.isTextual() ? "" : value.asText().strip());
        }
        final String missing = missing(paragraphs, facts);
        if (missing != null) {
            return new Refused("missing " + missing);
        }
        int total = 0;
        for (final Map.Entry<String, String> p : paragraphs.entrySet()) {
            final int words = words(p.getValue());
            if (words > PARAGRAPH_WORDS) {
                return new Refused(p.getKey() + " longer than " + PARAGRAPH_WORDS + " words");
            }
            total += words;
        }
        if (total > ANSWER_WORDS) {
            return new Refused("answer longer than " + ANSWER_WORDS + " words");
        }
        if (total < MIN_WORDS) {
            return new Refused("answer shorter than " + MIN_WORDS + " words");
        }
        final String invented = invented(paragraphs, facts);
        if (invented != null) {
            return new Refused("names an item not in the day's facts");
        }
        paragraphs.replaceAll((field, paragraph) -> curly(paragraph));
        return new Accepted(paragraphs);
    }

    /** Titles in straight quotes get the curly ones the template uses, so both read alike. */
    private static String curly(String text) {
        return text.replaceAll("\"([^\"]{1,400})\"", "\u201c$1\u201d");
    }

    /** The first part the day has that the answer left empty, or {@code null}. */
    private static String missing(Map<String, String> p, DayFacts facts) {
        if (p.get("opening").isEmpty()) {
            return "opening";
        }
        if (p.get("built").isEmpty() && facts.built() > 0) {
            return "built";
        }
        if (p.get("learned").isEmpty() && !facts.lessons().isEmpty()) {
            return "learned";
        }
        if (p.get("setbacks").isEmpty() && facts.setbacks().any()) {
            return "setbacks";
        }
        return p.get("closing").isEmpty() ? "closing" : null;
    }

    /** The first quoted span that is no title of the day, or {@code null}. */
    static String invented(Map<String, String> paragraphs, DayFacts facts) {
        final Set<String> titles =
                facts.titles().stream().map(ModelAnswer::normal).collect(Collectors.toSet());
        for (final String paragraph : paragraphs.values()) {
            final Matcher m = QUOTED.matcher(paragraph);
            while (m.find()) {
                final String span = normal(m.group(1) != null ? m.group(1) : m.group(2));
                if (!titles.contains(span) && titles.stream().noneMatch(t -> clippedMatch(t, span))) {
                    return span;
                }
            }
        }
        return null;
    }

    /** A title the facts clipped ("…" at its end) is matched by its kept part. */
    private static boolean clippedMatch(String title, String span) {
        return title.endsWith("…")
                && span.startsWith(title.substring(0, title.length() - 1).stripTrailing());
    }

    private static String normal(String text) {
        return text.strip().replaceAll("\\s+", " ").replaceAll("[.,;:!?]+$", "").toLowerCase(Locale.ROOT);
    }

    private static int words(String text) {
        return text.isBlank() ? 0 : text.strip().split("\\s+").length;
    }
}
