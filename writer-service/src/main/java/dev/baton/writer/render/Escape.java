package dev.baton.writer.render;

import dev.baton.contracts.limits.Text;
import java.util.List;
import java.util.Locale;

/**
 * Makes text from agents safe for the place it is written to. Agents write whatever they like
 * into summaries, notes, errors and titles; none of it may end the front matter, open HTML, or
 * (in MDX) be read as a JSX tag or a JavaScript expression.
 */
final class Escape {

    /** Characters with inline meaning in CommonMark; a backslash before any of them is always valid. */
    private static final String MARKDOWN = "\\`*_[]<>&~|";

    /** MDX also reads {@code {...}} as an expression. */
    private static final String MDX = MARKDOWN + "{}";

    private Escape() {}

    /** A YAML double-quoted scalar: valid for any input, control characters included. */
    static String yaml(String value) {
        final StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        value.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    /** One Markdown paragraph of prose. */
    static String markdown(String prose) {
        return escape(oneLine(prose), MARKDOWN, false);
    }

    /** One MDX paragraph of prose: never a tag, an expression, a code span or an import. */
    static String mdx(String prose) {
        final String text = escape(oneLine(prose), MDX, true);
        // MDX reads a paragraph that starts with import or export as JavaScript; a character
        // reference for the first letter reads the same and is no keyword.
        if (text.startsWith("import") || text.startsWith("export")) {
            return "&#" + (int) text.charAt(0) + ";" + text.substring(1);
        }
        return text;
    }

    /**
     * A code fence longer than any run of backticks in the lines, so no line can close it.
     */
    static String fence(List<String> lines) {
        int longest = 0;
        for (final String line : lines) {
            int run = 0;
            for (int i = 0; i < line.length(); i++) {
                run = line.charAt(i) == '`' ? run + 1 : 0;
                longest = Math.max(longest, run);
            }
        }
        return "`".repeat(Math.max(3, longest + 1));
    }

    /** A paragraph is one line: a newline in agent text must not start a heading, a list or an admonition. */
    static String oneLine(String prose) {
        return prose.strip().replaceAll("\\s+", " ");
    }

    /**
     * @param directives whether {@code :name} is a directive here: Docusaurus reads
     *                   {@code :name[...]{...}} anywhere in an MDX line as one, and a name starts
     *                   with a letter, so such a colon is escaped and {@code 10:30} is left alone
     */
    private static String escape(String text, String special, boolean directives) {
        final StringBuilder out = new StringBuilder(text.length() + 16);
        final int listMark = orderedListMark(text);
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (invisible(c)) {
                // A control or format character is shown for what it is, never passed on raw.
                out.append("\\\\u").append(String.format(Locale.ROOT, "%04x", (int) c));
                continue;
            }
            final boolean directive =
                    directives && c == ':' && i + 1 < text.length() && isAsciiLetter(text.charAt(i + 1));
            if (special.indexOf(c) >= 0 || directive || i == 0 && startsBlock(text) || i == listMark) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Raw lines for a code fence: nothing is parsed there, but control characters are still shown, not passed on. */
    static String line(String raw) {
        return Text.inert(raw);
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean invisible(char c) {
        final int type = Character.getType(c);
        // The zero-width joiner is kept: emoji sequences need it.
        return type == Character.CONTROL
                || type == Character.FORMAT && c != '\u200d'
                || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }

    /** The index of the {@code .} or {@code )} of a leading {@code 1.} or {@code 1)}, which would start a list; else -1. */
    private static int orderedListMark(String text) {
        int i = 0;
        while (i < text.length() && i < 10 && Character.isDigit(text.charAt(i))) {
            i++;
        }
        return i > 0 && i < text.length() && (text.charAt(i) == '.' || text.charAt(i) == ')') ? i : -1;
    }

    /** A first character that would make the line a heading, list item, quote, rule or admonition. */
    private static boolean startsBlock(String text) {
        return !text.isEmpty() && "#-+=:>".indexOf(text.charAt(0)) >= 0;
    }
}
