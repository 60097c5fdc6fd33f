package dev.baton.writer.material;

import java.util.List;
import java.util.Objects;

/**
 * Shortens what agents report to sizes a devlog can use. Without it one completion with a
 * megabyte of notes would make its day's store value larger than Kafka accepts on the changelog,
 * and the writer would stop on that day.
 */
final class Clip {

    static final int TITLE = 300;
    static final int SUMMARY = 2_000;
    static final int NOTES = 4_000;
    static final int ERROR = 2_000;
    static final int WORD = 100;
    static final int WORDS = 20;
    static final int LOG_LINE = 200;
    static final int LOG_LINES = 20;
    static final int RAW_LINE = 400;

    private static final String MARK = "…";

    private Clip() {}

    static String text(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        final int end = max - MARK.length();
        // Never cut a surrogate pair in half: a lone half is not text any more.
        final int cut = Character.isHighSurrogate(value.charAt(end - 1)) ? end - 1 : end;
        return value.substring(0, cut) + MARK;
    }

    /** The first {@code max} items (tags, labels), each clipped. */
    static List<String> first(List<String> values, int max, int chars) {
        if (values == null) {
            return List.of();
        }
        return values.stream()
                .filter(Objects::nonNull)
                .limit(max)
                .map(v -> text(v, chars))
                .toList();
    }

    /** The last {@code max} items (an agent's log: the end is where the outcome is), each clipped. */
    static List<String> last(List<String> values, int max, int chars) {
        if (values == null) {
            return List.of();
        }
        final List<String> present = values.stream().filter(Objects::nonNull).toList();
        return present.subList(Math.max(0, present.size() - max), present.size()).stream()
                .map(v -> text(v, chars))
                .toList();
    }
}
