package dev.baton.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a command prints on stdout goes through here, in one of two shapes: a table for
 * people, or JSON for scripts ({@code --json}). Times are printed to the second, and a table cell
 * is always one line, so a column never breaks.
 */
final class Output {

    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final PrintStream out;
    private final boolean json;

    Output(PrintStream out, boolean json) {
        this.out = out;
        this.json = json;
    }

    /** Whether the caller asked for JSON; a command then prints with {@link #json(Object)} only. */
    boolean json() {
        return json;
    }

    void json(Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    void line(String text) {
        out.println(text);
    }

    /** Text as it is, ending in exactly one line break (a devlog post). */
    void text(String text) {
        out.print(text.endsWith("\n") ? text : text + "\n");
    }

    void table(Table table) {
        table.print(out);
    }

    static String time(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Rows printed as aligned columns under a header; the last column is never padded. */
    static final class Table {

        private final List<String[]> rows = new ArrayList<>();
        private final int width;

        Table(String... header) {
            rows.add(header);
            width = header.length;
        }

        Table row(Object... cells) {
            final String[] row = new String[width];
            for (int i = 0; i < width; i++) {
                row[i] = i < cells.length && cells[i] != null ? oneLine(String.valueOf(cells[i])) : "-";
            }
            rows.add(row);
            return this;
        }

        /** A row of a FIELD/VALUE table, left out when there is no value. */
        Table optional(String name, Object value) {
            return value == null ? this : row(name, value);
        }

        boolean isEmpty() {
            return rows.size() == 1;
        }

        private void print(PrintStream out) {
            final int[] widths = new int[width];
            for (String[] row : rows) {
                for (int i = 0; i < width; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
            for (String[] row : rows) {
                final StringBuilder line = new StringBuilder();
                for (int i = 0; i < width; i++) {
                    line.append(row[i]);
                    if (i < width - 1) {
                        line.append(" ".repeat(widths[i] - row[i].length() + 2));
                    }
                }
                out.println(line.toString().stripTrailing());
            }
        }

        /**
         * A cell is one line of text: line breaks and tabs become spaces, and any other control or
         * format character (an escape sequence in an item's title, say) is shown as {@code \\uXXXX}
         * instead of reaching the terminal.
         */
        static String oneLine(String text) {
            final String flat = text.replaceAll("[\\r\\n\\t]+", " ");
            final StringBuilder out = new StringBuilder(flat.length());
            flat.chars().forEach(c -> {
                final int type = Character.getType(c);
                if (type == Character.CONTROL
                        || type == Character.FORMAT && c != 0x200d
                        || type == Character.LINE_SEPARATOR
                        || type == Character.PARAGRAPH_SEPARATOR) {
                    out.append(String.format(java.util.Locale.ROOT, "\\u%04x", c));
                } else {
                    out.append((char) c);
                }
            });
            return out.toString();
        }

        static String clip(String text, int max) {
            if (text == null) {
                return null;
            }
            final String line = oneLine(text);
            return line.length() <= max ? line : line.substring(0, max - 3) + "...";
        }
    }
}
